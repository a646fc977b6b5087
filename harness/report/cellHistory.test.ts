import { describe, expect, it } from "vitest";
import type { CellResult } from "./allureResults.ts";
import { appendRun, keptRuns, trends, type CellHistoryFile } from "./cellHistory.ts";

const result = (uuid: string, key: string, status: CellResult["status"]): CellResult => ({ uuid, name: key, historyKey: key, status });

/** Nights of one cell each, with the statuses given. */
function nights(statuses: CellResult["status"][][]): CellHistoryFile {
  let history: CellHistoryFile = { version: 1, runs: [], cells: {} };
  statuses.forEach((night, n) => {
    const results = night.map((status, c) => result(`${n}-${c}`, `m/cell${c}`, status));
    history = appendRun(history, results, new Date(Date.UTC(2026, 0, n + 1)));
  });
  return history;
}

describe("cell history", () => {
  it("tells newly failing from fixed cells by the previous run", () => {
    const t = trends(nights([["passed", "failed", "passed"], ["failed", "passed", "passed"]]));
    expect(t).toEqual({ newlyFailing: ["m/cell0"], fixed: ["m/cell1"], flaky: [] });
  });

  it("marks a cell that flips twice within the window as flaky, and skipped runs do not count", () => {
    const t = trends(nights([["passed"], ["broken"], ["skipped"], ["passed"], ["passed"]]));
    expect(t.flaky).toEqual(["m/cell0"]);
    expect(trends(nights([["passed"], ["failed"], ["failed"]])).flaky).toEqual([]);
  });

  it("does not count the same results twice when the report is generated again", () => {
    const results = [result("a", "m/x", "passed")];
    const once = appendRun({ version: 1, runs: [], cells: {} }, results, new Date());
    expect(appendRun(once, results, new Date())).toEqual(once);
  });

  it(`keeps the last ${keptRuns} runs and forgets cells no kept run has`, () => {
    const statuses = Array.from({ length: keptRuns + 5 }, (_, n) => (n === 0 ? ["passed", "passed"] : ["passed"])) as CellResult["status"][][];
    const history = nights(statuses);
    expect(history.runs).toHaveLength(keptRuns);
    expect(history.cells["m/cell0"]?.statuses).toHaveLength(keptRuns);
    expect(history.cells["m/cell1"]).toBeUndefined();
  });
});
