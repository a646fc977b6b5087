import { perlModuleBuildWith, type PerlModuleBuildArgs } from "./perl-module-build.ts";

/** Module::Build as Nixpkgs built it before #225640: perl-mini (perl.mini) runs Build.PL, which
 * loads XS modules. Kept as a known-broken cell (build-time interpreter without extensions). */
export default function perlModuleBuildUnfixed(args: PerlModuleBuildArgs) {
  return perlModuleBuildWith(args, "perl-mini");
}
