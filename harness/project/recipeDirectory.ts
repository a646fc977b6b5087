/**
 * A recipe directory: one module per attribute, named by its file (`zlib.ts` defines `zlib`),
 * its default export the recipe, as Nixpkgs' by-name directories hold one package each. Files
 * that start with `_` are the directory's own helpers, and tests (`*.test.ts`) are not recipes.
 */
import { readdirSync } from "node:fs";
import { extname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Catalog, Recipe } from "../planner/index.ts";
import { UserError } from "../userError.ts";

const moduleExtensions = new Set([".ts", ".mts", ".js", ".mjs"]);

export function recipeFiles(dir: string): { attrName: string; file: string }[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && moduleExtensions.has(extname(e.name)) && !e.name.startsWith("_") && !/\.test\.[mc]?[jt]s$/.test(e.name) && !e.name.endsWith(".d.ts"))
    .map((e) => ({ attrName: e.name.slice(0, -extname(e.name).length), file: join(dir, e.name) }))
    .sort((a, b) => a.attrName.localeCompare(b.attrName));
}

export async function loadRecipeDirectory(dir: string): Promise<Catalog> {
  const layer: Record<string, Recipe> = {};
  for (const { attrName, file } of recipeFiles(dir)) {
    let module: { default?: unknown };
    try {
      module = (await import(pathToFileURL(file).href)) as { default?: unknown };
    } catch (error) {
      throw new UserError(`cannot load recipe ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (typeof module.default !== "function") {
      throw new UserError(`${file}: a recipe module's default export is the recipe, a function ({ stdenv, ... }) => stdenv.mkDerivation({...}); this one exports ${module.default === undefined ? "no default" : typeof module.default}`);
    }
    layer[attrName] = module.default as Recipe;
  }
  return layer;
}
