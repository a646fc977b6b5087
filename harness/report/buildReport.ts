import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { allure2Categories } from "./allureCategories.ts";
import { reportPaths, type ReportPaths } from "./allureConfig.ts";
import { removeNonCellResults, readCellResults, type CellResult } from "./allureResults.ts";
import { appendRun, readCellHistory, runId, trends, writeCellHistory, type Trends } from "./cellHistory.ts";
import { generateHtml } from "./generate.ts";
import { matrixGrids, writeMatrixGrid } from "./matrixGrid.ts";
import { plainResultsDirs } from "./resultsDirs.ts";
import { listRunDirs, removeRunDir, runFiles, runsDirName, stillRunning } from "./runDirs.ts";
import { executorInfo } from "./resultsMetadata.ts";

/** One run in a report: the results dirs it wrote (its shards'), and their results. */
export interface ReportedRun {
  id: string;
  /** When it started (a plain results dir: when its last test ended). */
  date: string;
  dirs: string[];
  results: CellResult[];
  /** Run directories (reports/runs/<dir>) it has; none for a plain vitest run's results dir. */
  runDirs: string[];
}

export interface BuiltReport {
  paths: ReportPaths;
  resultsDirs: string[];
  results: CellResult[];
  trends: Trends;
  /** The runs in this report, oldest first. */
  runs: ReportedRun[];
  /** Run directories left out because their run is still going. */
  running: string[];
  /** Run directories removed: runs an earlier report recorded. */
  pruned: string[];
  /** The matrix grid page beside the report (matrixGrid.ts). */
  grid: string;
}

export class NoResultsError extends Error {}
export class AllureGenerateError extends Error {}

const hasResults = (dir: string): boolean => existsSync(dir) && readdirSync(dir).some((f) => f.endsWith("-result.json"));

/** Every run with results under `reports/`: each run directory by its run (shards of one CI run together), and plain vitest results dirs as one run. */
function findRuns(reports: string): { runs: ReportedRun[]; running: string[] } {
  const byId = new Map<string, ReportedRun>();
  const running: string[] = [];
  const plain = plainResultsDirs(reports).filter(hasResults);
  if (plain.length > 0) {
    removeNonCellResults(plain);
    const results = readCellResults(plain);
    const stops = results.map((r) => r.stop ?? 0).filter((s) => s > 0);
    if (results.length > 0) byId.set(runId(results), { id: runId(results), date: new Date(stops.length > 0 ? Math.max(...stops) : Date.now()).toISOString(), dirs: plain, results, runDirs: [] });
  }
  for (const run of listRunDirs(reports)) {
    const dir = join(run.dir, runFiles.allure);
    if (!hasResults(dir)) continue;
    if (run.record !== null && stillRunning(run.record)) {
      running.push(run.dir);
      continue;
    }
    removeNonCellResults([dir]);
    const id = run.record?.run ?? run.name;
    const entry = byId.get(id) ?? { id, date: run.record?.started ?? new Date().toISOString(), dirs: [], results: [], runDirs: [] };
    entry.dirs.push(dir);
    entry.runDirs.push(run.dir);
    entry.results.push(...readCellResults([dir]));
    byId.set(id, entry);
  }
  const runs = [...byId.values()].filter((r) => r.results.length > 0).sort((a, b) => a.date.localeCompare(b.date));
  return { runs, running };
}

/**
 * Turns the runs under `reports/` that no report has recorded yet into one HTML report in
 * reports/html with the matrix grid beside it (grid.html), each run appended to both histories under reports/history as a run of its own
 * (oldest first), so that two runs at once, or a run after an interrupted one, are two runs and
 * never one run of twice the cells. With no new run, the runs of the previous report are
 * reported again. A run still going is left for the next report. Run directories that an
 * earlier report recorded are removed once this one is written: history keeps what they said.
 */
export async function buildReport(reports: string, now: Date = new Date()): Promise<BuiltReport> {
  const paths = reportPaths(reports);
  const { runs, running } = findRuns(reports);
  let history = readCellHistory(paths.cellHistory);
  const recorded = new Set(history.runs.map((r) => r.id));
  const fresh = runs.filter((r) => !recorded.has(r.id));
  const previous = new Set(history.lastReport ?? []);
  const selected = fresh.length > 0 ? fresh : runs.filter((r) => previous.has(r.id)).length > 0 ? runs.filter((r) => previous.has(r.id)) : runs.slice(-1);
  if (selected.length === 0) {
    const still = running.length > 0 ? ` (${running.length} run${running.length === 1 ? " is" : "s are"} still going: ${running.map((d) => basename(d)).join(", ")})` : "";
    throw new NoResultsError(`no Allure results under ${join(reports, runsDirName, "*", runFiles.allure)} or ${join(reports, "allure-results*")}${still}: run the suites first (crosscheck run)`);
  }
  const resultsDirs = selected.flatMap((r) => r.dirs);
  for (const dir of resultsDirs) {
    // Today's categories, whatever version of the table the run had; the run's own environment
    // and executor stay if the reporter wrote them.
    writeFileSync(join(dir, "categories.json"), JSON.stringify(allure2Categories(), null, 2) + "\n");
    if (!existsSync(join(dir, "executor.json"))) {
      const name = dir.includes(`${runsDirName}/`) ? basename(join(dir, "..")) : basename(dir);
      writeFileSync(join(dir, "executor.json"), JSON.stringify({ ...executorInfo(), buildName: `${executorInfo().buildName ?? ""} (${name})` }, null, 2) + "\n");
    }
  }
  for (const run of selected) history = appendRun(history, run.results, new Date(run.date ?? now), run.id);
  history.lastReport = selected.map((r) => r.id);
  const generated = await generateHtml(paths, resultsDirs);
  if (generated.code !== 0 || !existsSync(join(paths.html, "index.html"))) {
    throw new AllureGenerateError(`allure generate failed (exit ${generated.code}):\n${generated.output}`);
  }
  const results = selected.flatMap((r) => r.results);
  const grid = writeMatrixGrid(paths.html, matrixGrids(results, history), now);
  // Only once the report exists: a failed generation must not count as a night.
  writeCellHistory(paths.cellHistory, history);
  const inReport = new Set(selected.map((r) => r.id));
  const pruned = runs.filter((r) => !inReport.has(r.id) && history.runs.some((h) => h.id === r.id)).flatMap((r) => r.runDirs);
  for (const dir of pruned) removeRunDir(dir);
  return { paths, resultsDirs, results, trends: trends(history, inReport), runs: selected, running, pruned, grid };
}
