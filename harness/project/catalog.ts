import { overlay, type Catalog } from "../planner/index.ts";
import { catalog as builtinCatalog } from "../../recipes/index.ts";
import type { Project } from "./project.ts";
import { loadRecipeDirectory } from "./recipeDirectory.ts";

/** The project's package set: the built-in catalog (unless turned off) with the project's
 * recipe directories laid over it, later ones over earlier ones, as Nixpkgs applies overlays. */
export async function loadCatalog(project: Pick<Project, "recipeDirs" | "builtinRecipes">): Promise<Catalog> {
  const layers: Catalog[] = [];
  for (const dir of project.recipeDirs) layers.push(await loadRecipeDirectory(dir));
  return overlay(project.builtinRecipes ? builtinCatalog : {}, ...layers);
}
