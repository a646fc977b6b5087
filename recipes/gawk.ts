// Drafted by `crosscheck import debian:gawk`: review it before relying on it.
// What the importer could not decide is said in comments; the package's own notes for cross
// builds are at the top of the function.
import type { Lib, Stdenv } from "crosscheck";

/**
 * GNU awk, a pattern scanning and processing language.
 *
 * Debian's source package gawk 1:5.2.1-2 (format 3.0 (quilt)), binary packages gawk.
 * Debian builds it with dh.
 */
export default function gawk({ stdenv, lib }: { stdenv: Stdenv; lib: Lib }) {
  // Build-Depends set aside:
  //   Debian's packaging tools: debhelper (>= 9)
  //   in the build image already: autotools-dev

  // Debian applies 3 patches (debian/patches/series) that this recipe doesn't; redo one in postPatch where it matters (these look like build fixes: 0001-Build-pma-without-assertions-by-default.patch):
  //   0001-Build-pma-without-assertions-by-default.patch, 0002-Fix-field-assignment-bug.patch, 0003-Fix-possible-fd-leak-in-readdir-extension.patch

  return stdenv.mkDerivation({
    pname: "gawk",
    version: "5.2.1",
    src: {
      kind: "debian",
      package: "gawk",
      version: "1:5.2.1-2",
      origTarball: "gawk_5.2.1.orig.tar.xz",
      sha256: "2337a0283b180ec1b9c727973a34781c6478b3ae9bcbdcca0a4dc49861d75a65", // as gawk_5.2.1-2.dsc gives it
    },
    // the tarball has configure
    buildSystem: "autotools",
    nativeBuildInputs: [
      // no recipe in the package set: bison: Multi-Arch: foreign, a tool; source bison [debian:bison]
      // no recipe in the package set: gettext: Multi-Arch: foreign, a tool; source gettext [debian:gettext]
      // no recipe in the package set: locales-all: Multi-Arch: foreign, a tool; source glibc [debian:glibc]
    ],
    buildInputs: [
      // no recipe in the package set: libmpfr-dev: Multi-Arch: same, a library; source mpfr4 [debian:mpfr4]
      // no recipe in the package set: libreadline-dev: Multi-Arch: same, a library; source readline [debian:readline]
      // no recipe in the package set: libsigsegv-dev: Multi-Arch: same, a library; source libsigsegv [debian:libsigsegv]
    ],
    configureFlags: [
      "--disable-rpath", // debian/rules:16
    ],
    // Debian's tarball has no Texinfo sources (their license is the GFDL with invariant sections),
    // yet doc/ makes the info manuals from gawktexi.in and awklib/ extracts its programs from it.
    // As debian/rules does: empty stand-ins dated 2000, older than every target, so nothing is
    // remade from them; the empty manuals are not installed.
    postPatch: 'touch --date="Jan 01 2000" doc/gawktexi.in doc/sidebar.awk doc/gawk.texi doc/gawk.info doc/gawkinet.texi doc/gawkinet.info doc/gawkworkflow.texi doc/gawkworkflow.info doc/pm-gawk.texi doc/pm-gawk.info',
    postInstall: 'rm -rf "$out/share/info"',
    // Debian runs the test suite with locales-all, which no recipe gives: without its locales,
    // commas (printf's ' grouping), mbstr1 and mbstr2 fail on x86_64 (and commas, clos1way6,
    // testext on musl64). Add the locales, then turn it on.
    doCheck: false,
    doInstallCheck: true,
    installCheck: `test "$(printf '3 4\\n5 6\\n' | "$out/bin/gawk" '{ s += $1 * $2 } END { print s }')" = 42 && test "$(echo a:b:c | "$out/bin/gawk" -F: '{ print toupper($2) NF }')" = B3`,
    meta: {
      description: "GNU awk, a pattern scanning and processing language",
      homepage: "http://www.gnu.org/software/gawk/",
      license: "GPL-3.0-or-later",
      platforms: lib.platforms.unix,
    },
  });
}
