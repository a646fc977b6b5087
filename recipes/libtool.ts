// Drafted by `crosscheck import debian:libtool`: review it before relying on it.
// What the importer could not decide is said in comments; the package's own notes for cross
// builds are at the top of the function.
import type { Lib, Package, Stdenv } from "crosscheck";

/**
 * Generic library support script.
 *
 * Debian's source package libtool 2.4.7-7~deb12u1 (format 3.0 (quilt)), binary packages libtool, libtool-bin, libtool-doc, libltdl7, libltdl-dev.
 * Debian builds it with rules of its own (not dh).
 */
export default function libtool({ stdenv, lib, m4 }: { stdenv: Stdenv; lib: Lib; m4: Package }) {
  // debian/rules is a Makefile of its own, not dh: read it for how Debian configures and builds the package

  // Build-Depends with build profiles (<!cross>: not needed when cross-compiling; <!nocheck>: for the test suite; <!nodoc>: for the documentation):
  //   libltdl-dev <!nocheck>

  // debian/rules about cross builds (build vs host, *_FOR_BUILD, cache variables, the cross profile):
  //   debian/rules:25: ifeq ($(DEB_BUILD_GNU_TYPE), $(DEB_HOST_GNU_TYPE))
  //   debian/rules:26: confflags += --build=$(DEB_HOST_GNU_TYPE) [native only]
  //   debian/rules:29: confflags += --build=$(DEB_BUILD_GNU_TYPE) --host=$(DEB_HOST_GNU_TYPE) [cross only]

  // For the test suite only (<!nocheck>), not in the lists above:
  //   libltdl-dev <!nocheck> (library: Multi-Arch: same, a library; source libtool)

  // Build-Depends set aside:
  //   Debian's packaging tools: debhelper-compat (= 13)
  //   in the build image already: file
  //   compilers and C libraries (the stdenv's toolchain, or none crosscheck has): gfortran | fortran95-compiler
  //   for regenerating configure, which the tarball ships: automake (>= 1:1.14.1-3), autoconf (>= 2.69-7), gnulib

  // Debian applies 23 patches (debian/patches/series) that this recipe doesn't; redo one in postPatch where it matters (these look like build fixes: no_hostname.patch):
  //   0011-libtool-optimizing-options-parser-hooks.patch, link_all_deplibs.patch, deplib_binary.patch, netbsdelf.patch, version_type.patch, nopic.patch, deplibs_test_disable.patch, disable-link-order2.patch, deplibs-ident.patch, man-add-whatis-info.diff, no_hostname.patch, bootstrap_options.conf, version_string.patch, grep-spaces.patch, libtool-eval-nm.patch, 0030-flang-support.patch, 0040-unsafe-eval.patch, 0050-documentation.patch, 0055-pass-flags-unchanged.patch, 0075-remove-dates-from-docs.patch, 0080-struct-names.patch, 0085-tcc-path.patch, 0090-shell-op.patch

  return stdenv.mkDerivation({
    pname: "libtool",
    version: "2.4.7",
    src: {
      kind: "debian",
      package: "libtool",
      version: "2.4.7-7~deb12u1",
      origTarball: "libtool_2.4.7.orig.tar.xz",
      sha256: "dd637e270439b208907ceead3f163470ed2ce5723ef97ffbda6463c64b57128a", // as libtool_2.4.7-7~deb12u1.dsc gives it
    },
    // the tarball has configure (it also has GNUmakefile)
    buildSystem: "autotools",
    // m4 at build time and for libtoolize (Nixpkgs' libtool); zlib was for the test suite only
    nativeBuildInputs: [m4],
    // libtoolize runs m4: propagated, so a build that runs libtoolize has m4 on its PATH
    // (Nixpkgs' libtool propagates m4 too)
    propagatedBuildInputs: [m4],
    // One output: a build runs libtoolize from it and finds libtool.m4 beside it (share/aclocal),
    // which a dev output would take away (Nixpkgs keeps them in out, libltdl in lib)
    doCheck: false, // the test suite needs libltdl-dev (<!nocheck>): add them, then turn it on
    doInstallCheck: true,
    installCheck: `cd "$(mktemp -d)" && "$out/bin/libtoolize" --copy > log && test -f ltmain.sh`,
    meta: {
      description: "Generic library support script",
      homepage: "https://www.gnu.org/software/libtool/",
      license: "GPL-2.0-or-later",
      platforms: lib.platforms.unix,
    },
  });
}
