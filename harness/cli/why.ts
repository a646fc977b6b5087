import { findCell } from "../closure/index.ts";
import { loadCatalog, resolveProject } from "../project/index.ts";
import { readScans } from "../closure/index.ts";
import { localStoreDir } from "../engine/index.ts";
import { describe } from "../closure/index.ts";
import { names, renderChain, why as whyChain } from "../closure/index.ts";
import { UserError } from "../userError.ts";
import type { Invocation } from "./commands.ts";

/**
 * The names a dependency goes by: as written, and, when the catalog has it as another name for a
 * recipe (`pkg-config` for pkgconf, as Nixpkgs' attribute is), each name of that recipe.
 */
async function dependencyNames(dependency: string, graph: Awaited<ReturnType<typeof readScans>>): Promise<string[]> {
  if ([...graph.values()].some((s) => names(s.object, dependency))) return [dependency];
  const catalog = await loadCatalog(await resolveProject());
  const recipe = catalog[dependency];
  if (recipe === undefined) return [dependency];
  return [dependency, ...Object.keys(catalog).filter((name) => name !== dependency && catalog[name] === recipe)];
}

/**
 * `crosscheck why CELL DEPENDENCY`: the chain of references from the cell's output, through the
 * file and byte offset holding each store path, to the dependency. CELL is an id as `run` prints
 * it, or `MATRIX/CELL-ID`, or a built derivation's pname, name or id. It reads the recorded scans
 * of the local store; never builds or rescans.
 */
export async function why({ positionals: [cell, dependency] }: Invocation<"why">): Promise<number> {
  const store = localStoreDir();
  const graph = await readScans(store);
  if (graph.size === 0) throw new UserError(`no recorded scans in ${store}; run the cell first`);
  const record = await findCell((await resolveProject()).cellsDir, cell);
  const outputIds = record?.outputIds ?? [...graph.values()].filter((s) => names(s.object, cell)).map((s) => s.object.id);
  if (outputIds.length === 0) throw new UserError(`no cell or built derivation named '${cell}' (a cell id as \`crosscheck run\` prints it, MATRIX/CELL-ID, or a derivation's pname, name or id)`);
  const aliases = await dependencyNames(dependency, graph);

  let found = false;
  for (const id of outputIds) {
    const output = graph.get(id);
    if (output === undefined) throw new UserError(`the scan of ${cell}'s output ${id} is missing from ${store}; run the cell again`);
    const chain = aliases.map((name) => whyChain(graph, id, name)).find((c) => c !== undefined);
    if (chain === undefined) {
      const also = aliases.length > 1 ? ` (nor on ${aliases.slice(1).map((a) => `'${a}'`).join(", ")}, its recipe's other names)` : "";
      console.log(`${describe(output.object)} does not depend on '${dependency}'${also}`);
      continue;
    }
    found = true;
    console.log(renderChain(chain));
  }
  return found ? 0 : 1;
}
