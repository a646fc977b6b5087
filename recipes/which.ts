// Drafted by `crosscheck import debian:gnu-which`: review it before relying on it.
// What the importer could not decide is said in comments; the package's own notes for cross
// builds are at the top of the function.
import type { Lib, Stdenv } from "crosscheck";

/**
 * Utility to show the full path of commands.
 *
 * Debian's source package gnu-which 2.21+dfsg-2 (format 3.0 (quilt)), binary packages gnu-which.
 * Debian builds it with dh.
 */
export default function which({ stdenv, lib }: { stdenv: Stdenv; lib: Lib }) {
  // Build-Depends set aside:
  //   Debian's packaging tools: debhelper-compat (= 13)

  // Debian applies 2 patches (debian/patches/series) that this recipe doesn't; redo one in postPatch where it matters:
  //   0001-autoreconf-fix.patch, 0002-No-texi-info-files.patch

  return stdenv.mkDerivation({
    pname: "gnu-which",
    version: "2.21",
    src: {
      kind: "debian",
      package: "gnu-which",
      version: "2.21+dfsg-2",
      origTarball: "gnu-which_2.21+dfsg.orig.tar.gz",
      sha256: "0d3cfbda99a560b024006d785c9c4cc5605736948ce63b446776a278d58cbdab", // as gnu-which_2.21+dfsg-2.dsc gives it
    },
    // the tarball has configure
    buildSystem: "autotools",
    // Debian's tarball drops which.texi (its license is non-free) and 0002-No-texi-info-files.patch
    // drops it from Makefile.am, then autoreconf; the same for the shipped Makefile.in.
    postPatch: "sed -i 's/^INFO_DEPS = .*/INFO_DEPS =/; /^info_TEXINFOS = /d' Makefile.in",
    doCheck: true, // Debian runs the test suite (natively; a cross build runs it only under the matrix's run check)
    doInstallCheck: true,
    installCheck: `cd "$(mktemp -d)" && mkdir -p t && printf '#!/bin/sh\\n' > t/hi && chmod +x t/hi && test "$(PATH="$PWD/t" "$out/bin/which" hi)" = "$PWD/t/hi" && { PATH="$PWD/t" "$out/bin/which" nothere && exit 1 || test $? = 1; }`,
    meta: {
      description: "Utility to show the full path of commands",
      homepage: "https://savannah.gnu.org/projects/which",
      license: "GPL-3.0-or-later",
      platforms: lib.platforms.unix,
    },
  });
}
