/**
 * `crosscheck run [MATRIX] [--cell GLOB] [--shard i/n] [--update-snapshots] [--rerun-checks] [--reporter FORMAT]`:
 * checks the matrix first (a bad matrix or an unknown package is an error naming file:line:col
 * before anything starts), then drives vitest over the matrix suite installed with crosscheck,
 * in the user's project: its recipes, snapshots and reports.
 *
 * The run writes into a directory of its own, reports/runs/<dir>/ (harness/report/runDirs.ts):
 * each cell's results as the cell ends, so an interrupted run keeps what finished. While it
 * runs, vitest's main process shows the progress (harness/progress: a status area on a
 * terminal, a line per cell and per derivation built elsewhere); when it ends, this process
 * prints the summary (harness/report/runSummary.ts) from what the run directory holds, after an
 * interrupt too.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { parseShard, selectCells, shard } from "../matrix/index.ts";
import { sharedCache } from "../engine/index.ts";
import { displayPath, resolveProject, packageRoot } from "../project/index.ts";
import { createCellRunner, encodeRunSettings, runSettingsEnvVar, snapshotUpdate, type RunSettings } from "../cell/index.ts";
import { createRunDir, readRunRecord, renderRunSummary, runDirEnvVar, summarizeRun, writeRunRecord, writeRunSummary } from "../report/index.ts";
import { progressEnvVar } from "../progress/index.ts";
import type { Invocation } from "./commands.ts";
import { UsageError } from "./usageError.ts";

export async function run({ values, positionals: [matrixArg] }: Invocation<"run">): Promise<number> {
  const reporter = values.reporter;
  if (reporter !== "text" && reporter !== "json") throw new UsageError(`--reporter wants text or json, got '${reporter}'`);
  const project = await resolveProject();
  const matrixFile = matrixArg === undefined ? project.matrix : resolve(matrixArg);
  const runner = await createCellRunner({ project });
  const matrix = runner.loadMatrix(matrixFile);
  const selected = values.cell === undefined ? matrix.cells : selectCells(matrix.cells, values.cell);
  const mine = values.shard === undefined ? selected : (({ index, count }) => shard(selected, index, count))(parseShard(values.shard));
  sharedCache(); // a bad CROSSCHECK_SHARED_CACHE is the user's to fix before anything starts
  // With --reporter=json stdout carries the summary alone; everything else goes to stderr.
  const say = reporter === "json" ? (line: string) => process.stderr.write(`${line}\n`) : (line: string) => process.stdout.write(`${line}\n`);
  say(`crosscheck: ${matrix.name}: ${selected.length} of ${matrix.cells.length} cells${values.shard ? `, shard ${values.shard} (${mine.length} cells)` : ""}`);

  const { dir } = createRunDir(project.reportsDir, {
    matrix: matrix.name,
    matrixFile: displayPath(matrixFile),
    cells: mine.map((c) => c.id),
    ...(values.shard !== undefined ? { shard: values.shard } : {}),
  });
  const settings: RunSettings = {
    project,
    matrix: matrixFile,
    ...(values.cell !== undefined ? { cells: values.cell } : {}),
    ...(values.shard !== undefined ? { shard: values.shard } : {}),
    snapshotUpdate: snapshotUpdate(values["update-snapshots"]),
    rerunChecks: values["rerun-checks"],
    matrixWarned: true,
  };
  const display = reporter === "json" ? process.stderr : process.stdout;
  const terminal = display.isTTY === true && process.env["TERM"] !== "dumb";
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    [runSettingsEnvVar]: encodeRunSettings(settings),
    [runDirEnvVar]: dir,
    [progressEnvVar]: `${terminal ? "terminal" : "lines"}${reporter === "json" ? ":stderr" : ""}`,
  };
  // Installed, vitest may sit beside crosscheck in the project's node_modules rather than in its own.
  const vitest = join(dirname(createRequire(import.meta.url).resolve("vitest/package.json")), "vitest.mjs");
  // vitest runs the cells in worker processes of its own. In its own process group, a signal to
  // `crosscheck run` reaches all of them, as Ctrl-C in a terminal does: each worker removes its
  // build containers and ends (a signal to vitest's main process alone left the workers building).
  const child = spawn(process.execPath, [vitest, "run", "--config", join(packageRoot, "vitest.config.ts"), "suites/matrix.test.ts"], {
    env,
    stdio: reporter === "json" ? ["inherit", process.stderr, "inherit"] : "inherit",
    detached: true,
  });
  let interrupted = false;
  const forward = (signal: NodeJS.Signals) => {
    interrupted = true;
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // the group has already ended
    }
  };
  process.on("SIGINT", forward).on("SIGTERM", forward);
  const code = await new Promise<number>((resolve) =>
    child.on("exit", (status, signal) => {
      if (signal !== null) interrupted = true;
      resolve(status ?? (signal ? 130 : 1));
    }),
  );
  process.off("SIGINT", forward).off("SIGTERM", forward);

  const record = readRunRecord(dir);
  if (record !== null) writeRunRecord(dir, { ...record, ended: new Date().toISOString(), status: interrupted || code === 130 || code === 143 ? "interrupted" : "finished", exitCode: code });
  let summary;
  try {
    summary = summarizeRun(project.reportsDir, dir, { exitCode: code });
  } catch (error) {
    // The run directory went away under the run (a removed reports/): the run's status is all there is.
    process.stderr.write(`crosscheck: no summary: ${(error as Error).message}\n`);
    return code;
  }
  const dataFile = displayPath(writeRunSummary(summary));
  if (reporter === "json") process.stdout.write(JSON.stringify(summary, null, 2) + "\n");
  else process.stdout.write(`\n${renderRunSummary(summary, { dataFile, width: process.stdout.columns || 120 })}`);
  return code;
}
