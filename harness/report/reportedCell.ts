/**
 * The part of a matrix cell the report needs. Structural, so that `Cell` from harness/matrix
 * fits without the report importing the matrix module.
 */
export interface ReportedCell {
  id: string;
  matrix: string;
  package: string;
  build: { name: string };
  host: { name: string };
  target: { name: string };
  expectation: { kind: "pass" } | { kind: "broken"; reason: string; until?: string | undefined; at?: string };
}

/** The one command that rebuilds this cell on the user's machine. */
export function reproCommand(cell: Pick<ReportedCell, "id">): string {
  return `npx crosscheck repro ${cell.id}`;
}

/**
 * Allure's history key. Explicit, so that a cell keeps its history when the suite file or the
 * test's title changes: the matrix and the cell id are what a user means by "the same cell".
 */
export function historyKey(cell: Pick<ReportedCell, "matrix" | "id">): string {
  return `${cell.matrix}/${cell.id}`;
}
