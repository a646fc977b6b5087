// Drafted by `crosscheck import debian:automake-1.16`: review it before relying on it.
// What the importer could not decide is said in comments; the package's own notes for cross
// builds are at the top of the function.
import type { Lib, Package, Stdenv } from "crosscheck";

/**
 * Tool for generating GNU Standards-compliant Makefiles.
 *
 * Debian's source package automake-1.16 1:1.16.5-1.3 (format 3.0 (quilt)), binary packages automake.
 * Debian builds it with dh.
 */
export default function automake({ stdenv, lib, autoconf, perl }: { stdenv: Stdenv; lib: Lib; autoconf: Package; perl: Package }) {
  // Build-Depends set aside:
  //   Debian's packaging tools: debhelper-compat (= 13)

  // Debian applies 5 patches (debian/patches/series) that this recipe doesn't; redo one in postPatch where it matters:
  //   0001-texi-rename.patch, 0002-Drop-SHELL.patch, 0003-t-python-prefix.sh-Respect-PYTHON-environment-variable.patch, python3.10.patch, python3.10-sysconfig.patch

  return stdenv.mkDerivation({
    pname: "automake-1.16",
    version: "1.16.5",
    src: {
      kind: "debian",
      package: "automake-1.16",
      version: "1:1.16.5-1.3",
      origTarball: "automake-1.16_1.16.5.orig.tar.xz",
      sha256: "f01d58cd6d9d77fbdca9eb4bbd5ead1988228fdb73d6f7a201f5f8d6b118b469", // as automake-1.16_1.16.5-1.3.dsc gives it
    },
    // the tarball has configure (it also has GNUmakefile)
    buildSystem: "autotools",
    // as Nixpkgs' automake: autoconf and perl at build time and for the installed scripts
    nativeBuildInputs: [autoconf, perl],
    buildInputs: [autoconf, perl],
    doCheck: false, // debian/rules skips the test suite (an empty override_dh_auto_test)
    doInstallCheck: true,
    installCheck: `"$out/bin/automake" --version | grep -q '^automake (GNU automake) 1.16.5'`,
    meta: {
      description: "Tool for generating GNU Standards-compliant Makefiles",
      homepage: "https://www.gnu.org/software/automake/",
      license: "GPL-2.0-or-later",
      platforms: lib.platforms.all,
    },
  });
}
