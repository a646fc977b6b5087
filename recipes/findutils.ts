// Drafted by `crosscheck import debian:findutils`: review it before relying on it.
// What the importer could not decide is said in comments; the package's own notes for cross
// builds are at the top of the function.
import type { Lib, Stdenv } from "crosscheck";

/**
 * Utilities for finding files--find, xargs.
 *
 * Debian's source package findutils 4.9.0-4 (format 3.0 (quilt)), binary packages findutils, locate.
 * Debian builds it with dh.
 */
export default function findutils({ stdenv, lib }: { stdenv: Stdenv; lib: Lib }) {
  // Build-Depends with build profiles (<!cross>: not needed when cross-compiling; <!nocheck>: for the test suite; <!nodoc>: for the documentation):
  //   dejagnu <!nocheck>

  // For the test suite only (<!nocheck>), not in the lists above:
  //   dejagnu <!nocheck> (tool: Multi-Arch: foreign, a tool; source dejagnu)

  // Build-Depends set aside:
  //   Debian's packaging tools: debhelper-compat (= 13)

  // Debian applies 1 patch (debian/patches/series) that this recipe doesn't; redo one in postPatch where it matters:
  //   20_gettext_macro_update.diff

  return stdenv.mkDerivation({
    pname: "findutils",
    version: "4.9.0",
    src: {
      kind: "debian",
      package: "findutils",
      version: "4.9.0-4",
      origTarball: "findutils_4.9.0.orig.tar.xz",
      sha256: "a2bfb8c09d436770edc59f50fa483e785b161a3b7b9d547573cb08065fd462fe", // as findutils_4.9.0-4.dsc gives it
    },
    // the tarball has configure (it also has GNUmakefile)
    buildSystem: "autotools",
    nativeBuildInputs: [
      // no recipe in the package set: bison: Multi-Arch: foreign, a tool; source bison [debian:bison]
      // no recipe in the package set: texinfo: Multi-Arch: foreign, a tool; source texinfo [debian:texinfo]
    ],
    buildInputs: [
      // no recipe in the package set: libselinux1-dev: Multi-Arch: same, a library; source libselinux [debian:libselinux]
    ],
    configureFlags: [
      "--enable-d_type-optimisation", // debian/rules:10
      // updatedb runs sort: configure records where it found one, here the build's tool directory
      // (/build/.tools/sort, a build-machine path in bin/updatedb). Nixpkgs gives SORT=${coreutils}/bin/sort;
      // this is the host system's, as Debian's locate has it.
      "SORT=/usr/bin/sort",
    ],
    doCheck: false, // the test suite needs dejagnu (<!nocheck>): add them, then turn it on
    doInstallCheck: true,
    installCheck: `cd "$(mktemp -d)" && mkdir -p t/u && touch t/a.c t/u/b.c t/c.h && test "$("$out/bin/find" t -name '*.c' | sort | tr '\\n' ' ')" = "t/a.c t/u/b.c " && test "$(printf '1\\n2\\n3\\n' | "$out/bin/xargs" echo)" = "1 2 3"`,
    meta: {
      description: "Utilities for finding files--find, xargs",
      homepage: "https://savannah.gnu.org/projects/findutils/",
      license: "GFDL-NIV-1.3+",
      platforms: lib.platforms.unix,
    },
  });
}
