import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";

/**
 * Each `crosscheck run` writes into a results directory of its own, reports/runs/<dir>/, so that
 * nothing one run writes is cleared or mixed by another (two runs at once on one store, a run
 * after an interrupted one, the shards of a night):
 *
 *   run.json            what the run is (matrix, selected cells, shard), when it started and
 *                       ended and how (finished, interrupted), written at start and at the end
 *   cells.jsonl         one line per cell as it ends: its state, category, message
 *   events.jsonl        what the workers did as they did it (derivations built, images), for
 *                       the live progress and the summary
 *   allure-results/     the Allure results, each cell's written when the cell ends
 *   vitest-results.json vitest's JSON report, written when vitest ends
 *   summary.json        the end-of-run summary as data (what `--reporter=json` prints)
 *
 * A directory belongs to a run (`run` in run.json): its own name, or one id shared by the
 * shards of one CI run (CROSSCHECK_RUN_ID, or GitHub Actions' run id and attempt), so that
 * `crosscheck report` takes them as one run.
 */

export const runsDirName = "runs";
/** The env var naming this run's directory, set by `crosscheck run` for vitest and its workers. */
export const runDirEnvVar = "CROSSCHECK_RUN_DIR";
/** The env var that makes the directories of several processes (the shards of a CI run) one run. */
export const runIdEnvVar = "CROSSCHECK_RUN_ID";

export type RunStatus = "running" | "finished" | "interrupted";

export interface RunRecord {
  version: 1;
  /** The run this directory is part of. */
  run: string;
  matrix: string;
  /** The matrix file, as the user named it. */
  matrixFile: string;
  /** The ids of the cells the run selected, in the matrix's order. */
  cells: string[];
  shard?: string;
  started: string;
  ended?: string;
  status: RunStatus;
  /** vitest's exit status, once it ended. */
  exitCode?: number;
  pid: number;
  hostname: string;
}

/** What a cell's end leaves in cells.jsonl: the state the runner decided, and why. */
export interface CellRecord {
  cell: string;
  matrix: string;
  /** The history key, matrix/cell (historyKey in reportedCell.ts). */
  key: string;
  state: CellRecordState;
  /** The diagnosis's category, for a cell that did not pass. */
  category?: string;
  /** The first line of what happened, for a cell that did not pass. */
  message?: string;
  seconds: number;
  /** What the run wants the user to know of the cell: skipped checks, a snapshot written. */
  notes?: string[];
  ended: string;
}

/** The runner's states; a test that failed without one (a harness error, vitest's own timeout) is infrastructure. */
export const cellRecordStates = ["passed", "failed", "known-broken", "fixed", "unsatisfiable", "emulator", "infrastructure"] as const;
export type CellRecordState = (typeof cellRecordStates)[number];

export const runFiles = {
  record: "run.json",
  cells: "cells.jsonl",
  events: "events.jsonl",
  allure: "allure-results",
  vitest: "vitest-results.json",
  summary: "summary.json",
} as const;

/** The run id of a new run: CROSSCHECK_RUN_ID, GitHub Actions' run (so its shards are one run), else none (the directory's name). */
export function sharedRunId(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const own = env[runIdEnvVar];
  if (own !== undefined && own !== "") return own;
  const github = env["GITHUB_RUN_ID"];
  if (github !== undefined && github !== "") return `github-${github}-${env["GITHUB_RUN_ATTEMPT"] ?? "1"}`;
  return undefined;
}

const stamp = (d: Date): string => d.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);

export interface NewRun {
  matrix: string;
  matrixFile: string;
  cells: string[];
  shard?: string;
}

/** Makes this run's directory (a name no other process has) and writes its run.json. */
export function createRunDir(reports: string, run: NewRun, now: Date = new Date(), env: NodeJS.ProcessEnv = process.env): { dir: string; record: RunRecord } {
  const shard = run.shard === undefined ? "" : `-shard-${run.shard.replace("/", "-of-")}`;
  const name = `${stamp(now)}-${randomBytes(3).toString("hex")}${shard}`;
  const dir = join(reports, runsDirName, name);
  mkdirSync(join(dir, runFiles.allure), { recursive: true });
  const record: RunRecord = {
    version: 1,
    run: sharedRunId(env) ?? name,
    matrix: run.matrix,
    matrixFile: run.matrixFile,
    cells: run.cells,
    ...(run.shard !== undefined ? { shard: run.shard } : {}),
    started: now.toISOString(),
    status: "running",
    pid: process.pid,
    hostname: hostname(),
  };
  writeRunRecord(dir, record);
  return { dir, record };
}

/** Written whole and renamed into place: a reader never sees half a record. */
export function writeRunRecord(dir: string, record: RunRecord): void {
  const file = join(dir, runFiles.record);
  writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(record, null, 2) + "\n");
  renameSync(`${file}.${process.pid}.tmp`, file);
}

export function readRunRecord(dir: string): RunRecord | null {
  try {
    const record = JSON.parse(readFileSync(join(dir, runFiles.record), "utf8")) as RunRecord;
    return record.version === 1 ? record : null;
  } catch {
    return null;
  }
}

/** Appends one cell's end: one line, written at once, so that an interrupted run keeps every finished cell. */
export function appendCellRecord(dir: string, record: CellRecord): void {
  appendFileSync(join(dir, runFiles.cells), JSON.stringify(record) + "\n");
}

/** Every JSON line of a file that parses (a line cut short by a kill is skipped). */
export function readJsonLines<T>(file: string): T[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .flatMap((line) => {
      if (line.trim() === "") return [];
      try {
        return [JSON.parse(line) as T];
      } catch {
        return [];
      }
    });
}

export function readCellRecords(dir: string): CellRecord[] {
  return readJsonLines<CellRecord>(join(dir, runFiles.cells));
}

/** Whether the process that writes a run is still at it: its record says running and its process exists here. */
export function stillRunning(record: RunRecord): boolean {
  if (record.status !== "running") return false;
  if (record.hostname !== hostname()) return false;
  try {
    process.kill(record.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** One run directory: where it is and its record (null for a directory without one). */
export interface RunDir {
  dir: string;
  name: string;
  record: RunRecord | null;
}

/** Every run directory under reports/runs, oldest first (their names start with the start time). */
export function listRunDirs(reports: string): RunDir[] {
  const root = join(reports, runsDirName);
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => ({ dir: join(root, name), name, record: readRunRecord(join(root, name)) }));
}

export function removeRunDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
