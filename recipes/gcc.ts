import type { Stdenv, WrapCC } from "../harness/planner/index.ts";

/**
 * gcc: the C/C++ compiler of a package set, as Nixpkgs' `gcc` is its compiler wrapped by
 * cc-wrapper: it runs on the set's host and emits code for its target, so `buildPackages.gcc` is
 * what a cross set's stdenv.cc is. It wraps Debian 12's gcc-12 (native, cross and mingw-w64
 * alike) as installed on the build machine.
 */
export default function gcc({ stdenv, wrapCC }: { stdenv: Stdenv; wrapCC: WrapCC }) {
  return wrapCC({
    pname: "gcc-wrapper",
    version: "12.2.0",
    meta: { description: `C/C++ compiler wrapper around Debian's gcc for ${stdenv.targetPlatform.config}` },
  });
}
