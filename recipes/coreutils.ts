// Drafted by `crosscheck import debian:coreutils`: review it before relying on it.
// What the importer could not decide is said in comments; the package's own notes for cross
// builds are at the top of the function.
import type { Lib, Stdenv } from "crosscheck";

/**
 * GNU core utilities.
 *
 * Debian's source package coreutils 9.1-1 (format 3.0 (quilt)), binary packages coreutils.
 * Debian builds it with dh --with autoreconf.
 */
export default function coreutils({ stdenv, lib }: { stdenv: Stdenv; lib: Lib }) {
  // Build-Depends set aside:
  //   Debian's packaging tools: debhelper-compat (= 13)

  // Debian applies 3 patches (debian/patches/series) that this recipe doesn't; redo one in postPatch where it matters:
  //   61_whoips.patch, 63_dd-appenderrors.patch, 72_id_checkngroups.patch

  return stdenv.mkDerivation({
    pname: "coreutils",
    version: "9.1",
    src: {
      kind: "debian",
      package: "coreutils",
      version: "9.1-1",
      origTarball: "coreutils_9.1.orig.tar.xz",
      sha256: "61a1f410d78ba7e7f37a5a4f50e6d1320aca33375484a3255eddf17a38580423", // as coreutils_9.1-1.dsc gives it
    },
    // the tarball has configure (it also has GNUmakefile)
    buildSystem: "autotools",
    nativeBuildInputs: [
      // no recipe in the package set: gettext: Multi-Arch: foreign, a tool; source gettext [debian:gettext]
      // no recipe in the package set: texinfo: Multi-Arch: foreign, a tool; source texinfo [debian:texinfo]
      // no recipe in the package set: groff: Multi-Arch: foreign, a tool; source groff [debian:groff]
      // no recipe in the package set: gperf: Multi-Arch: foreign, a tool; source gperf [debian:gperf]
      // no recipe in the package set: bison: Multi-Arch: foreign, a tool; source bison [debian:bison]
    ],
    buildInputs: [
      // no recipe in the package set: libattr1-dev: Multi-Arch: same, a library; source attr [debian:attr]
      // no recipe in the package set: libacl1-dev: Multi-Arch: same, a library; source acl [debian:acl]
      // no recipe in the package set: libselinux1-dev: Multi-Arch: same, a library; source libselinux [debian:libselinux]
      // no recipe in the package set: libgmp3-dev: Multi-Arch: same, a library; source gmp [debian:gmp]
    ],
    configureFlags: [
      "--enable-install-program=arch", // debian/rules:22
    ],
    doCheck: false, // debian/rules skips the test suite (an empty override_dh_auto_test)
    doInstallCheck: true,
    installCheck: `cd "$(mktemp -d)" && test "$(echo hello | "$out/bin/tr" a-z A-Z)" = HELLO && test "$(printf '3\\n1\\n2\\n' | "$out/bin/sort" -n | "$out/bin/tr" '\\n' ' ')" = "1 2 3 " && test "$("$out/bin/seq" 5 | "$out/bin/wc" -l)" = 5 && test "$(echo abc | "$out/bin/sha256sum" | "$out/bin/cut" -c1-8)" = edeaaff3 && "$out/bin/mkdir" -p d/e && "$out/bin/ls" d | grep -qx e`,
    meta: {
      description: "GNU core utilities",
      license: "GPL-3.0-or-later",
      platforms: lib.platforms.unix,
    },
  });
}
