/**
 * The importer's front door: recipes drafted from other distributions' packages. `sources` are
 * the sources of recipes it knows (Debian's archive, `debian:`); `importRecipes` drafts and
 * writes; `renderRecipe` is the writer they share; `indexCatalog` finds what a package set has.
 */
import { debianSource } from "./debian/index.ts";
import type { RecipeSource } from "./source.ts";

export { importRecipes, parseRef, type ImportedRecipe, type ImportRequest } from "./importer.ts";
export { indexCatalog, identityOfSource, type CatalogIndex } from "./catalogIndex.ts";
export { renderRecipe, identifierOf } from "./writeRecipe.ts";
export { detectBuildSystem } from "./buildSystem.ts";
export type { DraftFlag, DraftInput, RecipeDraft, ReviewNote, When } from "./draft.ts";
export type { ImportContext, RecipeSource } from "./source.ts";
export { debianSource } from "./debian/index.ts";

/** Every source of recipes, by scheme. */
export const sources: readonly RecipeSource[] = [debianSource()];
