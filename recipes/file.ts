import type { Lib, Package, Stdenv } from "../harness/planner/index.ts";

/**
 * file: its build compiles the magic database with the `file` it just built; when that cannot
 * run on the build machine, configure insists on a `file` of the same version on PATH, i.e. a
 * native build of itself.
 */
export default function file({
  stdenv,
  lib,
  zlib,
  buildPackages,
}: {
  stdenv: Stdenv;
  lib: Lib;
  zlib: Package;
  buildPackages: { file: Package };
}) {
  return stdenv.mkDerivation({
    pname: "file",
    version: "5.44",
    src: {
      kind: "debian",
      package: "file",
      version: "1:5.44-3",
      origTarball: "file_5.44.orig.tar.gz",
      sha256: "3751c7fba8dbc831cb8d7cc8aff21035459b8ce5155ef8b0880a27d028475f3b",
    },
    buildSystem: "autotools",
    nativeBuildInputs: lib.optionals(!stdenv.buildPlatform.canExecute(stdenv.hostPlatform), [buildPackages.file]),
    buildInputs: [zlib],
    // Only zlib is provided; keep configure from finding the build machine's other libraries.
    configureFlags: ["--disable-bzlib", "--disable-xzlib", "--disable-zstdlib", "--disable-libseccomp"],
    outputs: ["out", "dev"],
    doCheck: true,
    doInstallCheck: true,
    installCheck: '"$out/bin/file" --version',
    meta: {
      description: "A program that shows the type of files",
      homepage: "https://darwinsys.com/file",
      license: "BSD-2-Clause",
      platforms: lib.platforms.unix,
    },
  });
}
