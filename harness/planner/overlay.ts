import type { Catalog, Recipe } from "./catalog.ts";

/** Where a layered recipe keeps the recipe it replaced. */
const below = Symbol("the recipe of the layers below");

/** A recipe that replaced an attribute of a lower layer: callPackage gives it `prev`. */
type LayeredRecipe = Recipe & { readonly [below]: Recipe };

/**
 * Nixpkgs' overlays (`final: prev: { … }`) for catalogs: each layer's attributes replace those of
 * the layers under it, attribute by attribute, later layers on top. Every recipe still sees the
 * final (topmost) definition of every other attribute, since the planner looks them all up in the
 * result; a recipe that replaced one can ask for `prev`, that attribute as the layers below
 * define it (see callPackage.ts).
 */
export function overlay(base: Catalog, ...layers: Catalog[]): Catalog {
  const result: Record<string, Recipe> = { ...base };
  for (const layer of layers) {
    for (const [attrName, recipe] of Object.entries(layer)) {
      const lower = Object.hasOwn(result, attrName) ? result[attrName] : undefined;
      result[attrName] = lower === undefined ? recipe : layered(recipe, lower);
    }
  }
  return result;
}

/** The recipe `recipe` replaced in an overlay, if any. */
export function recipeBelow(recipe: Recipe): Recipe | null {
  return below in recipe ? (recipe as LayeredRecipe)[below] : null;
}

function layered(recipe: Recipe, lower: Recipe): LayeredRecipe {
  // A function of its own to carry the lower recipe: the same recipe may sit in other catalogs,
  // over other recipes or none.
  const call = (args: never, options: never) => recipe(args, options);
  return Object.assign(call, { [below]: lower });
}
