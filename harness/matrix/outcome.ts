import type { Blame } from "../diagnosis/index.ts";
import type { Check, Expectation } from "./cell.ts";

/**
 * How a cell ended. Only "failed" blames the package; the others say whose problem it is.
 *   passed          every check ran and held
 *   failed          the package's fault: a build, a check or the closure went wrong (also when
 *                   its broken mark has expired, or names another failure category than the one
 *                   it failed with: the failure counts again, and the message says so)
 *   known-broken    failed, and the matrix marks it broken (a `broken:` mark) that still holds
 *   fixed           passed although marked broken: the mark can go
 *   unsatisfiable   no plan can be made for this platform (meta.platforms, no toolchain, an
 *                   impossible dependency), found before building anything
 *   emulator        the emulator crashed or lacks a syscall while running host programs
 *   infrastructure  the machine failed the cell: engine gone, disk full, out of memory, fetch
 *                   failed, or a phase ran past its time limit
 */
export const cellStates = [
  "passed",
  "failed",
  "known-broken",
  "fixed",
  "unsatisfiable",
  "emulator",
  "infrastructure",
] as const;
export type CellState = (typeof cellStates)[number];

/** A check that did not run, and why (no emulator for wasm32-wasi, no recipe checks, …). */
export interface SkippedCheck {
  check: Check;
  reason: string;
}

/**
 * What running a cell produced, before its expectation is applied; the runner fills this in.
 * A failure is its diagnosis, whose category decides whose fault it is. `reason` says what went
 * wrong where no diagnosis is needed: the planner found no plan, or the machinery itself failed.
 */
export type RawResult = { skippedChecks: SkippedCheck[] } & (
  | { status: "passed" }
  | { status: "failed"; failure: { category: { id: string; blame: Blame }; message: string } }
  | { status: "unsatisfiable" | "infrastructure"; reason: string }
);

/** The state of a failure that is not the package's, by its category's blame. */
const stateOfBlame = { emulator: "emulator", machine: "infrastructure" } as const satisfies Record<Exclude<Blame, "package">, CellState>;

export interface Outcome {
  state: CellState;
  message: string;
  /** Recorded apart from the state: a passed cell whose run check was skipped is still passed. */
  skippedChecks: SkippedCheck[];
}

/**
 * Which states fail the cell's test. "failed" does, whether or not a mark expired.
 * "infrastructure" does too, though it doesn't blame the package: a run whose machine is
 * broken must not come out green. "known-broken" and "fixed" don't: the mark says what to
 * expect, and reports show fixed cells so the mark gets removed. "unsatisfiable" and "emulator"
 * don't either: nothing the package did is in question, and the report shows them as skipped.
 */
export function failsTest(state: CellState): boolean {
  return state === "failed" || state === "infrastructure";
}

/**
 * Combines what a cell produced with what the matrix expects of it. A broken mark covers only
 * the package's own failure: an unsatisfiable plan, a machinery fault, and a failure whose
 * category blames the emulator or the machine are reported as such, marked or not. `today`
 * decides whether an `until` date has passed; a mark holds through its `until` day (UTC) and
 * expires the day after. A mark that names a category covers only failures of that category: a
 * cell kept to show one failure class must not go on passing as "known broken" once it breaks
 * some other way.
 */
export function decideOutcome(expectation: Expectation, raw: RawResult, today: Date): Outcome {
  const { skippedChecks } = raw;
  if (raw.status !== "passed" && raw.status !== "failed") {
    return { state: raw.status, message: raw.reason, skippedChecks };
  }
  if (raw.status === "passed") {
    if (expectation.kind === "pass") return { state: "passed", message: "passed", skippedChecks };
    return { state: "fixed", message: `passed although marked broken at ${expectation.at} (${expectation.reason}): remove the mark`, skippedChecks };
  }
  const { message: why, category: failed } = raw.failure;
  if (failed.blame !== "package") return { state: stateOfBlame[failed.blame], message: why, skippedChecks };
  if (expectation.kind === "pass") return { state: "failed", message: why, skippedChecks };
  const { reason, until, at } = expectation;
  const expired = until !== undefined && today.toISOString().slice(0, 10) > until;
  if (expired) {
    return {
      state: "failed",
      message: `${why}\nthe broken mark at ${at} (${reason}) expired after ${until}: fix the package, or renew the mark`,
      skippedChecks,
    };
  }
  const { category } = expectation;
  if (category !== undefined && failed.id !== category) {
    return {
      state: "failed",
      message: `${why}\nthe broken mark at ${at} expects failure category ${category} (${reason}), but this failure is ${failed.id}: the cell breaks differently now; find out why, then fix the package or update the mark`,
      skippedChecks,
    };
  }
  const holds = until === undefined ? "" : ` until ${until}`;
  return { state: "known-broken", message: `known broken${holds} (${reason}, marked at ${at}): ${why}`, skippedChecks };
}
