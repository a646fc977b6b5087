// Drafted by `crosscheck import debian:tcl8.6`: review it before relying on it.
// What the importer could not decide is said in comments; the package's own notes for cross
// builds are at the top of the function.
import type { Lib, Package, Stdenv } from "crosscheck";

/**
 * Tcl (the Tool Command Language) v8.6.
 *
 * Debian's source package tcl8.6 8.6.13+dfsg-2 (format 3.0 (quilt)), binary packages tcl8.6, libtcl8.6, tcl8.6-dev, tcl8.6-doc.
 * Debian builds it with dh.
 */
export default function tcl({ stdenv, lib, zlib }: { stdenv: Stdenv; lib: Lib; zlib: Package }) {
  // Debian configures it for make, which this recipe doesn't use; its arguments were:
  //   debian/rules:39: --includedir=/usr/include/tcl8.6
  //   debian/rules:39: --enable-shared
  //   debian/rules:39: --enable-threads
  //   debian/rules:39: --enable-dll-unloading
  //   debian/rules:39: --disable-rpath
  //   debian/rules:39: --without-tzdata
  //   debian/rules:39: --enable-man-symlinks

  // debian/rules about cross builds (build vs host, *_FOR_BUILD, cache variables, the cross profile):
  //   debian/rules:14: CC = $(DEB_HOST_GNU_TYPE)-gcc [ifeq ($(origin CC),default)]

  // Build-Depends set aside:
  //   Debian's packaging tools: debhelper-compat (= 13), dpkg-dev (>= 1.16.1~)

  // Debian applies 1 patch (debian/patches/series) that this recipe doesn't; redo one in postPatch where it matters:
  //   tclprivate.diff

  // debian/copyright is not in the machine-readable format: read it for meta.license

  return stdenv.mkDerivation({
    pname: "tcl8.6",
    version: "8.6.13",
    src: {
      kind: "debian",
      package: "tcl8.6",
      version: "8.6.13+dfsg-2",
      origTarball: "tcl8.6_8.6.13+dfsg.orig.tar.gz",
      sha256: "83bce7277e3825df0179567e0d8a431ebb1a126df53ea4a94af89dd4dd0f26d5", // as tcl8.6_8.6.13+dfsg-2.dsc gives it
    },
    // the tarball has no configure, meson.build, CMakeLists.txt or Makefile at its top: write the phases
    // (unix/ is the build for every Unix, as Debian's rules and Nixpkgs' tcl take it)
    buildSystem: "autotools",
    sourceRoot: "unix",
    // Debian's rules (debian/rules:39, above): the system's tzdata instead of tcl's own
    configureFlags: ["--enable-shared", "--enable-threads", "--without-tzdata"],
    propagatedBuildInputs: [
      zlib, // zlib1g-dev: Multi-Arch: same, a library; tcl8.6's -dev package depends on it; source zlib
    ],
    outputs: ["out", "dev"],
    doCheck: false, // the suite runs for many minutes; tcl is a build tool of sqlite here
    doInstallCheck: true,
    installCheck: `test "$(echo 'puts [expr {6 * 7}][string toupper abc]' | "$out/bin/tclsh8.6")" = 42ABC`,
    meta: {
      description: "Tcl (the Tool Command Language) v8.6",
      homepage: "http://www.tcl.tk/",
      platforms: lib.platforms.unix,
    },
  });
}
