/**
 * `crosscheck run [MATRIX] [--cell GLOB] [--shard i/n] [--update-snapshots] [--rerun-checks]`: checks the matrix
 * first (a bad matrix or an unknown package is an error naming file:line:col before anything
 * starts), then drives vitest over the matrix suite installed with crosscheck, in the user's
 * project: its recipes, snapshots and reports.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { parseShard, selectCells } from "../matrix/index.ts";
import { sharedCache } from "../engine/index.ts";
import { displayPath, resolveProject, packageRoot } from "../project/index.ts";
import { createCellRunner, encodeRunSettings, runSettingsEnvVar, snapshotUpdate, type RunSettings } from "../cell/index.ts";
import type { Invocation } from "./commands.ts";

export async function run({ values, positionals: [matrixArg] }: Invocation<"run">): Promise<number> {
  const project = await resolveProject();
  const matrixFile = matrixArg === undefined ? project.matrix : resolve(matrixArg);
  const runner = await createCellRunner({ project });
  const matrix = runner.loadMatrix(matrixFile);
  const selected = values.cell === undefined ? matrix.cells : selectCells(matrix.cells, values.cell);
  if (values.shard !== undefined) parseShard(values.shard);
  sharedCache(); // a bad CROSSCHECK_SHARED_CACHE is the user's to fix before anything starts
  console.log(`crosscheck: ${matrix.name}: ${selected.length} of ${matrix.cells.length} cells${values.shard ? `, shard ${values.shard}` : ""}`);

  const settings: RunSettings = {
    project,
    matrix: matrixFile,
    ...(values.cell !== undefined ? { cells: values.cell } : {}),
    ...(values.shard !== undefined ? { shard: values.shard } : {}),
    snapshotUpdate: snapshotUpdate(values["update-snapshots"]),
    rerunChecks: values["rerun-checks"],
  };
  const env: NodeJS.ProcessEnv = { ...process.env, [runSettingsEnvVar]: encodeRunSettings(settings) };
  // Installed, vitest may sit beside crosscheck in the project's node_modules rather than in its own.
  const vitest = join(dirname(createRequire(import.meta.url).resolve("vitest/package.json")), "vitest.mjs");
  // vitest runs the cells in worker processes of its own. In its own process group, a signal to
  // `crosscheck run` reaches all of them, as Ctrl-C in a terminal does: each worker removes its
  // build containers and ends (a signal to vitest's main process alone left the workers building).
  const child = spawn(process.execPath, [vitest, "run", "--config", join(packageRoot, "vitest.config.ts"), "suites/matrix.test.ts"], {
    env,
    stdio: "inherit",
    detached: true,
  });
  const forward = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // the group has already ended
    }
  };
  process.on("SIGINT", forward).on("SIGTERM", forward);
  const code = await new Promise<number>((resolve) => child.on("exit", (status, signal) => resolve(status ?? (signal ? 130 : 1))));
  process.off("SIGINT", forward).off("SIGTERM", forward);
  console.log(`\nreport: npx crosscheck report --open   (results in ${displayPath(project.reportsDir)}/)`);
  return code;
}
