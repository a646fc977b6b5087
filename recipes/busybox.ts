// Drafted by `crosscheck import debian:busybox`: review it before relying on it.
// What the importer could not decide is said in comments; the package's own notes for cross
// builds are at the top of the function.
import type { Lib, Stdenv } from "crosscheck";

/**
 * Tiny utilities for small and embedded systems.
 *
 * Debian's source package busybox 1:1.35.0-4+deb12u1 (format 3.0 (quilt)), binary packages busybox, busybox-static, busybox-udeb, busybox-syslogd, udhcpc, udhcpd.
 * Debian builds it with dh.
 */
export default function busybox({ stdenv, lib, buildPackages }: { stdenv: Stdenv; lib: Lib; buildPackages: { stdenv: Stdenv } }) {
  // The host tools' prefix (stdenv.cc.targetPrefix in Nixpkgs): empty natively.
  const prefix = stdenv.isCross ? `${stdenv.hostPlatform.config}-` : "";

  // The Makefile has no PREFIX or prefix variable: set where `make install` puts the files (installFlags, or installPhase)

  // Build-Depends with build profiles (<!cross>: not needed when cross-compiling; <!nocheck>: for the test suite; <!nodoc>: for the documentation):
  //   zip <!nocheck>

  // debian/rules about cross builds (build vs host, *_FOR_BUILD, cache variables, the cross profile):
  //   debian/rules:40: ifneq (${DEB_HOST_GNU_TYPE},${DEB_BUILD_GNU_TYPE})
  //   debian/rules:41: export CROSS_COMPILE = ${DEB_HOST_GNU_TYPE}- [cross only]

  // For the test suite only (<!nocheck>), not in the lists above:
  //   zip <!nocheck> (tool: Multi-Arch: foreign, a tool; source zip)

  // Build-Depends set aside:
  //   Debian's packaging tools: debhelper-compat (= 13)

  // Debian applies 15 patches (debian/patches/series) that this recipe doesn't; redo one in postPatch where it matters (these look like build fixes: fix-non-linux-build.patch):
  //   shell-ash-export-HOME.patch, version.patch, init-console.patch, stop-checking-ancient-kernel-version.patch, revert-9c143ce52da11ec3d21a3491c3749841d3dc10f0.patch, temp-deb-installer-hack.patch, install-readlink-in-bin.patch, spelling.diff, platform-linux.diff, fix-non-linux-build.patch, use-libresolv-on-non-linux-too.patch, CVE-2022-48174.patch, CVE-2023-42364-part1.patch, CVE-2023-42364-part2.patch, CVE-2023-42363.patch

  // debian/copyright is not in the machine-readable format: read it for meta.license

  return stdenv.mkDerivation({
    pname: "busybox",
    version: "1.35.0",
    src: {
      kind: "debian",
      package: "busybox",
      version: "1:1.35.0-4+deb12u1",
      origTarball: "busybox_1.35.0.orig.tar.bz2",
      sha256: "faeeb244c35a348a334f4a59e44626ee870fb07b6884d68c10ae8bc19f83a694", // as busybox_1.35.0-4+deb12u1.dsc gives it
    },
    // the tarball has Makefile
    buildSystem: "make",
    depsBuildBuild: [buildPackages.stdenv.cc], // the Makefile uses HOSTCC: a compiler for the build machine
    // Kbuild takes the host's tools from CROSS_COMPILE (CC alone leaves a bare ld, ar, strip);
    // `make install` puts bin/busybox and its links under CONFIG_PREFIX.
    makeFlags: [`CROSS_COMPILE=${prefix}`, "CONFIG_PREFIX=$(out)"],
    // The default configuration (Nixpkgs' busybox starts from it too).
    preBuild: `make CROSS_COMPILE=${prefix} defconfig`,
    doCheck: false, // the test suite needs zip (<!nocheck>): add them, then turn it on
    doInstallCheck: true,
    installCheck: `test "$(echo abc | "$out/bin/busybox" sed s/b/x/)" = axc && test "$(printf '3\\n1\\n2\\n' | "$out/bin/busybox" sort -n | "$out/bin/busybox" tr '\\n' ' ')" = "1 2 3 " && test "$("$out/bin/busybox" sh -c 'echo $((6 * 7))')" = 42 && test "$(echo hi | "$out/bin/sh" -c 'read x; echo "$x!"')" = "hi!"`,
    meta: {
      description: "Tiny utilities for small and embedded systems",
      homepage: "http://www.busybox.net",
      platforms: lib.platforms.unix,
    },
  });
}
