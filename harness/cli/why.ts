import { readCell } from "../closure/index.ts";
import { resolveProject } from "../project/index.ts";
import { readScans } from "../closure/index.ts";
import { localStoreDir } from "../engine/index.ts";
import { describe } from "../closure/index.ts";
import { names, renderChain, why as whyChain } from "../closure/index.ts";
import { UserError } from "../userError.ts";
import type { Invocation } from "./commands.ts";

/**
 * `crosscheck why CELL DEPENDENCY`: the chain of references from the cell's output, through the
 * file and byte offset holding each store path, to the dependency. It reads the recorded scans
 * of the local store; never builds or rescans.
 */
export async function why({ positionals: [cell, dependency] }: Invocation<"why">): Promise<number> {
  const store = localStoreDir();
  const graph = await readScans(store);
  if (graph.size === 0) throw new UserError(`no recorded scans in ${store}; run the cell first`);
  const record = await readCell((await resolveProject()).cellsDir, cell);
  const outputIds = record?.outputIds ?? [...graph.values()].filter((s) => names(s.object, cell)).map((s) => s.object.id);
  if (outputIds.length === 0) throw new UserError(`no cell or built derivation named '${cell}' (cells are MATRIX/CELL-ID; derivations a pname, name or id)`);

  let found = false;
  for (const id of outputIds) {
    const output = graph.get(id);
    if (output === undefined) throw new UserError(`the scan of ${cell}'s output ${id} is missing from ${store}; run the cell again`);
    const chain = whyChain(graph, id, dependency);
    if (chain === undefined) {
      console.log(`${describe(output.object)} does not depend on '${dependency}'`);
      continue;
    }
    found = true;
    console.log(renderChain(chain));
  }
  return found ? 0 : 1;
}
