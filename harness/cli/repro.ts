/**
 * `crosscheck repro CELL [--matrix FILE] [--shell]`: rebuilds exactly one cell on this machine:
 * the same plan, the same images and inputs (dependencies come from the local store, built
 * first if missing), the same build script, printed live. With --shell, a failing phase leaves
 * you in a shell inside the container, in the build directory, with the build's environment.
 */
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Cell } from "../matrix/index.ts";
import { UserError } from "../userError.ts";
import { didYouMean } from "../suggest.ts";
import { createCellRunner, type CellRunner } from "../cell/index.ts";
import { displayPath, resolveProject } from "../project/index.ts";
import { reproduceNode } from "../engine/index.ts";
import type { Invocation } from "./commands.ts";
import { UsageError } from "./usageError.ts";

/** The cell with this id (or MATRIX/ID) in the given matrix, or in any of the project's. */
function findCell(runner: CellRunner, id: string, matrixFile: string | undefined): Cell {
  const dir = runner.project.matricesDir;
  const files =
    matrixFile !== undefined
      ? [resolve(matrixFile)]
      : existsSync(dir)
        ? readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort().map((f) => join(dir, f))
        : [];
  if (files.length === 0) throw new UsageError(`no matrices in ${displayPath(dir)}; name one with --matrix FILE`);
  const ids: string[] = [];
  for (const file of files) {
    for (const cell of runner.loadMatrix(file).cells) {
      if (cell.id === id || `${cell.matrix}/${cell.id}` === id) return cell;
      ids.push(cell.id);
    }
  }
  throw new UserError(`no cell '${id}' in ${files.map(displayPath).join(", ")}${didYouMean(id, ids)}`);
}

export async function repro({ values, positionals: [id] }: Invocation<"repro">): Promise<number> {
  const runner = await createCellRunner({ project: await resolveProject() });
  const cell = findCell(runner, id, values.matrix);
  const plan = runner.plan(cell);
  await runner.provision((line) => console.error(line));
  return reproduceNode(plan, { store: runner.store, shell: values.shell, timeoutMs: cell.timeoutMs, log: (line) => console.error(line) });
}
