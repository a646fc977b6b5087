// Drafted by `crosscheck import debian:m4`: review it before relying on it.
// What the importer could not decide is said in comments; the package's own notes for cross
// builds are at the top of the function.
import type { Lib, Stdenv } from "crosscheck";

/**
 * Macro processing language.
 *
 * Debian's source package m4 1.4.19-3 (format 3.0 (quilt)), binary packages m4, m4-doc.
 * Debian builds it with dh.
 */
export default function m4({ stdenv, lib }: { stdenv: Stdenv; lib: Lib }) {
  // Build-Depends set aside:
  //   Debian's packaging tools: debhelper-compat (= 13)

  // Debian applies 2 patches (debian/patches/series) that this recipe doesn't; redo one in postPatch where it matters:
  //   01-remove-date-from-m4-texinfo-file.patch, 02-add-support-for-loongarch.patch

  // debian/copyright is not in the machine-readable format: read it for meta.license

  return stdenv.mkDerivation({
    pname: "m4",
    version: "1.4.19",
    src: {
      kind: "debian",
      package: "m4",
      version: "1.4.19-3",
      origTarball: "m4_1.4.19.orig.tar.xz",
      sha256: "63aede5c6d33b6d9b13511cd0be2cac046f2e70fd0a07aa9573a04a82783af96", // as m4_1.4.19-3.dsc gives it
    },
    // the tarball has configure (it also has GNUmakefile)
    buildSystem: "autotools",
    nativeBuildInputs: [
      // no recipe in the package set: texinfo: Multi-Arch: foreign, a tool; source texinfo [debian:texinfo]
    ],
    buildInputs: [
      // no recipe in the package set: libsigsegv-dev: Multi-Arch: same, a library; source libsigsegv [debian:libsigsegv]
    ],
    configureFlags: [
      "--disable-rpath", // debian/rules:17
    ],
    doCheck: false, // as Nixpkgs' m4: its tests take longer than the tool is worth here (a build tool of gmp)
    doInstallCheck: true,
    installCheck: `test "$(echo 'define(greet, hello $1)greet(world) eval(6 * 7)' | "$out/bin/m4")" = "hello world 42"`,
    meta: {
      description: "Macro processing language",
      homepage: "https://www.gnu.org/software/m4/",
      platforms: lib.platforms.unix,
    },
  });
}
