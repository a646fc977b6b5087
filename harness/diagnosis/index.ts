/**
 * Why a cell failed, decided once: the phases a cell can fail in, the evidence it leaves, the
 * table of failure categories (each with its blame, which decides the cell's state) and the
 * diagnosis that puts a failure into one of them.
 */
export type { Blame, FailureCategory } from "./categories.ts";
export type { Diagnosis, MatchedLine } from "./diagnose.ts";
export type { FailureEvidence } from "./evidence.ts";
export type { Phase } from "./phase.ts";

export { categories } from "./categories.ts";
export { diagnose } from "./diagnose.ts";
export { builtPhase } from "./phase.ts";
