/**
 * `crosscheck run [MATRIX] [--cell GLOB] [--shard i/n] [--update-snapshots]`: checks the matrix
 * first (a bad matrix or an unknown package is an error naming file:line:col before anything
 * starts), then drives vitest over the matrix suite installed with crosscheck, in the user's
 * project: its recipes, snapshots and reports.
 */
import { parseArgs } from "node:util";
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { parseShard, selectCells } from "../matrix/index.ts";
import { UserError } from "../userError.ts";
import { sharedCache } from "../engine/sharedCache.ts";
import { displayPath, resolveProject, packageRoot } from "../project/index.ts";
import { createCellRunner, encodeRunSettings, runSettingsEnvVar, type RunSettings } from "../cell/index.ts";

const usage = "usage: crosscheck run [MATRIX] [--cell GLOB[,GLOB]] [--shard i/n] [--update-snapshots]";

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { cell: { type: "string" }, shard: { type: "string" }, "update-snapshots": { type: "boolean" }, help: { type: "boolean", short: "h" } },
    });
  } catch (error) {
    throw new UserError(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
  if (parsed.values.help) {
    console.log(usage);
    return 0;
  }
  if (parsed.positionals.length > 1) throw new UserError(`one matrix at a time, got ${parsed.positionals.join(" ")}\n${usage}`);
  const project = await resolveProject();
  const matrixFile = parsed.positionals[0] === undefined ? project.matrix : resolve(parsed.positionals[0]);
  const runner = await createCellRunner({ project });
  const matrix = runner.loadMatrix(matrixFile);
  const selected = parsed.values.cell === undefined ? matrix.cells : selectCells(matrix.cells, parsed.values.cell);
  if (parsed.values.shard !== undefined) parseShard(parsed.values.shard);
  sharedCache(); // a bad CROSSCHECK_SHARED_CACHE is the user's to fix before anything starts
  console.log(`crosscheck: ${matrix.name}: ${selected.length} of ${matrix.cells.length} cells${parsed.values.shard ? `, shard ${parsed.values.shard}` : ""}`);

  const settings: RunSettings = {
    project,
    matrix: matrixFile,
    ...(parsed.values.cell !== undefined ? { cells: parsed.values.cell } : {}),
    ...(parsed.values.shard !== undefined ? { shard: parsed.values.shard } : {}),
    updateSnapshots: parsed.values["update-snapshots"] === true,
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
