import type { Stdenv, WrapCC } from "../harness/planner/index.ts";

/**
 * clang: the C compiler of a package set whose host uses LLVM (`useLLVM`, as wasi32), as Nixpkgs'
 * `llvmPackages.clang` is clang wrapped by cc-wrapper (`isClang`): `buildPackages.clang` is such a
 * set's stdenv.cc. It wraps Debian 12's clang 14, with lld and wasi-libc, as installed on the build
 * machine; Debian has that only for wasm32-wasi.
 */
export default function clang({ stdenv, wrapCC }: { stdenv: Stdenv; wrapCC: WrapCC }) {
  return wrapCC({
    pname: "clang-wrapper",
    version: "14.0.6",
    isClang: true,
    meta: { description: `C compiler wrapper around Debian's clang for ${stdenv.targetPlatform.config}` },
  });
}
