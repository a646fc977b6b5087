import { debianBinary, type Stdenv } from "../harness/planner/index.ts";

/**
 * patchelf, Debian 12's binary package: what a recipe that lays out prebuilt binaries runs on the
 * build machine to point their run paths at the store (Nixpkgs' autoPatchelfHook runs it too).
 * Used as buildPackages.patchelf, pinned where python3 is (amd64, arm64, armhf).
 */
export default function patchelf({ stdenv }: { stdenv: Stdenv }) {
  return debianBinary(stdenv, {
    package: "patchelf",
    source: "patchelf",
    version: "0.14.3-1+b1",
    sha256: {
      amd64: "0364b90e81faabbb9569076063952c7bcbf07f83d954a2f2602a163d65be60e6",
      arm64: "a0dc6bda4b34cc242e5cb5d6ffc664c7b9968df715f3fecad130bedb343f5e8a",
      armhf: "c61a63d62123d90781bfecae834133177382b88ee5508f824a153d47e73e570f",
    },
    meta: { description: "Modify the dynamic linker and RPATH of ELF executables", homepage: "https://github.com/NixOS/patchelf", license: "GPL-3.0-or-later" },
  });
}
