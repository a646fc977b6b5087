/** The report room's front door: a cell in Allure (labels, attachments, its diagnosis rendered), results dirs, run directories, a run's summary, and the HTML report with its history. */
export { attachArtifacts, labelCell, reportFailure, reportPass } from "./allureCell.ts";
export { readCellResults } from "./allureResults.ts";
export { buildReport, NoResultsError } from "./buildReport.ts";
export { CellResultsReporter } from "./cellResultsReporter.ts";
export { labelNames } from "./labels.ts";
export { reporterOptions } from "./reporterOptions.ts";
export { findResultsDirs, plainResultsDirs, resultsDirFor } from "./resultsDirs.ts";
export {
  appendCellRecord,
  cellRecordStates,
  createRunDir,
  listRunDirs,
  readCellRecords,
  readRunRecord,
  runDirEnvVar,
  runFiles,
  runIdEnvVar,
  runsDirName,
  writeRunRecord,
  type CellRecord,
  type CellRecordState,
  type RunRecord,
} from "./runDirs.ts";
export { formatDuration, renderRunSummary, summarizeRun, writeRunSummary, type RunSummary } from "./runSummary.ts";
export { historyKey, reproCommand } from "./reportedCell.ts";
export { serveDirectory } from "./serve.ts";
export { vitestJsonReporter } from "./vitestJsonReporter.ts";
