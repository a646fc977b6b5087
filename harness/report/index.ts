/** The report room's front door: a cell in Allure (labels, attachments, its diagnosis rendered), results dirs, and the HTML report with its history. */
export { attachArtifacts, labelCell, reportFailure, reportPass } from "./allureCell.ts";
export { readCellResults } from "./allureResults.ts";
export { buildReport, NoResultsError } from "./buildReport.ts";
export { reporterOptions } from "./reporterOptions.ts";
export { findResultsDirs, resultsDirFor } from "./resultsDirs.ts";
export { serveDirectory } from "./serve.ts";
