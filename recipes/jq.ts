// Drafted by `crosscheck import debian:jq`: review it before relying on it.
// What the importer could not decide is said in comments; the package's own notes for cross
// builds are at the top of the function.
import type { Lib, Package, Stdenv } from "crosscheck";

/**
 * Lightweight and flexible command-line JSON processor.
 *
 * Debian's source package jq 1.6-2.1+deb12u2 (format 3.0 (quilt)), binary packages jq, libjq1, libjq-dev.
 * Debian builds it with dh.
 */
export default function jq({
  stdenv,
  lib,
  autoconf,
  automake,
  libtool,
  oniguruma,
}: {
  stdenv: Stdenv;
  lib: Lib;
  autoconf: Package;
  automake: Package;
  libtool: Package;
  oniguruma: Package;
}) {
  // The tarball has no configure script; Debian generates it (dh_autoreconf). This recipe can't build until autoconf, automake and libtool are nativeBuildInputs, or a source that ships configure is used:
  //   (Debian's build-depends on them come through debhelper)

  // Build-Depends this importer could not decide:
  //   valgrind [amd64 i386]: only on some CPUs; listed always here

  // Build-Depends set aside:
  //   Debian's packaging tools: debhelper-compat (= 13)

  // Debian applies 29 patches (debian/patches/series) that this recipe doesn't; redo one in postPatch where it matters (these look like build fixes: patch-version-into-build.patch):
  //   enable-manpages.patch, remove-unecessary-rakefile-deps.patch, patch-version-into-build.patch, dont-distribute-duplicate-docs.patch, stack-exhaustion.patch, disable-static-libtool.patch, 0007-stop-using-libtool-bin.patch, 0008-Do-not-use-venderized-oniguruma.patch, 0009-Hardcode-version-to-1.6.patch, 0010-initialized-variables.patch, CVE-2025-48060.patch, CVE-2026-32316.patch, CVE-2026-33947.patch, CVE-2026-33948.patch, CVE-2026-39956.patch, CVE-2026-39979.patch, CVE-2026-40164.patch, CVE-2026-41256.patch, CVE-2026-41257.patch, CVE-2026-43896.patch, CVE-2026-43895.patch, CVE-2026-44777.patch, CVE-2026-43894.patch, CVE-2026-47770.patch, CVE-2026-49839.patch, GHSA-ggc9-rpv2-xgpm_and_GHSA-gvwx-xj9r-3frq.patch, CVE-2026-54679-1.patch, CVE-2026-54679-2.patch, CVE-2026-54679-3.patch

  return stdenv.mkDerivation({
    pname: "jq",
    version: "1.6",
    src: {
      kind: "debian",
      package: "jq",
      version: "1.6-2.1+deb12u2",
      origTarball: "jq_1.6.orig.tar.gz",
      sha256: "3ba940b97571c866923f0409678033d33b5a98758dfc174fad8397ed908bc4d9", // as jq_1.6-2.1+deb12u2.dsc gives it
    },
    // the tarball has configure.ac but no configure: it must be generated (autoreconf)
    buildSystem: "autotools",
    nativeBuildInputs: [
      // autoreconf's tools (Nixpkgs' autoreconfHook); src/parser.c and lexer.c are in the tree, so
      // bison and flex are for maintainer mode only; ronn (docs) and valgrind (tests) are left out
      autoconf,
      automake,
      libtool,
    ],
    buildInputs: [
      oniguruma, // libonig-dev; source libonig
    ],
    configureFlags: [
      "--disable-static", // debian/rules:14
      "--disable-maintainer-mode",
      "--disable-docs",
    ],
    // Debian's disable-static-libtool.patch: with -static-libtool-libs and a shared libjq only
    // (--disable-static), bin/jq kept the build tree's .libs in its RUNPATH (/build/source/.../.libs)
    postPatch: "sed -i -e '/^jq_LDFLAGS = -static-libtool-libs$/d' -e 's/^jq_LDFLAGS += -all-static$/jq_LDFLAGS = -all-static/' Makefile.am",
    // no configure in the tarball: generate it (autoconf, automake and libtool must be on PATH: the build images have none)
    // aclocal finds libtool's macros through ACLOCAL_PATH (Nixpkgs' setup hooks set it)
    preConfigure: 'export ACLOCAL_PATH="$(dirname "$(command -v libtoolize)")/../share/aclocal" && autoreconf -fi',
    outputs: ["out", "dev"],
    doCheck: false, // tests/ wants valgrind (Debian runs them with it on amd64 and i386 only)
    doInstallCheck: true,
    installCheck: `test "$(echo '{"a": [1, 2, 39], "b": "x"}' | "$out/bin/jq" -c '[(.a | add), (.b | ascii_upcase), (.b | test("^x$"))]')" = '[42,"X",true]'`,
    meta: {
      description: "Lightweight and flexible command-line JSON processor",
      homepage: "https://github.com/stedolan/jq",
      license: "MIT",
      platforms: lib.platforms.unix,
    },
  });
}
