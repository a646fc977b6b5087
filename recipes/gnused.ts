// Drafted by `crosscheck import debian:sed`: review it before relying on it.
// What the importer could not decide is said in comments; the package's own notes for cross
// builds are at the top of the function.
import type { Lib, Stdenv } from "crosscheck";

/**
 * GNU stream editor for filtering/transforming text.
 *
 * Debian's source package sed 4.9-1+deb12u1 (format 3.0 (quilt)), binary packages sed.
 * Debian builds it with dh.
 */
export default function gnused({ stdenv, lib }: { stdenv: Stdenv; lib: Lib }) {
  // Build-Depends set aside:
  //   Debian's packaging tools: debhelper-compat (= 13)

  // Debian applies 1 patch (debian/patches/series) that this recipe doesn't; redo one in postPatch where it matters:
  //   sed-i-follow-symlinks-fix-TOCTOU-race-CVE-2026-5958.patch

  return stdenv.mkDerivation({
    pname: "sed",
    version: "4.9",
    src: {
      kind: "debian",
      package: "sed",
      version: "4.9-1+deb12u1",
      origTarball: "sed_4.9.orig.tar.xz",
      sha256: "6e226b732e1cd739464ad6862bd1a1aba42d7982922da7a53519631d24975181", // as sed_4.9-1+deb12u1.dsc gives it
    },
    // the tarball has configure (it also has GNUmakefile)
    buildSystem: "autotools",
    nativeBuildInputs: [
      // no recipe in the package set: texinfo: Multi-Arch: foreign, a tool; source texinfo [debian:texinfo]
      // no recipe in the package set: gettext: Multi-Arch: foreign, a tool; source gettext [debian:gettext]
    ],
    buildInputs: [
      // no recipe in the package set: libselinux-dev: Multi-Arch: same, a library; source libselinux [debian:libselinux]
      // no recipe in the package set: libacl1-dev: Multi-Arch: same, a library; source acl [debian:acl]
    ],
    configureFlags: [
      "--with-packager=Debian", // debian/rules:7
      // debian/rules:7: glibc's regex has the GNU interface (re_set_syntax, re_search); musl's has
      // not, so there sed takes gnulib's (Nixpkgs' gnused leaves configure to decide)
      ...lib.optionals(stdenv.hostPlatform.isGnu, ["--without-included-regex"]),
    ],
    doCheck: true, // Debian runs the test suite (natively; a cross build runs it only under the matrix's run check)
    doInstallCheck: true,
    installCheck: `cd "$(mktemp -d)" && test "$(echo abc | "$out/bin/sed" s/b/x/)" = axc && printf 'one\\ntwo\\n' > f && "$out/bin/sed" -i -e '/one/d' -e 's/two/2/' f && test "$(cat f)" = 2`,
    meta: {
      description: "GNU stream editor for filtering/transforming text",
      homepage: "https://www.gnu.org/software/sed/",
      license: "GPL-3.0-or-later",
      platforms: lib.platforms.unix,
    },
  });
}
