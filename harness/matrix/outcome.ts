import type { Check, Expectation } from "./cell.ts";

/**
 * How a cell ended. Only "failed" blames the package; the others say whose problem it is.
 *   passed          every check ran and held
 *   failed          the package's fault: a build, a check or the closure went wrong (also when
 *                   its broken mark has expired, or names another failure category than the one
 *                   it failed with: the failure counts again, and the message says so)
 *   known-broken    failed, and the matrix marks it broken (a crossBroken mark) that still holds
 *   fixed           passed although marked broken: the mark can go
 *   unsatisfiable   no plan can be made for this platform (meta.platforms, no toolchain, an
 *                   impossible dependency), found before building anything
 *   emulator        the emulator crashed or lacks a syscall while running host programs
 *   infrastructure  the machine failed the cell: engine gone, disk full, out of memory, fetch failed
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
 * `reason` says what went wrong in the words of whoever found it; a failure also carries the
 * id of the category the classifier put it in.
 */
export type RawResult = { skippedChecks: SkippedCheck[] } & (
  | { status: "passed" }
  | { status: "failed"; reason: string; category: string }
  | { status: "unsatisfiable" | "emulator" | "infrastructure"; reason: string }
);

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
 * the package's own failure: an unsatisfiable plan, an emulator fault or an infrastructure
 * fault are reported as such, marked or not. `today` decides whether an `until` date has passed;
 * a mark holds through its `until` day (UTC) and expires the day after. A mark that names a
 * category covers only failures of that category: a cell kept to show one failure class must
 * not go on passing as "known broken" once it breaks some other way.
 */
export function decideOutcome(expectation: Expectation, raw: RawResult, today: Date): Outcome {
  const { skippedChecks } = raw;
  if (raw.status !== "passed" && raw.status !== "failed") {
    return { state: raw.status, message: raw.reason, skippedChecks };
  }
  if (expectation.kind === "pass") {
    return raw.status === "passed"
      ? { state: "passed", message: "passed", skippedChecks }
      : { state: "failed", message: raw.reason, skippedChecks };
  }
  const { reason, until, at } = expectation;
  const expired = until !== undefined && today.toISOString().slice(0, 10) > until;
  if (raw.status === "passed") {
    return { state: "fixed", message: `passed although marked broken at ${at} (${reason}): remove the mark`, skippedChecks };
  }
  if (expired) {
    return {
      state: "failed",
      message: `${raw.reason}\nthe broken mark at ${at} (${reason}) expired after ${until}: fix the package, or renew the mark`,
      skippedChecks,
    };
  }
  const { category } = expectation;
  if (category !== undefined && raw.category !== category) {
    return {
      state: "failed",
      message: `${raw.reason}\nthe broken mark at ${at} expects failure category ${category} (${reason}), but this failure is ${raw.category}: the cell breaks differently now; find out why, then fix the package or update the mark`,
      skippedChecks,
    };
  }
  const holds = until === undefined ? "" : ` until ${until}`;
  return { state: "known-broken", message: `known broken${holds} (${reason}, marked at ${at}): ${raw.reason}`, skippedChecks };
}
