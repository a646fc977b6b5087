// Drafted by `crosscheck import debian:gmp`: review it before relying on it.
// What the importer could not decide is said in comments; the package's own notes for cross
// builds are at the top of the function.
import type { Lib, Package, Stdenv } from "crosscheck";

/**
 * Multiprecision arithmetic library developers tools.
 *
 * Debian's source package gmp 2:6.2.1+dfsg1-1.1 (format 3.0 (quilt)), binary packages libgmp10, libgmpxx4ldbl, libgmp-dev, libgmp10-doc, libgmp3-dev.
 * Debian builds it with rules of its own (not dh).
 */
export default function gmp({ stdenv, lib, m4, buildPackages }: { stdenv: Stdenv; lib: Lib; m4: Package; buildPackages: { stdenv: Stdenv } }) {
  // debian/rules is a Makefile of its own, not dh: read it for how Debian configures and builds the package

  // debian/rules about cross builds (build vs host, *_FOR_BUILD, cache variables, the cross profile):
  //   debian/rules:20: ifeq ($(DEB_BUILD_GNU_TYPE), $(DEB_HOST_GNU_TYPE)) [ifeq (,$(findstring nocheck,$(DEB_BUILD_OPTIONS)))]
  //   debian/rules:47: ifeq ($(DEB_BUILD_GNU_TYPE), $(DEB_HOST_GNU_TYPE))
  //   debian/rules:49: confflags_build += --build $(DEB_BUILD_GNU_TYPE) [native only]
  //   debian/rules:51: AR = $(DEB_HOST_GNU_TYPE)-ar [cross only]
  //   debian/rules:52: confflags_build += --build $(DEB_BUILD_GNU_TYPE) --host $(DEB_HOST_GNU_TYPE) --target $(DEB_HOST_GNU_TYPE) [cross only]
  //   debian/rules:65: CC   = $(DEB_HOST_GNU_TYPE)-gcc
  //   debian/rules:66: CXX   = $(DEB_HOST_GNU_TYPE)-g++

  // Build-Depends set aside:
  //   Debian's packaging tools: debhelper-compat (= 13)

  // Debian applies 2 patches (debian/patches/series) that this recipe doesn't; redo one in postPatch where it matters:
  //   CVE-2021-43618.patch, Exclude-doc-Makefile.patch

  return stdenv.mkDerivation({
    pname: "gmp",
    version: "6.2.1",
    src: {
      kind: "debian",
      package: "gmp",
      version: "2:6.2.1+dfsg1-1.1",
      origTarball: "gmp_6.2.1+dfsg1.orig.tar.xz",
      sha256: "471b9e463e04362a0124f215afc5f0a4b99caedeeb62634c61bbc12988efa64c", // as gmp_6.2.1+dfsg1-1.1.dsc gives it
    },
    // the tarball has configure
    buildSystem: "autotools",
    // configure builds and runs helpers for the build machine (acinclude.m4's GMP_PROG_CC_FOR_BUILD)
    depsBuildBuild: [buildPackages.stdenv.cc],
    nativeBuildInputs: [
      m4, // m4: Multi-Arch: foreign, a tool; source m4
    ],
    // Nixpkgs' gmp: position-independent code, the C++ interface (gmpxx)
    // (not on musl: Debian's musl is C only, and configure took the build machine's g++ for gmpxx)
    configureFlags: ["--with-pic", ...lib.optionals(!stdenv.hostPlatform.isMusl, ["--enable-cxx"])],
    outputs: ["out", "dev"],
    // Debian's +dfsg tarball has no doc/ (the manual is GFDL with invariant sections);
    // Exclude-doc-Makefile.patch takes doc/Makefile out of configure.ac and Makefile.am, then
    // dh_autoreconf. The same for the shipped configure and Makefile.in, without autoreconf.
    postPatch: "sed -i 's| doc/Makefile | |; /\"doc\\/Makefile\")/d' configure && sed -i 's/^SUBDIRS = \\(.*\\) doc$/SUBDIRS = \\1/' Makefile.in",
    doCheck: true, // Debian runs the test suite (natively; a cross build runs it only under the matrix's run check)
    // A program linked with the installed library, run (under QEMU when cross): 2^100.
    doInstallCheck: true,
    installCheck: [
      'cd "$(mktemp -d)"',
      "cat > t.c <<'EOF'",
      "#include <gmp.h>",
      "int main(void) { mpz_t a; mpz_init(a); mpz_ui_pow_ui(a, 2, 100); gmp_printf(\"%Zd\\n\", a); return 0; }",
      "EOF",
      '$CC -I"$dev/include" t.c -o t -L"$out/lib" -Wl,-rpath,"$out/lib" -lgmp',
      'test "$(./t)" = 1267650600228229401496703205376',
    ].join("\n"),
    meta: {
      description: "Multiprecision arithmetic library developers tools",
      homepage: "https://gmplib.org/",
      license: "GPL-2.0-or-later OR LGPL-3.0-or-later",
      platforms: lib.platforms.unix,
    },
  });
}
