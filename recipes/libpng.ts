import type { Lib, Package, Stdenv } from "../harness/planner/index.ts";

/** libpng: a library whose headers include zlib.h, so it propagates zlib to its dependents. */
export default function libpng({ stdenv, lib, zlib }: { stdenv: Stdenv; lib: Lib; zlib: Package }) {
  return stdenv.mkDerivation({
    pname: "libpng",
    version: "1.6.39",
    src: {
      kind: "debian",
      package: "libpng1.6",
      version: "1.6.39-2+deb12u6",
      origTarball: "libpng1.6_1.6.39.orig.tar.gz",
      sha256: "a00e9d2f2f664186e4202db9299397f851aea71b36a35e74910b8820e380d441",
    },
    buildSystem: "autotools",
    propagatedBuildInputs: [zlib],
    // The SIMD code is picked from --host. 32-bit ARM cores may lack NEON: check at run time;
    // on AArch64 NEON is always there and libpng refuses the run-time check.
    configureFlags: lib.optionals(stdenv.hostPlatform.isAarch32, ["--enable-arm-neon=check"]),
    outputs: ["out", "dev"],
    doCheck: true,
    meta: {
      description: "The official reference implementation for the PNG file format",
      homepage: "http://www.libpng.org/pub/png/libpng.html",
      license: "libpng2",
      platforms: lib.platforms.unix,
    },
  });
}
