/**
 * `crosscheck import debian:SOURCE`: drafts a recipe from a package of another distribution
 * (harness/importer) into the project's recipe directory, then loads the package set with it
 * and plans what it wrote, so a draft that doesn't load or plan is said at once.
 */
import { relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { importRecipes, sources } from "../importer/index.ts";
import { overlay, Planner, type Catalog, type Recipe } from "../planner/index.ts";
import { displayPath, loadCatalog, resolveProject } from "../project/index.ts";
import { UserError } from "../userError.ts";
import type { Invocation } from "./commands.ts";
import { UsageError } from "./usageError.ts";

/** The platform the check plans for: the planner is pure, any build platform plans the same recipe. */
const checkPlatform = "x86_64-linux";

export async function importCommand({ values, positionals }: Invocation<"import">): Promise<number> {
  if (positionals.length === 0) throw new UsageError("missing PACKAGE (debian:SOURCE)");
  const project = await resolveProject();
  const dir = values.into !== undefined ? resolve(values.into) : project.recipeDirs.at(-1);
  if (dir === undefined) {
    throw new UserError(`${project.configFile === null ? "no crosscheck.config.ts here" : `${displayPath(project.configFile)} names no recipe directory`}: add recipes: ["recipes"] to the project file (crosscheck init writes one), or give --into DIR`);
  }
  const catalog = await loadCatalog(project);
  const imported = await importRecipes({
    refs: positionals,
    dir,
    catalog,
    sources,
    withDeps: values["with-deps"],
    force: values.force,
    ...(values.version === undefined ? {} : { version: values.version }),
    ...(values.name === undefined ? {} : { name: values.name }),
    log: (line) => console.error(line),
  });

  // The package set with what was written on top (loaded afresh: a file written over may have been loaded before).
  const written: Record<string, Recipe> = {};
  for (const r of imported) {
    const module = (await import(`${pathToFileURL(r.file).href}?imported=${Date.now()}`)) as { default?: unknown };
    if (typeof module.default !== "function") throw new Error(`${r.file}: the importer wrote a module without a recipe`);
    written[r.attr] = module.default as Recipe;
  }
  const after: Catalog = overlay(catalog, written);
  const planner = new Planner(after, checkPlatform);
  let failed = 0;
  for (const r of imported) {
    const shown = displayPath(r.file);
    const d = r.draft;
    console.log(`wrote   ${shown}: ${d.pname} ${d.version}, ${d.buildSystem}${r.requiredBy === null ? "" : ` (a build dependency of ${r.requiredBy})`}${r.replaces ? `; it replaces the package set's ${r.attr}` : ""}`);
    for (const m of r.missing) {
      console.log(`        no recipe for ${m.names.join(", ")} (${m.list}${m.identity === null ? "" : `, ${m.identity}`}): a comment in the recipe${values["with-deps"] ? "" : "; --with-deps imports it"}`);
    }
    try {
      planner.plan({ build: checkPlatform, host: checkPlatform, package: r.attr });
    } catch (error) {
      failed++;
      console.log(`        does not plan: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const first = imported.find((r) => r.requiredBy === null)!;
  const where = relative(process.cwd(), dir) || ".";
  console.log(
    [
      "",
      "next:",
      `  review ${where}/${first.attr}.ts: each value says where it came from, what needs a decision is in comments`,
      `  npx crosscheck plan --build x86_64-linux --host aarch64-multiplatform ${first.attr}`,
      "  a matrix cell builds it: add it to a matrix's packages, then npx crosscheck run",
    ].join("\n"),
  );
  return failed === 0 ? 0 : 1;
}
