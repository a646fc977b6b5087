import type { Lib, MkDerivationArgs, Stdenv } from "../harness/planner/index.ts";

/** zlib: the library everything links. Its configure is not autoconf: it takes no --host and
 * finds the cross tools from CHOST (`$CHOST-gcc`, `$CHOST-ar`, `$CHOST-ranlib`). A static host
 * (wasm32-wasi has no shared libraries) gets the static library alone, as Nixpkgs' `shared ?
 * !stdenv.hostPlatform.isStatic` has it. */
export default function zlib({ stdenv, lib }: { stdenv: Stdenv; lib: Lib }) {
  const args: MkDerivationArgs = {
    pname: "zlib",
    version: "1.2.13",
    src: {
      kind: "debian",
      package: "zlib",
      version: "1:1.2.13.dfsg-1",
      origTarball: "zlib_1.2.13.dfsg.orig.tar.bz2",
      sha256: "71feb7947e3c00ef125f83b79a4e529bde31171e5babe48b391f06758d1ab0a1",
    },
    buildSystem: "autotools",
    configurePlatforms: [],
    configureFlags: [stdenv.hostPlatform.isStatic ? "--static" : "--shared"],
    env: stdenv.isCross ? { CHOST: stdenv.hostPlatform.config } : {},
    outputs: ["out", "dev"],
    doCheck: true,
    meta: {
      description: "Lossless data-compression library",
      homepage: "https://zlib.net",
      license: "Zlib",
      // Windows needs win32/Makefile.gcc instead of configure; not covered by this recipe.
      platforms: [...lib.platforms.unix, ...lib.platforms.wasi],
    },
  };
  return stdenv.mkDerivation(args);
}
