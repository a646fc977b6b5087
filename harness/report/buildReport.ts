import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { allure2Categories } from "./allureCategories.ts";
import { reportPaths, type ReportPaths } from "./allureConfig.ts";
import { normalizeSuiteLabels, readCellResults, type CellResult } from "./allureResults.ts";
import { appendRun, readCellHistory, trends, writeCellHistory, type Trends } from "./cellHistory.ts";
import { generateHtml } from "./generate.ts";
import { findResultsDirs } from "./resultsDirs.ts";
import { executorInfo } from "./resultsMetadata.ts";

export interface BuiltReport {
  paths: ReportPaths;
  resultsDirs: string[];
  results: CellResult[];
  trends: Trends;
}

export class NoResultsError extends Error {}
export class AllureGenerateError extends Error {}

/**
 * Turns every results dir under `reports/` (one per shard) into one HTML report in
 * reports/html, appending this run to both histories under reports/history.
 */
export async function buildReport(reports: string, now: Date = new Date()): Promise<BuiltReport> {
  const paths = reportPaths(reports);
  const resultsDirs = findResultsDirs(reports).filter((d) => readdirSync(d).some((f) => f.endsWith("-result.json")));
  if (resultsDirs.length === 0) {
    throw new NoResultsError(`no Allure results under ${join(reports, "allure-results*")}: run the suites first (crosscheck run)`);
  }
  for (const dir of resultsDirs) {
    // Today's categories, whatever version of the table the run had; the run's own environment
    // and executor stay if the reporter wrote them.
    writeFileSync(join(dir, "categories.json"), JSON.stringify(allure2Categories(), null, 2) + "\n");
    if (!existsSync(join(dir, "executor.json"))) {
      writeFileSync(join(dir, "executor.json"), JSON.stringify({ ...executorInfo(), buildName: `${executorInfo().buildName ?? ""} (${basename(dir)})` }, null, 2) + "\n");
    }
  }
  normalizeSuiteLabels(resultsDirs);
  const results = readCellResults(resultsDirs);
  const history = appendRun(readCellHistory(paths.cellHistory), results, now);
  const generated = await generateHtml(paths, resultsDirs);
  if (generated.code !== 0 || !existsSync(join(paths.html, "index.html"))) {
    throw new AllureGenerateError(`allure generate failed (exit ${generated.code}):\n${generated.output}`);
  }
  // Only once the report exists: a failed generation must not count as a night.
  writeCellHistory(paths.cellHistory, history);
  return { paths, resultsDirs, results, trends: trends(history) };
}
