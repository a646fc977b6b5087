/**
 * Matrices: YAML files of (build, host, target) platforms and packages, validated against
 * schema.json with every problem at its file:line:col, expanded into cells with stable ids.
 */
export type { Cell, Check, Expectation, Matrix, CellPlatform } from "./cell.ts";
export type { CellState, Outcome, RawResult, SkippedCheck } from "./outcome.ts";
export type { Location, Problem } from "./problem.ts";
export type { MatrixOptions } from "./load.ts";
export type { LimitName, MatrixLimits } from "./limits.ts";

export { checkNames, mustBeClean } from "./cell.ts";
export { cellId } from "./cellId.ts";
export { loadMatrix, parseMatrix } from "./load.ts";
export { defaultLimits, limitNames, limitSettings, parseLimit } from "./limits.ts";
export { MatrixError, formatProblem } from "./problem.ts";
export { cellStates, decideOutcome, failsTest } from "./outcome.ts";
export { selectCells } from "./select.ts";
export { parseShard, shard } from "./shard.ts";
