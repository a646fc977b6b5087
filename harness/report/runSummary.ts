import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { flakyFlips, flakyWindow, readCellHistory, type CellHistoryFile } from "./cellHistory.ts";
import { reportPaths } from "./allureConfig.ts";
import { reproCommand } from "./reportedCell.ts";
import { cellRecordStates, listRunDirs, readCellRecords, readJsonLines, readRunRecord, runFiles, type CellRecord, type CellRecordState, type RunRecord } from "./runDirs.ts";

/**
 * The end of a run in a few lines: how many cells came out in each state, which cells changed
 * since their previous result (newly failing with the category, fixed, flaky), what to open and
 * what to run next. The same as data in the run's summary.json (`crosscheck run --reporter=json`
 * prints it). The previous result of a cell is the latest before this run: from
 * reports/history (what `crosscheck report` recorded) and from the run directories it has not
 * recorded yet.
 */

export interface ChangedCell {
  cell: string;
  key: string;
  state: CellRecordState;
  category?: string;
  message?: string;
  /** Its previous result: a state, or Allure's status for a result recorded without one; null when this is its first. */
  previous: string | null;
  repro?: string;
}

export interface BuildTotals {
  /** Derivations built by this run, and their build time added up. */
  built: number;
  failed: number;
  seconds: number;
}

export interface RunSummary {
  version: 1;
  run: string;
  dir: string;
  matrix: string;
  matrixFile: string;
  shard?: string;
  status: "finished" | "interrupted";
  exitCode: number;
  started: string;
  ended: string;
  seconds: number;
  cells: { selected: number; finished: number; notRun: string[] };
  states: Record<CellRecordState, number>;
  results: CellRecord[];
  changes: {
    /** When the latest earlier result of any of these cells was recorded; null when none was. */
    previousRun: string | null;
    newlyFailing: ChangedCell[];
    fixed: ChangedCell[];
    flaky: string[];
    /** Failing now as before. */
    stillFailing: ChangedCell[];
  };
  builds: BuildTotals;
  report: string;
  repro: string[];
}

type Outcome = "pass" | "fail" | "known-broken";

/** What a state says of the package: passing, failing, failing as marked, or nothing (not built, no emulator). */
export function outcomeOfState(state: string): Outcome | undefined {
  if (state === "passed" || state === "fixed") return "pass";
  if (state === "failed" || state === "infrastructure") return "fail";
  if (state === "known-broken") return "known-broken";
  return undefined;
}

function outcomeOfStatus(status: string): Outcome | undefined {
  if (status === "passed") return "pass";
  if (status === "failed" || status === "broken") return "fail";
  return undefined;
}

interface PriorResult {
  date: string;
  outcome: Outcome | undefined;
  label: string;
}

/** Every earlier result of each cell, oldest first: the history's, then run directories it does not have. */
function priorResults(reports: string, current: RunRecord, history: CellHistoryFile): Map<string, PriorResult[]> {
  const byKey = new Map<string, PriorResult[]>();
  const add = (key: string, result: PriorResult) => {
    if (!byKey.has(key)) byKey.set(key, []);
    byKey.get(key)!.push(result);
  };
  const runDates = new Map(history.runs.map((r) => [r.id, r.date]));
  for (const [key, cell] of Object.entries(history.cells)) {
    for (const s of cell.statuses) {
      const date = runDates.get(s.run);
      if (date === undefined || s.run === current.run) continue;
      add(key, { date, outcome: s.state !== undefined ? outcomeOfState(s.state) : outcomeOfStatus(s.status), label: s.state ?? s.status });
    }
  }
  for (const run of listRunDirs(reports)) {
    const record = run.record;
    if (record === null || record.run === current.run || runDates.has(record.run) || record.started >= current.started) continue;
    for (const cell of readCellRecords(run.dir)) add(cell.key, { date: cell.ended, outcome: outcomeOfState(cell.state), label: cell.state });
  }
  for (const list of byKey.values()) list.sort((a, b) => a.date.localeCompare(b.date));
  return byKey;
}

