import type { Diagnosis } from "../diagnosis/index.ts";
import { knownBrokenPrefix } from "./labels.ts";
import { reproCommand, type ReportedCell } from "./reportedCell.ts";

/**
 * The error a cell's test throws when the cell fails. Its message is what Allure shows first and
 * what the categories match: `[category-id]` before the diagnosis's message. Its stack is
 * replaced by the evidence (matched lines, hint, repro command), since the harness's own call
 * stack says nothing about why a cross build broke.
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

export function failureMessage(cell: ReportedCell, diagnosis: Diagnosis): string {
  const known = cell.expectation.kind === "broken" ? `${knownBrokenPrefix} ` : "";
  return `${known}[${diagnosis.category.id}] ${diagnosis.message}`;
}

export function failureDetails(cell: ReportedCell, diagnosis: Diagnosis): string {
  const lines = diagnosis.lines.map((l) => (l.lineNumber !== undefined ? `  ${String(l.lineNumber).padStart(5)} | ${l.text}` : `        | ${l.text}`));
  const known =
    cell.expectation.kind === "broken"
      ? [`known broken: ${cell.expectation.reason}${cell.expectation.at !== undefined ? `, marked at ${cell.expectation.at}` : ""}`]
      : [];
  return [...known, "matched:", ...lines, "", `hint: ${diagnosis.category.hint}`, `reproduce: ${reproCommand(cell)}`].join("\n");
}

export function cellFailure(cell: ReportedCell, diagnosis: Diagnosis): CellFailure {
  const message = failureMessage(cell, diagnosis);
  const details = failureDetails(cell, diagnosis);
  return diagnosis.category.blame === "package"
    ? new CellAssertionFailure(message, diagnosis.category.id, details)
    : new CellInfrastructureFailure(message, diagnosis.category.id, details);
}
