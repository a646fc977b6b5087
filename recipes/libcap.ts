import type { Lib, Stdenv } from "../harness/planner/index.ts";

interface BuildPackages {
  stdenv: Stdenv;
}

/**
 * libcap: a plain Makefile build that compiles and runs a helper (`_makenames`, which generates
 * the capability name table) on the build machine, hence the build machine's compiler in
 * depsBuildBuild and BUILD_CC.
 */
export default function libcap({ stdenv, lib, buildPackages }: { stdenv: Stdenv; lib: Lib; buildPackages: BuildPackages }) {
  // Make.Rules derives CC, AR and RANLIB from CROSS_COMPILE; our wrappers are prefixed with the
  // host config when cross, as Nixpkgs' are.
  const crossPrefix = stdenv.isCross ? `${stdenv.hostPlatform.config}-` : "";
  return stdenv.mkDerivation({
    pname: "libcap",
    version: "2.66",
    src: {
      kind: "debian",
      package: "libcap2",
      version: "1:2.66-4+deb12u3",
      origTarball: "libcap2_2.66.orig.tar.xz",
      sha256: "15c40ededb3003d70a283fe587a36b7d19c8b3b554e33f86129c059a4bb466b2",
    },
    buildSystem: "make",
    depsBuildBuild: [buildPackages.stdenv.cc],
    makeFlags: [
      "lib=lib",
      "PAM_CAP=no",
      "GOLANG=no",
      `CROSS_COMPILE=${crossPrefix}`,
      // The build machine's wrapper is the native one, whose tools are unprefixed.
      "BUILD_CC=cc",
    ],
    installFlags: ["prefix=$(out)", "RAISE_SETFCAP=no"],
    doCheck: false, // the tests need root and a kernel with file capabilities
    doInstallCheck: true,
    installCheck: '"$out/sbin/capsh" --print',
    meta: {
      description: "Library for working with POSIX capabilities",
      homepage: "https://sites.google.com/site/fullycapable",
      license: "BSD-3-Clause OR GPL-2.0-only",
      platforms: lib.platforms.linux,
    },
  });
}
