// Drafted by `crosscheck import debian:tar`: review it before relying on it.
// What the importer could not decide is said in comments; the package's own notes for cross
// builds are at the top of the function.
import type { Lib, Stdenv } from "crosscheck";

/**
 * GNU version of the tar archiving utility.
 *
 * Debian's source package tar 1.34+dfsg-1.2+deb12u1 (format 3.0 (quilt)), binary packages tar, tar-scripts.
 * Debian builds it with rules of its own (not dh).
 */
export default function gnutar({ stdenv, lib }: { stdenv: Stdenv; lib: Lib }) {
  // debian/rules is a Makefile of its own, not dh: read it for how Debian configures and builds the package

  // debian/rules about cross builds (build vs host, *_FOR_BUILD, cache variables, the cross profile):
  //   debian/rules:7: ifneq ($(DEB_BUILD_GNU_TYPE),$(DEB_HOST_GNU_TYPE))
  //   debian/rules:8: CONFARGS = --host=$(DEB_HOST_GNU_TYPE) [cross only]
  //   debian/rules:53: ifeq ($(DEB_BUILD_GNU_TYPE),$(DEB_HOST_GNU_TYPE)) [ifeq (,$(filter nocheck,$(DEB_BUILD_OPTIONS)))]

  // Build-Depends set aside:
  //   Debian's packaging tools: debhelper (>> 10)
  //   for regenerating configure, which the tarball ships: autoconf, automake, autopoint

  // Debian applies 7 patches (debian/patches/series) that this recipe doesn't; redo one in postPatch where it matters:
  //   gcc-10-warnings.diff, pristine-tar.diff, listed03-linux-only, oldgnu-unknown-mode-bits.patch, proper_it_translation.patch, Fix-boundary-checking-in-base-256-decoder.patch, Fix-handling-of-extended-header-prefixes.patch

  return stdenv.mkDerivation({
    pname: "tar",
    version: "1.34",
    src: {
      kind: "debian",
      package: "tar",
      version: "1.34+dfsg-1.2+deb12u1",
      origTarball: "tar_1.34+dfsg.orig.tar.xz",
      sha256: "7d57029540cb928394defb3b377b3531237c947e795b51aa8acac0c5ba0e4844", // as tar_1.34+dfsg-1.2+deb12u1.dsc gives it
    },
    // the tarball has configure
    buildSystem: "autotools",
    nativeBuildInputs: [
      // no recipe in the package set: gettext: Multi-Arch: foreign, a tool; source gettext [debian:gettext]
      // no recipe in the package set: bison: Multi-Arch: foreign, a tool; source bison [debian:bison]
    ],
    buildInputs: [
      // no recipe in the package set: libacl1-dev: Multi-Arch: same, a library; source acl [debian:acl]
      // no recipe in the package set: libselinux1-dev: Multi-Arch: same, a library; source libselinux [debian:libselinux]
    ],
    doCheck: true, // Debian runs the test suite (natively; a cross build runs it only under the matrix's run check)
    doInstallCheck: true,
    installCheck: `cd "$(mktemp -d)" && mkdir -p d && echo hi > d/a && "$out/bin/tar" -cf a.tar d && rm -r d && "$out/bin/tar" -xf a.tar && test "$(cat d/a)" = hi && test "$("$out/bin/tar" -tf a.tar | tr '\\n' ' ')" = "d/ d/a "`,
    meta: {
      description: "GNU version of the tar archiving utility",
      homepage: "https://www.gnu.org/software/tar/",
      license: "GPL-3.0-or-later",
      platforms: lib.platforms.unix,
    },
  });
}
