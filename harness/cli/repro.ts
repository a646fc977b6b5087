/**
 * `crosscheck repro CELL [--matrix FILE] [--shell]`: rebuilds exactly one cell on this machine:
 * the same plan, the same images and inputs (dependencies come from the local store, built
 * first if missing), the same build script, printed live. With --shell, a failing phase leaves
 * you in a shell inside the container, in the build directory, with the build's environment.
 */
import { parseArgs } from "node:util";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { loadMatrix, type Cell } from "../matrix/index.ts";
import { Planner } from "../planner/index.ts";
import { catalog } from "../../recipes/index.ts";
import { UserError } from "../userError.ts";
import { didYouMean } from "../suggest.ts";
import { provisionForRun } from "../engine/provisionForRun.ts";
import { localStoreDir } from "../engine/localStore.ts";
import { reproduceNode } from "../engine/reproduce.ts";

const usage = "usage: crosscheck repro CELL [--matrix FILE] [--shell]";

function findCell(id: string, matrixFile: string | undefined): Cell {
  const files = matrixFile !== undefined ? [matrixFile] : readdirSync("matrices").filter((f) => f.endsWith(".yaml")).sort().map((f) => join("matrices", f));
  const ids: string[] = [];
  for (const file of files) {
    for (const cell of loadMatrix(file).cells) {
      if (cell.id === id || `${cell.matrix}/${cell.id}` === id) return cell;
      ids.push(cell.id);
    }
  }
  throw new UserError(`no cell '${id}' in ${files.join(", ")}${didYouMean(id, ids)}`);
}

export async function repro(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { matrix: { type: "string" }, shell: { type: "boolean" }, help: { type: "boolean", short: "h" } } });
  } catch (error) {
    throw new UserError(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
  if (parsed.values.help) {
    console.log(usage);
    return 0;
  }
  const [id, ...extra] = parsed.positionals;
  if (id === undefined || extra.length > 0) throw new UserError(usage);
  const cell = findCell(id, parsed.values.matrix);
  const planner = new Planner(catalog, cell.build.spec);
  const plan = planner.plan({ build: cell.build.spec, host: cell.host.spec, target: cell.target.spec, canadian: cell.canadian, package: cell.package });
  await provisionForRun((line) => console.error(line));
  return reproduceNode(plan, { store: localStoreDir(), shell: parsed.values.shell === true, timeoutMs: cell.timeoutMs, log: (line) => console.error(line) });
}
