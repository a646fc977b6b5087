import * as allure from "allure-js-commons";
import type { Diagnosis } from "../diagnosis/index.ts";
import { cellFailure, type CellFailure } from "./cellFailure.ts";
import { labelNames } from "./labels.ts";
import { logTail } from "./logText.ts";
import { historyKey, reproCommand, type ReportedCell } from "./reportedCell.ts";

/**
 * What the vitest suites call inside each cell's test, so that every cell looks the same in
 * Allure: grouped by matrix (parentSuite), host platform (suite) and package (subSuite),
 * Allure's `package` the package, parametrized by build, host and target, with the evidence a
 * reader needs to act. (cellLabels.ts drops what allure-vitest says in the same labels.)
 */

const text = allure.ContentType.TEXT;

/** Call first in a cell's test: labels and parameters, so even a crash before the build shows the cell in its place. */
export async function labelCell(cell: ReportedCell): Promise<void> {
  await allure.parentSuite(cell.matrix);
  await allure.suite(cell.host.name);
  await allure.subSuite(cell.package);
  await allure.label(allure.LabelName.PACKAGE, cell.package);
  await allure.tags(`package:${cell.package}`, `host:${cell.host.name}`);
  await allure.label(labelNames.cell, cell.id);
  await allure.label(labelNames.expect, cell.expectation.kind);
  await allure.parameter("build", cell.build.name);
  await allure.parameter("host", cell.host.name);
  await allure.parameter("target", cell.target.name);
  await allure.historyId(historyKey(cell));
  await allure.testCaseId(historyKey(cell));
  const repro = reproCommand(cell);
  const known =
    cell.expectation.kind === "broken"
      ? `\n\n**Known broken:** ${cell.expectation.reason}` +
        (cell.expectation.until !== undefined ? ` (until ${cell.expectation.until})` : "") +
        (cell.expectation.at !== undefined ? `, marked at \`${cell.expectation.at}\`` : "")
      : "";
  await allure.description(`Cell \`${cell.id}\` of matrix \`${cell.matrix}\`.${known}\n\nReproduce:\n\n    ${repro}\n`);
  await allure.attachment("repro command", `${repro}\n`, text);
  // A link needs a URL; where the project publishes its repro instructions, point there.
  const base = process.env["CROSSCHECK_REPRO_URL"];
  if (base !== undefined && base !== "") {
    await allure.link(`${base}${base.includes("#") ? "" : "#"}${encodeURIComponent(cell.id)}`, repro, "repro");
  }
}

export interface CellArtifacts {
  /** The plan, as readable text (the planner's printout, not JSON). */
  plan?: string;
  /** The closure snapshot diff, when the closure differs from its snapshot. */
  closureDiff?: string;
  /** The installCheck's log, how its host binaries ran, and when a reused result ran. */
  installCheck?: { log: string; runner: string; cachedFrom: string | null };
  /** The cross build compared with the native one, file by file (the `equivalence` check), passed or not. */
  equivalenceReport?: string;
}

export async function attachArtifacts(artifacts: CellArtifacts): Promise<void> {
  if (artifacts.plan !== undefined) await allure.attachment("plan", artifacts.plan, text);
  if (artifacts.closureDiff !== undefined && artifacts.closureDiff !== "") {
    await allure.attachment("closure snapshot diff", artifacts.closureDiff, { contentType: "text/x-diff", fileExtension: "diff" });
  }
  const check = artifacts.installCheck;
  if (check !== undefined) {
    // A reused result shows the log of the run it came from, and says so in the name.
    const how = check.cachedFrom === null ? check.runner : `${check.runner}, cached from ${check.cachedFrom}`;
    await allure.attachment(`installCheck log (${how})`, check.log, text);
  }
  if (artifacts.equivalenceReport !== undefined) await allure.attachment("equivalence report (cross against native)", artifacts.equivalenceReport, text);
}

/**
 * Labels the cell with its diagnosis's category and phase and attaches the failing phase's log
 * (tail first: it is what a reader opens). Returns the error the test throws when the failure
 * fails the test, whose message carries the category and its hint.
 */
export async function reportFailure(cell: ReportedCell, diagnosis: Diagnosis): Promise<CellFailure> {
  await allure.label(labelNames.category, diagnosis.category.id);
  await allure.label(labelNames.phase, diagnosis.phase);
  await allure.attachment(`${diagnosis.phase} log (tail)`, logTail(diagnosis.log), text);
  await allure.attachment(`${diagnosis.phase} log`, diagnosis.log, text);
  return cellFailure(cell, diagnosis);
}

/** A cell the matrix marks broken passes: tag it, so the fix stands out and the mark gets removed. */
export async function reportPass(cell: ReportedCell): Promise<void> {
  if (cell.expectation.kind === "broken") {
    await allure.tag("fixed");
    await allure.attachment(
      "fixed",
      `Marked broken (${cell.expectation.reason}) but passes now: remove the mark` +
        (cell.expectation.at !== undefined ? ` at ${cell.expectation.at}` : "") +
        ".\n",
      text,
    );
  }
}
