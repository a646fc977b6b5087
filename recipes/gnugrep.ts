// Drafted by `crosscheck import debian:grep`: review it before relying on it.
// What the importer could not decide is said in comments; the package's own notes for cross
// builds are at the top of the function.
import type { Lib, Stdenv } from "crosscheck";

/**
 * GNU grep, egrep and fgrep.
 *
 * Debian's source package grep 3.8-5 (format 3.0 (quilt)), binary packages grep.
 * Debian builds it with rules of its own (not dh).
 */
export default function gnugrep({ stdenv, lib }: { stdenv: Stdenv; lib: Lib }) {
  // debian/rules is a Makefile of its own, not dh: read it for how Debian configures and builds the package

  // Build-Depends set aside:
  //   Debian's packaging tools: cdbs, debhelper (>= 10~), quilt

  // Debian applies 7 patches (debian/patches/series) that this recipe doesn't; redo one in postPatch where it matters:
  //   XFAIL-test-regex.patch, 01-disable-egrep-fgrep-warnings.patch, 02-man_egrep_fgrep_rgrep.patch, 05-grep-wrapper-sh.patch, upstream-0001-doc-improve-GREP_COLORS-doc-Bug-57696.patch, 1019724-handle-backslash-warning.patch, 1029235-grep-bug-backref-in-last-of-multiple-patterns.patch

  return stdenv.mkDerivation({
    pname: "grep",
    version: "3.8",
    src: {
      kind: "debian",
      package: "grep",
      version: "3.8-5",
      origTarball: "grep_3.8.orig.tar.xz",
      sha256: "498d7cc1b4fb081904d87343febb73475cf771e424fb7e6141aff66013abc382", // as grep_3.8-5.dsc gives it
    },
    // the tarball has configure (it also has GNUmakefile)
    buildSystem: "autotools",
    nativeBuildInputs: [
      // no recipe in the package set: gettext: Multi-Arch: foreign, a tool; source gettext [debian:gettext]
      // no recipe in the package set: texinfo: Multi-Arch: foreign, a tool; source texinfo [debian:texinfo]
    ],
    buildInputs: [
      // no recipe in the package set: libpcre2-dev: Multi-Arch: same, a library; source pcre2 [debian:pcre2]
    ],
    doCheck: true, // Debian runs the test suite (natively; a cross build runs it only under the matrix's run check)
    doInstallCheck: true,
    installCheck: `test "$(printf 'foo\\nbar\\nbaz\\n' | "$out/bin/grep" -c '^ba')" = 2 && test "$(echo abcabd | "$out/bin/grep" -Eo 'b[cd]' | "$out/bin/grep" -Fxv bc)" = bd`,
    meta: {
      description: "GNU grep, egrep and fgrep",
      homepage: "https://www.gnu.org/software/grep/",
      license: "GPL-3.0-or-later",
      platforms: lib.platforms.unix,
    },
  });
}
