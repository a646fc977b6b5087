import type { Classification } from "./classify.ts";
import type { FailureEvidence } from "./evidence.ts";
import { knownBrokenPrefix } from "./labels.ts";
import { reproCommand, type ReportedCell } from "./reportedCell.ts";

/**
 * The error a cell's test throws when the cell fails. Its message is what Allure shows first and
 * what the categories match: `[category-id] Name in phase: first line`, then the hint. Its
 * stack is replaced by the evidence (matched lines, hint, repro command), since the harness's
 * own call stack says nothing about why a cross build broke.
 */
export class CellFailure extends Error {
  override readonly name: string = "CellFailure";
  constructor(
    message: string,
    /** Kept as a plain string: vitest serializes errors across workers, and the table holds functions. */
    readonly categoryId: string,
    details: string,
  ) {
    super(message);
    this.stack = `${message}\n\n${details}`;
  }
}

/**
 * The package is at fault: Allure reports "failed" (a product defect). allure-js tells failed
 * from broken by the error's class name containing "Assert", hence the name.
 */
export class CellAssertionFailure extends CellFailure {
  override readonly name = "CellAssertionFailure";
}

/** The machinery is at fault (engine, disk, emulator, time limit): Allure reports "broken". */
export class CellInfrastructureFailure extends CellFailure {
  override readonly name = "CellInfrastructureFailure";
}

export function failureMessage(cell: ReportedCell, evidence: FailureEvidence, classification: Classification): string {
  const { category, lines } = classification;
  const first = lines[0]?.text ?? "";
  const known = cell.expectation.kind === "broken" ? `${knownBrokenPrefix} ` : "";
  return `${known}[${category.id}] ${category.name} in ${evidence.phase}: ${first}\nhint: ${category.hint}`;
}

export function failureDetails(cell: ReportedCell, classification: Classification): string {
  const lines = classification.lines.map((l) => (l.lineNumber !== undefined ? `  ${String(l.lineNumber).padStart(5)} | ${l.text}` : `        | ${l.text}`));
  const known =
    cell.expectation.kind === "broken"
      ? [`known broken: ${cell.expectation.reason}${cell.expectation.at !== undefined ? `, marked at ${cell.expectation.at}` : ""}`]
      : [];
  return [...known, "matched:", ...lines, "", `hint: ${classification.category.hint}`, `reproduce: ${reproCommand(cell)}`].join("\n");
}

export function cellFailure(cell: ReportedCell, evidence: FailureEvidence, classification: Classification): CellFailure {
  const message = failureMessage(cell, evidence, classification);
  const details = failureDetails(cell, classification);
  return classification.category.blamesPackage
    ? new CellAssertionFailure(message, classification.category.id, details)
    : new CellInfrastructureFailure(message, classification.category.id, details);
}
