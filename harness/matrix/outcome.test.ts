import { describe, expect, test } from "vitest";
import type { Expectation } from "./cell.ts";
import { decideOutcome, failsTest, type RawResult } from "./outcome.ts";
import type { Blame } from "../diagnosis/index.ts";

const pass: Expectation = { kind: "pass" };
const broken: Expectation = { kind: "broken", reason: "gcc 14 ICE", until: "2025-09-01", category: undefined, at: "m.yaml:12:5" };
const brokenForever: Expectation = { kind: "broken", reason: "gcc 14 ICE", until: undefined, category: undefined, at: "m.yaml:12:5" };
const passed: RawResult = { status: "passed", skippedChecks: [] };
const failure = (id: string, blame: Blame, message: string): RawResult => ({ status: "failed", failure: { category: { id, blame }, message }, skippedChecks: [] });
const failed = failure("compile-error", "package", "make: *** [all] Error 1");
const day = (iso: string) => new Date(`${iso}T12:00:00Z`);

describe("decideOutcome", () => {
  test("a cell expected to pass is passed or failed", () => {
    expect(decideOutcome(pass, passed, day("2025-06-01"))).toEqual({ state: "passed", message: "passed", skippedChecks: [] });
    expect(decideOutcome(pass, failed, day("2025-06-01"))).toMatchObject({ state: "failed", message: "make: *** [all] Error 1" });
  });

  test("a broken cell that fails is known-broken, through its until day", () => {
    const outcome = decideOutcome(broken, failed, day("2025-09-01"));
    expect(outcome.state).toBe("known-broken");
    expect(outcome.message).toBe("known broken until 2025-09-01 (gcc 14 ICE, marked at m.yaml:12:5): make: *** [all] Error 1");
    expect(decideOutcome(brokenForever, failed, day("2099-01-01")).state).toBe("known-broken");
  });

  test("an expired mark makes the failure count again, and says so", () => {
    const outcome = decideOutcome(broken, failed, day("2025-09-02"));
    expect(outcome.state).toBe("failed");
    expect(outcome.message).toBe(
      "make: *** [all] Error 1\nthe broken mark at m.yaml:12:5 (gcc 14 ICE) expired after 2025-09-01: fix the package, or renew the mark",
    );
    expect(failsTest(outcome.state)).toBe(true);
  });

  test("a mark with a category covers failures of that category only", () => {
    const hostBinary: Expectation = { kind: "broken", reason: "runs a generator it built", until: undefined, category: "host-binary-at-build-time", at: "m.yaml:20:5" };
    const sameClass = failure("host-binary-at-build-time", "package", "Host binary run at build time in buildPhase");
    expect(decideOutcome(hostBinary, sameClass, day("2025-06-01")).state).toBe("known-broken");
    const outcome = decideOutcome(hostBinary, failed, day("2025-06-01"));
    expect(outcome.state).toBe("failed");
    expect(outcome.message).toBe(
      "make: *** [all] Error 1\nthe broken mark at m.yaml:20:5 expects failure category host-binary-at-build-time (runs a generator it built), but this failure is compile-error: the cell breaks differently now; find out why, then fix the package or update the mark",
    );
    expect(failsTest(outcome.state)).toBe(true);
  });

  test("a broken cell that passes is fixed, expired or not", () => {
    for (const today of ["2025-06-01", "2026-01-01"]) {
      const outcome = decideOutcome(broken, passed, day(today));
      expect(outcome.state).toBe("fixed");
      expect(outcome.message).toBe("passed although marked broken at m.yaml:12:5 (gcc 14 ICE): remove the mark");
    }
  });

  test("a mark covers only the package's own failure", () => {
    for (const status of ["unsatisfiable", "infrastructure"] as const) {
      const raw: RawResult = { status, reason: "why", skippedChecks: [] };
      expect(decideOutcome(broken, raw, day("2025-06-01"))).toEqual({ state: status, message: "why", skippedChecks: [] });
      expect(decideOutcome(pass, raw, day("2025-06-01")).state).toBe(status);
    }
  });

  test("the category's blame decides the state of a failure, marked or not", () => {
    const cases = [
      [failure("emulator-crash", "emulator", "why"), "emulator"],
      [failure("timeout", "machine", "why"), "infrastructure"],
      [failure("compile-error", "package", "why"), "failed"],
    ] as const;
    for (const [raw, state] of cases) {
      expect(decideOutcome(pass, raw, day("2025-06-01"))).toEqual({ state, message: "why", skippedChecks: [] });
    }
    const emulatorCategory: Expectation = { ...brokenForever, category: "emulator-crash" };
    for (const mark of [brokenForever, emulatorCategory]) {
      expect(decideOutcome(mark, cases[0][0], day("2025-06-01")).state).toBe("emulator");
      expect(decideOutcome(mark, cases[1][0], day("2025-06-01")).state).toBe("infrastructure");
    }
  });

  test("skipped checks are kept apart from the state", () => {
    const skippedChecks = [{ check: "checkPhase" as const, reason: "no emulator for wasm32-wasi" }];
    expect(decideOutcome(pass, { status: "passed", skippedChecks }, day("2025-06-01"))).toEqual({
      state: "passed",
      message: "passed",
      skippedChecks,
    });
  });
});

test("only failed and infrastructure fail the test", () => {
  const failing = (["passed", "failed", "known-broken", "fixed", "unsatisfiable", "emulator", "infrastructure"] as const).filter(failsTest);
  expect(failing).toEqual(["failed", "infrastructure"]);
});
