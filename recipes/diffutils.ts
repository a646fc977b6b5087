// Drafted by `crosscheck import debian:diffutils`: review it before relying on it.
// What the importer could not decide is said in comments; the package's own notes for cross
// builds are at the top of the function.
import type { Lib, Package, Stdenv } from "crosscheck";

/**
 * File comparison utilities.
 *
 * Debian's source package diffutils 1:3.8-4 (format 3.0 (quilt)), binary packages diffutils, diffutils-doc.
 * Debian builds it with dh.
 */
export default function diffutils({ stdenv, lib, perl }: { stdenv: Stdenv; lib: Lib; perl: Package }) {
  // Build-Depends set aside:
  //   Debian's packaging tools: debhelper-compat (= 13)

  // Debian applies 1 patch (debian/patches/series) that this recipe doesn't; redo one in postPatch where it matters:
  //   01-add-support-for-loongarch.patch

  return stdenv.mkDerivation({
    pname: "diffutils",
    version: "3.8",
    src: {
      kind: "debian",
      package: "diffutils",
      version: "1:3.8-4",
      origTarball: "diffutils_3.8.orig.tar.xz",
      sha256: "a6bdd7d1b31266d11c4f4de6c1b748d4607ab0231af5188fc2533d0ae2438fec", // as diffutils_3.8-4.dsc gives it
    },
    // the tarball has configure (it also has GNUmakefile)
    buildSystem: "autotools",
    // diff -l runs pr: configure records where it found one, here the build's tool directory
    // (/build/.tools/pr, a build-machine path in bin/diff). Nixpkgs gives PR_PROGRAM=${coreutils}/bin/pr;
    // this is the host system's, as Debian's diffutils has it.
    configureFlags: ["PR_PROGRAM=/usr/bin/pr"],
    nativeBuildInputs: [
      // no recipe in the package set: texinfo: Multi-Arch: foreign, a tool; source texinfo [debian:texinfo]
      // the test suite's large-subopt runs perl (an expected failure that passes without it)
      ...lib.optionals(stdenv.buildPlatform.canExecute(stdenv.hostPlatform), [perl]),
    ],
    doCheck: true, // Debian runs the test suite (natively; a cross build runs it only under the matrix's run check)
    doInstallCheck: true,
    installCheck: `cd "$(mktemp -d)" && printf 'a\\nb\\n' > x && printf 'a\\nc\\n' > y && { "$out/bin/diff" x y > d || test $? = 1; } && test "$(cat d)" = "$(printf '2c2\\n< b\\n---\\n> c')" && "$out/bin/cmp" -s x x && { "$out/bin/cmp" -s x y && exit 1 || test $? = 1; }`,
    meta: {
      description: "File comparison utilities",
      homepage: "https://www.gnu.org/software/diffutils/",
      license: "GPL-3.0-or-later",
      platforms: lib.platforms.unix,
    },
  });
}
