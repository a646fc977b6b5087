/**
 * Importing: references (`debian:libogg`) read by their sources into drafts, the dependencies
 * the package set lacks imported too with --with-deps (each once, by identity), every draft's
 * dependencies looked up again once all are known, and each written as a recipe module into a
 * recipe directory. Nothing is written when the package asked for can't be drafted; a
 * dependency that can't be is left as the comment its dependent has.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Catalog } from "../planner/index.ts";
import { didYouMean } from "../suggest.ts";
import { UserError } from "../userError.ts";
import { indexCatalog, type CatalogIndex } from "./catalogIndex.ts";
import type { DraftInput, RecipeDraft } from "./draft.ts";
import type { RecipeSource } from "./source.ts";
import { renderRecipe } from "./writeRecipe.ts";

export interface ImportRequest {
  /** References, `scheme:name`. */
  refs: string[];
  /** The recipe directory the recipes are written into. */
  dir: string;
  /** The package set they will be in (the project's). */
  catalog: Catalog;
  sources: readonly RecipeSource[];
  /** The version of the (one) package asked for. */
  version?: string;
  /** The attribute of the (one) package asked for, instead of the source's name. */
  name?: string;
  withDeps?: boolean;
  /** How many dependencies --with-deps imports at most in one run (a chain of tools can be long). */
  maxDependencies?: number;
  /** Overwrite recipe files that exist. */
  force?: boolean;
  log?: (line: string) => void;
}

export interface ImportedRecipe {
  attr: string;
  file: string;
  ref: string;
  /** The reference whose dependency it is, null for one asked for. */
  requiredBy: string | null;
  draft: RecipeDraft;
  /** Its build dependencies still without a recipe (comments in it). */
  missing: DraftInput[];
  /** The lower layer's package of that name it replaces, if any. */
  replaces: boolean;
}

/** `debian:libogg` → its source and name. */
export function parseRef(ref: string, sources: readonly RecipeSource[]): { source: RecipeSource; name: string } {
  const colon = ref.indexOf(":");
  const schemes = sources.map((s) => s.scheme);
  if (colon <= 0 || colon === ref.length - 1) throw new UserError(`'${ref}' is not a package reference: write ${sources.map((s) => s.describes).join(", or ")}`);
  const scheme = ref.slice(0, colon);
  const source = sources.find((s) => s.scheme === scheme);
  if (source === undefined) throw new UserError(`no source of recipes '${scheme}' (known: ${schemes.join(", ")})${didYouMean(scheme, schemes)}`);
  return { source, name: ref.slice(colon + 1) };
}

/** --with-deps' bound: one run imports at most this many dependencies. */
export const defaultMaxDependencies = 20;

const attrPattern = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;

export async function importRecipes(request: ImportRequest): Promise<ImportedRecipe[]> {
  const log = request.log ?? (() => undefined);
  if (request.refs.length === 0) throw new UserError("nothing to import: name a package, e.g. debian:libogg");
  if (request.refs.length > 1 && (request.name !== undefined || request.version !== undefined)) throw new UserError("--name and --version are for one package; import the others separately");
  if (request.name !== undefined && !attrPattern.test(request.name)) throw new UserError(`--name ${request.name}: an attribute is letters, digits and . _ + - (it is the file name)`);
  const index: CatalogIndex = indexCatalog(request.catalog);
  const lowerAttrs = new Set(index.attrs);
  const queue: { ref: string; requiredBy: string | null }[] = request.refs.map((ref) => ({ ref, requiredBy: null }));
  const seen = new Set<string>();
  const drafted: Omit<ImportedRecipe, "missing">[] = [];
  const maxDependencies = request.maxDependencies ?? defaultMaxDependencies;
  const leftOver: string[] = [];

  while (queue.length > 0) {
    const { ref, requiredBy } = queue.shift()!;
    const { source, name } = parseRef(ref, request.sources);
    const identity = `${source.scheme}:${name}`;
    if (seen.has(identity)) continue;
    seen.add(identity);
    if (requiredBy !== null && drafted.filter((d) => d.requiredBy !== null).length >= maxDependencies) {
      leftOver.push(ref);
      continue;
    }
    let draft: RecipeDraft;
    try {
      draft = await source.draft(name, { catalog: index, log, ...(requiredBy === null && request.version !== undefined ? { version: request.version } : {}) });
    } catch (error) {
      if (requiredBy === null) throw error;
      log(`${ref} (a build dependency of ${requiredBy}): not imported: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    const attr = requiredBy === null && request.name !== undefined ? request.name : draft.attr;
    const file = join(request.dir, `${attr}.ts`);
    if (existsSync(file) && !request.force) {
      if (requiredBy === null) throw new UserError(`${file} exists already; --force overwrites it, --name writes another attribute`);
      log(`${ref} (a build dependency of ${requiredBy}): ${file} exists already, left as it is`);
      continue;
    }
    const mapped = index.attrOf(draft.identity);
    if (requiredBy !== null && mapped !== null) continue; // imported meanwhile
    const other = index.identityOf(attr);
    if (requiredBy !== null && lowerAttrs.has(attr) && other !== draft.identity) {
      log(`${ref} (a build dependency of ${requiredBy}): the package set's '${attr}' is another package; import it with --name`);
      continue;
    }
    index.add(draft.identity, attr);
    // A file written over is this directory's own recipe, not a lower layer's package.
    drafted.push({ attr, file, ref, requiredBy, draft: { ...draft, attr }, replaces: lowerAttrs.has(attr) && !existsSync(file) });
    if (request.withDeps) {
      for (const input of draft.inputs) {
        if (input.attr === null && input.identity !== null && index.attrOf(input.identity) === null) queue.push({ ref: input.identity, requiredBy: ref });
      }
    }
  }

  if (leftOver.length > 0) log(`--with-deps stopped after ${maxDependencies} dependencies; still without a recipe: ${leftOver.join(", ")} (import them by name, with --with-deps again if need be)`);

  // Now that every import has its attribute, each draft's dependencies are looked up again.
  const results: ImportedRecipe[] = [];
  mkdirSync(request.dir, { recursive: true });
  for (const d of drafted) {
    const inputs = d.draft.inputs.map((i) => (i.attr === null && i.identity !== null ? { ...i, attr: index.attrOf(i.identity) } : i));
    const draft = { ...d.draft, inputs };
    const command = `crosscheck import ${d.ref}${d.requiredBy === null && request.version !== undefined ? ` --version ${request.version}` : ""}${d.requiredBy === null ? "" : ` (for ${d.requiredBy})`}`;
    writeFileSync(d.file, renderRecipe(draft, command));
    results.push({ ...d, draft, missing: inputs.filter((i) => i.attr === null) });
  }
  return results;
}