function buildTotals(dir: string): BuildTotals {
  const totals: BuildTotals = { built: 0, failed: 0, seconds: 0 };
  for (const e of readJsonLines<{ kind: string; status?: string; ms?: number }>(join(dir, runFiles.events))) {
    if (e.kind !== "build-done") continue;
    if (e.status === "built") totals.built++;
    else totals.failed++;
    totals.seconds += (e.ms ?? 0) / 1000;
  }
  totals.seconds = Math.round(totals.seconds);
  return totals;
}

/**
 * The summary of the run whose directory is `dir`, from what it wrote (run.json, cells.jsonl,
 * events.jsonl) and the earlier results under `reports`. Written to the run's summary.json.
 */
export function summarizeRun(reports: string, dir: string, options: { exitCode: number; now?: Date }): RunSummary {
  const record = readRunRecord(dir);
  if (record === null) throw new Error(`${join(dir, runFiles.record)} is missing or unreadable`);
  const ended = record.ended ?? (options.now ?? new Date()).toISOString();
  // A cell is in cells.jsonl once; the last line wins if a retry wrote it again.
  const results = [...new Map(readCellRecords(dir).map((c) => [c.cell, c])).values()];
  const finished = new Set(results.map((c) => c.cell));
  const notRun = record.cells.filter((c) => !finished.has(c));
  const states = Object.fromEntries(cellRecordStates.map((s) => [s, 0])) as Record<CellRecordState, number>;
  for (const c of results) states[c.state]++;

  const prior = priorResults(reports, record, readCellHistory(reportPaths(reports).cellHistory));
  const changed = (c: CellRecord, previous: PriorResult | undefined, withRepro: boolean): ChangedCell => ({
    cell: c.cell,
    key: c.key,
    state: c.state,
    ...(c.category !== undefined ? { category: c.category } : {}),
    ...(c.message !== undefined ? { message: c.message } : {}),
    previous: previous?.label ?? null,
    ...(withRepro ? { repro: reproCommand({ id: c.cell }) } : {}),
  });
  const changes: RunSummary["changes"] = { previousRun: null, newlyFailing: [], fixed: [], flaky: [], stillFailing: [] };
  for (const c of results) {
    const earlier = prior.get(c.key) ?? [];
    const last = earlier.at(-1);
    if (last !== undefined && (changes.previousRun === null || last.date > changes.previousRun)) changes.previousRun = last.date;
    const now = outcomeOfState(c.state);
    // The latest earlier result that says something of the package.
    const previous = [...earlier].reverse().find((p) => p.outcome !== undefined);
    if (now === "fail") {
      if (previous?.outcome === "fail") changes.stillFailing.push(changed(c, previous, false));
      else changes.newlyFailing.push(changed(c, previous, true));
    }
    if (now === "pass" && previous !== undefined && previous.outcome !== "pass") changes.fixed.push(changed(c, previous, false));
    const window = [...earlier.map((p) => p.outcome), now].filter((o) => o !== undefined).slice(-flakyWindow);
    const flips = window.slice(1).filter((o, i) => (o === "pass") !== (window[i] === "pass")).length;
    if (flips >= flakyFlips) changes.flaky.push(c.cell);
  }

  const interrupted = record.status === "interrupted" || (notRun.length > 0 && options.exitCode >= 128);
  return {
    version: 1,
    run: record.run,
    dir,
    matrix: record.matrix,
    matrixFile: record.matrixFile,
    ...(record.shard !== undefined ? { shard: record.shard } : {}),
    status: interrupted ? "interrupted" : "finished",
    exitCode: options.exitCode,
    started: record.started,
    ended,
    seconds: Math.round((Date.parse(ended) - Date.parse(record.started)) / 1000),
    cells: { selected: record.cells.length, finished: results.length, notRun },
    states,
    results,
    changes,
    builds: buildTotals(dir),
    report: "npx crosscheck report --open",
    repro: changes.newlyFailing.map((c) => c.repro!),
  };
}

