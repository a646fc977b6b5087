import { RecipeError } from "./errors.ts";
import { lib } from "./lib.ts";
import type { PackageSet } from "./packageSet.ts";
import { canonicalSetName, isSetName, PostStage, type Stage } from "./stage.ts";
import { Stdenv } from "./stdenv.ts";

/**
 * The argument object of a recipe call, as callPackage builds it from the spliced view of the
 * stage: `stdenv`, `lib`, the package sets (unspliced) and every package by attribute name
 * (spliced). It is a Proxy so that nothing is looked up, let alone instantiated, until the recipe
 * asks for it; asking for a name that does not exist is an error with suggestions.
 */
export function callPackageArgs(set: PackageSet, recipe: string): object {
  let stdenv: Stdenv | undefined;
  return new Proxy(Object.create(null) as object, {
    get(_target, name) {
      if (typeof name === "symbol") return undefined;
      if (name === "stdenv") return (stdenv ??= new Stdenv(set.stage, set));
      if (name === "lib") return lib;
      if (isSetName(name)) return packageSetView(set.stage.sets[canonicalSetName(name)], set, recipe);
      return set.splicedHandle(name, recipe);
    },
    has(_target, name) {
      return typeof name === "string" && (name === "stdenv" || name === "lib" || isSetName(name) || set.has(name));
    },
  });
}

/** `buildPackages`, `pkgsBuildBuild`, …: an unspliced package set, or the post-stage. */
function packageSetView(target: Stage | PostStage, from: PackageSet, recipe: string): object {
  if (target instanceof PostStage) {
    const ccOwner = from.context.packageSet(target.finalStage);
    return new Proxy(Object.create(null) as object, {
      get(_t, name) {
        if (typeof name === "symbol") return undefined;
        if (name === "stdenv") return { cc: ccOwner.handle("gcc") };
        throw new RecipeError(
          recipe,
          `'${name}' of ${target.id}: the post-stage (targetPackages of the final stage) only has stdenv.cc`,
        );
      },
    });
  }
  const set = from.context.packageSet(target);
  let stdenv: Stdenv | undefined;
  return new Proxy(Object.create(null) as object, {
    get(_t, name) {
      if (typeof name === "symbol") return undefined;
      if (name === "stdenv") return (stdenv ??= new Stdenv(target, set));
      if (isSetName(name)) return packageSetView(target.sets[canonicalSetName(name)], set, recipe);
      return set.handle(name, recipe);
    },
  });
}
