import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { CellResult } from "./allureResults.ts";

/**
 * crosscheck's own compact history: one status per cell per run, kept next to Allure's history
 * under reports/history/ so that a nightly job only has to keep reports/. Allure draws the
 * trends; this file answers the questions the CLI prints (what broke, what got fixed, what
 * flip-flops) and survives a change of Allure version.
 */
export interface CellHistoryFile {
  version: 1;
  runs: { id: string; date: string }[];
  /** The runs the latest report showed, so that generating it again shows them again. */
  lastReport?: string[];
  cells: Record<string, { name: string; statuses: { run: string; status: CellResult["status"]; category?: string; state?: string }[] }>;
}

export interface Trends {
  /** Failed or broken now, passed in the previous run that had the cell. */
  newlyFailing: string[];
  /** Passed now, failed or broken in the previous run that had the cell. */
  fixed: string[];
  /** Changed between passing and failing at least `flakyFlips` times within the window. */
  flaky: string[];
}

/** Nightly runs kept: a month is enough to see a trend and small enough to diff. */
export const keptRuns = 30;
/** The window and the number of pass/fail flips that make a cell flaky. */
export const flakyWindow = 10;
export const flakyFlips = 2;

const empty = (): CellHistoryFile => ({ version: 1, runs: [], cells: {} });

export function readCellHistory(file: string): CellHistoryFile {
  if (!existsSync(file)) return empty();
  const parsed = JSON.parse(readFileSync(file, "utf8")) as CellHistoryFile;
  return parsed.version === 1 ? parsed : empty();
}

/**
 * A run is identified by its results, so that generating the report twice from the same results
 * (a re-run of `crosscheck report`) does not count as a second night.
 */
export function runId(results: readonly CellResult[]): string {
  const hash = createHash("sha256");
  for (const uuid of results.map((r) => r.uuid).sort()) hash.update(uuid + "\n");
  return hash.digest("hex").slice(0, 16);
}

/** Appends one run's results; `id` is the run's (its directory's run id), by default one made from its results. */
export function appendRun(history: CellHistoryFile, results: readonly CellResult[], date: Date, id: string = runId(results)): CellHistoryFile {
  const next: CellHistoryFile = structuredClone(history);
  if (next.runs.some((r) => r.id === id)) return next;
  next.runs.push({ id, date: date.toISOString() });
  for (const r of results) {
    const cell = (next.cells[r.historyKey] ??= { name: r.name, statuses: [] });
    cell.name = r.name;
    cell.statuses.push({ run: id, status: r.status, ...(r.category !== undefined ? { category: r.category } : {}), ...(r.state !== undefined ? { state: r.state } : {}) });
  }
  // Forget runs beyond the window, and cells that no run in it has.
  const kept = new Set(next.runs.slice(-keptRuns).map((r) => r.id));
  next.runs = next.runs.filter((r) => kept.has(r.id));
  for (const [key, cell] of Object.entries(next.cells)) {
    cell.statuses = cell.statuses.filter((s) => kept.has(s.run));
    if (cell.statuses.length === 0) delete next.cells[key];
  }
  return next;
}

const passing = (s: CellResult["status"]): boolean | undefined =>
  s === "passed" ? true : s === "failed" || s === "broken" ? false : undefined;

/**
 * What changed in `runs` (the runs of one report; the latest run by default): a cell whose
 * latest result is from one of them, compared with its result before.
 */
export function trends(history: CellHistoryFile, runs?: ReadonlySet<string>): Trends {
  const latest = runs ?? new Set(history.runs.slice(-1).map((r) => r.id));
  const result: Trends = { newlyFailing: [], fixed: [], flaky: [] };
  for (const [key, cell] of Object.entries(history.cells).sort(([a], [b]) => a.localeCompare(b))) {
    // Skipped runs say nothing about the cell.
    const outcomes = cell.statuses.flatMap((s) => {
      const p = passing(s.status);
      return p === undefined ? [] : [{ run: s.run, pass: p }];
    });
    const last = outcomes.at(-1);
    const previous = outcomes.at(-2);
    if (last !== undefined && latest.has(last.run) && previous !== undefined) {
      if (previous.pass && !last.pass) result.newlyFailing.push(key);
      if (!previous.pass && last.pass) result.fixed.push(key);
    }
    const window = outcomes.slice(-flakyWindow);
    const flips = window.slice(1).filter((o, i) => o.pass !== window[i]?.pass).length;
    if (flips >= flakyFlips) result.flaky.push(key);
  }
  return result;
}

export function writeCellHistory(file: string, history: CellHistoryFile): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(history, null, 1) + "\n");
}