export function writeRunSummary(summary: RunSummary): string {
  const file = join(summary.dir, runFiles.summary);
  writeFileSync(file, JSON.stringify(summary, null, 2) + "\n");
  return file;
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

const localTime = (iso: string): string => {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
};

const firstLine = (text: string | undefined): string => (text ?? "").split("\n")[0]!.trim();
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The summary as the user reads it at the end of a run: plain text, no colour. */
export function renderRunSummary(summary: RunSummary, options: { dataFile?: string; width?: number } = {}): string {
  const width = options.width ?? 100;
  const clip = (line: string) => (line.length > width ? `${line.slice(0, width - 1)}…` : line);
  const out: string[] = [];
  const { cells, builds } = summary;
  const ran = summary.status === "interrupted" ? `${cells.finished} of ${plural(cells.selected, "cell")} finished` : plural(cells.finished, "cell");
  const built =
    builds.built + builds.failed === 0
      ? "nothing built"
      : `${builds.built === 0 ? "nothing built" : `${plural(builds.built, "derivation")} built`}${builds.failed > 0 ? `, ${plural(builds.failed, "derivation")} failed to build` : ""}, ${formatDuration(builds.seconds)} of build time`;
  out.push(`${summary.matrix}${summary.shard !== undefined ? ` (shard ${summary.shard})` : ""}: ${ran} in ${formatDuration(summary.seconds)} (${built})`);
  out.push("");
  const labelWidth = Math.max(...cellRecordStates.map((s) => s.length));
  for (const state of cellRecordStates) out.push(`  ${state.padEnd(labelWidth)}  ${String(summary.states[state]).padStart(3)}`);
  out.push("");

  const { changes } = summary;
  const idWidth = Math.min(48, Math.max(0, ...[...changes.newlyFailing, ...changes.fixed, ...changes.stillFailing].map((c) => c.cell.length)));
  const row = (label: string, c: ChangedCell, what: string) => clip(`  ${label.padEnd(14)} ${c.cell.padEnd(idWidth)}  ${what}`);
  const since = changes.previousRun === null ? null : localTime(changes.previousRun);
  if (since === null) out.push("changes: none of these cells has an earlier result to compare with");
  else if (changes.newlyFailing.length + changes.fixed.length + changes.flaky.length === 0) out.push(`changes: none since the previous results (${since})`);
  else {
    out.push(`changed since the previous results (${since}):`);
    for (const c of changes.newlyFailing) {
      const before = c.previous === null ? "first result" : `was ${c.previous}`;
      out.push(row("newly failing", c, `${c.state === "infrastructure" ? "infrastructure: " : ""}${c.category ?? "no category"} (${before}): ${firstLine(c.message)}`));
    }
    for (const c of changes.fixed) out.push(row("fixed", c, `${c.state === "fixed" ? "passes although marked broken: remove the mark" : "passes"} (was ${c.previous})`));
    for (const id of changes.flaky) out.push(clip(`  ${"flaky".padEnd(14)} ${id}`));
  }
  if (changes.stillFailing.length > 0) {
    const shown = changes.stillFailing.slice(0, 10);
    for (const c of shown) out.push(row("still failing", c, c.category ?? "no category"));
    if (changes.stillFailing.length > shown.length) out.push(`  … and ${changes.stillFailing.length - shown.length} more still failing (the report lists them)`);
  }
  if (cells.notRun.length > 0) {
    out.push("");
    out.push(
      summary.status === "interrupted"
        ? `interrupted: ${plural(cells.notRun.length, "cell")} did not finish; the results of the ${cells.finished} that did are kept:`
        : `${plural(cells.notRun.length, "cell")} did not run (vitest ended before them: its messages are above):`,
    );
    for (const id of cells.notRun.slice(0, 20)) out.push(`  not run  ${id}`);
    if (cells.notRun.length > 20) out.push(`  … and ${cells.notRun.length - 20} more`);
  }
  out.push("");
  out.push(`report:  ${summary.report}`);
  for (const r of summary.repro) out.push(`repro:   ${r}`);
  if (options.dataFile !== undefined) out.push(`data:    ${options.dataFile}`);
  return out.join("\n") + "\n";
}
