import type { Recipe } from "./catalog.ts";
import { RecipeError } from "./errors.ts";
import { lib } from "./lib.ts";
import { Derivation, type Overrides } from "./mkDerivation.ts";
import { recipeBelow } from "./overlay.ts";
import type { Package, PackageSource } from "./splice.ts";
import { canonicalSetName, isSetName, PostStage, type Stage } from "./stage.ts";
import { Stdenv } from "./stdenv.ts";
import { wrapCC } from "./toolchain.ts";

/**
 * The package set a recipe is called in, as callPackage uses it: packageSet.ts's PackageSet,
 * which calls callPackage (and so is named here only by what callPackage needs of it).
 */
export interface CallScope extends PackageSource {
  readonly context: { packageSet(stage: Stage): CallScope; countInstantiation(): void };
  has(attrName: string): boolean;
  /** `set.<attrName>`, unspliced. */
  handle(attrName: string, neededBy?: string): Package;
  /** The callPackage view of `attrName`: spliced unless the stage is self-built. */
  splicedHandle(attrName: string, neededBy?: string): Package;
}

/**
 * callPackage, made overridable (makeOverridable): calls the recipe of `attrName` in `set` with
 * callPackage's arguments, `overrides` replacing them by name and given whole as the recipe's
 * second parameter. The derivation's `.override` calls it again, with more overrides.
 */
export function callPackage(set: CallScope, attrName: string, recipe: Recipe, overrides: Overrides): Derivation {
  set.context.countInstantiation();
  const lower = recipeBelow(recipe);
  let prev: Derivation | undefined;
  const callPrev = lower === null ? null : () => (prev ??= callPackage(set, attrName, lower, overrides));
  // The recipe declares its formals; they are supplied by name (see catalog.ts).
  const call = recipe as unknown as (args: object, options: Overrides) => unknown;
  const result = call(callPackageArgs(set, attrName, overrides, callPrev), overrides);
  if (!(result instanceof Derivation)) {
    throw new RecipeError(attrName, "must return a derivation: stdenv.mkDerivation({...}), or an override of a package");
  }
  return result.withRecall((more) => callPackage(set, attrName, recipe, { ...overrides, ...more }));
}

/**
 * The argument object of a recipe call, as callPackage builds it from the spliced view of the
 * stage: `stdenv`, `lib`, `wrapCC` (the compiler wrapper of the stage, see toolchain.ts), the
 * package sets (unspliced) and every package by attribute name (spliced), each name given in
 * `overrides` replaced by its value; and `prev` in an overlay (the same attribute as the layers
 * below define it, called with the same arguments). It is a Proxy so that nothing is looked up,
 * let alone instantiated, until the recipe asks for it; asking for a name that does not exist is
 * an error with suggestions.
 */
function callPackageArgs(set: CallScope, recipe: string, overrides: Overrides, callPrev: (() => Derivation) | null): object {
  let stdenv: Stdenv | undefined;
  return new Proxy(Object.create(null) as object, {
    get(_target, name) {
      if (typeof name === "symbol") return undefined;
      if (Object.hasOwn(overrides, name)) return overrides[name];
      if (name === "stdenv") return (stdenv ??= new Stdenv(set.stage, set));
      if (name === "lib") return lib;
      if (name === "wrapCC") return wrapCC(set.stage);
      if (name === "prev") {
        if (callPrev === null) throw new RecipeError(recipe, "asks for 'prev', but no lower layer of the overlay defines it");
        return callPrev();
      }
      if (isSetName(name)) return packageSetView(set.stage.sets[canonicalSetName(name)], set, recipe);
      return set.splicedHandle(name, recipe);
    },
    has(_target, name) {
      if (typeof name !== "string") return false;
      if (name === "prev") return callPrev !== null;
      return Object.hasOwn(overrides, name) || ["stdenv", "lib", "wrapCC"].includes(name) || isSetName(name) || set.has(name);
    },
  });
}

/** `buildPackages`, `pkgsBuildBuild`, …: an unspliced package set, or the post-stage. */
function packageSetView(target: Stage | PostStage, from: CallScope, recipe: string): object {
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
