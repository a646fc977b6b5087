/**
 * Names of crosscheck's own Allure labels. Allure 3 categories and crosscheck's history match on
 * them, so they are written in one place.
 */
export const labelNames = {
  cell: "crosscheck.cell",
  /** The failure category id from the diagnosis (absent on passing cells). */
  category: "crosscheck.category",
  /** `pass` or `broken`: what the matrix expects of the cell. */
  expect: "crosscheck.expect",
  phase: "crosscheck.phase",
  /** The cell's state as the runner decided it (passed, failed, known-broken, ...). */
  state: "state",
} as const;

/** Prefix of the failure message of a cell the matrix marks broken: Allure resolves it as known. */
export const knownBrokenPrefix = "[known broken]";
