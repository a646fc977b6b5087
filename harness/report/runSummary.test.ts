import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { reportPaths } from "./allureConfig.ts";
import { writeCellHistory, type CellHistoryFile } from "./cellHistory.ts";
import { appendCellRecord, createRunDir, readRunRecord, writeRunRecord, type CellRecord } from "./runDirs.ts";
import { renderRunSummary, summarizeRun } from "./runSummary.ts";

const temps: string[] = [];
afterEach(() => temps.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const reportsDir = () => {
  const d = mkdtempSync(join(tmpdir(), "crosscheck-summary-"));
  temps.push(d);
  return d;
};

const record = (cell: string, state: CellRecord["state"], extra: Partial<CellRecord> = {}): CellRecord => ({
  cell,
  matrix: "m",
  key: `m/${cell}`,
  state,
  seconds: 3,
  ended: new Date().toISOString(),
  ...extra,
});

/** A finished run of these cells, started at `at`. */
function pastRun(reports: string, at: Date, cells: CellRecord[]): string {
  const { dir, record: run } = createRunDir(reports, { matrix: "m", matrixFile: "m.yaml", cells: cells.map((c) => c.cell) }, at, {});
  for (const c of cells) appendCellRecord(dir, { ...c, ended: at.toISOString() });
  writeRunRecord(dir, { ...run, status: "finished", ended: at.toISOString() });
  return dir;
}

describe("the end-of-run summary", () => {
  it("counts each state and names what changed since each cell's previous result, with category and repro", () => {
    const reports = reportsDir();
    // The history knows two older runs (recorded by a report); a run since is only a directory.
    const history: CellHistoryFile = {
      version: 1,
      runs: [
        { id: "n1", date: "2026-01-01T02:00:00.000Z" },
        { id: "n2", date: "2026-01-02T02:00:00.000Z" },
      ],
      cells: {
        "m/flip": { name: "flip", statuses: [{ run: "n1", status: "passed" }, { run: "n2", status: "failed" }] },
        "m/old": { name: "old", statuses: [{ run: "n1", status: "failed", category: "compile-error" }, { run: "n2", status: "failed", category: "compile-error" }] },
      },
    };
    writeCellHistory(reportPaths(reports).cellHistory, history);
    pastRun(reports, new Date("2026-01-03T02:00:00.000Z"), [record("shout", "passed"), record("zlib", "failed", { category: "configure-error" }), record("flip", "passed"), record("mark", "known-broken")]);

    const { dir } = createRunDir(reports, { matrix: "m", matrixFile: "m.yaml", cells: ["shout", "zlib", "flip", "old", "mark", "new", "late"] }, new Date("2026-01-04T02:00:00.000Z"), {});
    appendCellRecord(dir, record("shout", "failed", { category: "compile-error", message: "shout.c:1:10: fatal error: missing.h: No such file or directory\nmore" }));
    appendCellRecord(dir, record("zlib", "passed"));
    appendCellRecord(dir, record("flip", "failed", { category: "link-error", message: "undefined reference to `foo'" }));
    appendCellRecord(dir, record("old", "failed", { category: "compile-error", message: "still" }));
    appendCellRecord(dir, record("mark", "fixed", { message: "passed although marked broken" }));
    appendCellRecord(dir, record("new", "infrastructure", { category: "infrastructure", message: "engine: connection refused" }));
    writeRunRecord(dir, { ...readRunRecord(dir)!, status: "interrupted", ended: "2026-01-04T02:05:00.000Z" });

    const summary = summarizeRun(reports, dir, { exitCode: 130 });
    expect(summary.states).toEqual({ passed: 1, failed: 3, "known-broken": 0, fixed: 1, unsatisfiable: 0, emulator: 0, infrastructure: 1 });
    expect(summary.status).toBe("interrupted");
    expect(summary.cells).toEqual({ selected: 7, finished: 6, notRun: ["late"] });
    expect(summary.changes.newlyFailing.map((c) => [c.cell, c.category, c.previous, c.repro])).toEqual([
      ["shout", "compile-error", "passed", "npx crosscheck repro shout"],
      ["flip", "link-error", "passed", "npx crosscheck repro flip"],
      ["new", "infrastructure", null, "npx crosscheck repro new"],
    ]);
    expect(summary.changes.fixed.map((c) => [c.cell, c.previous])).toEqual([
      ["zlib", "failed"],
      ["mark", "known-broken"],
    ]);
    // passed, failed, passed, failed: three flips in the window.
    expect(summary.changes.flaky).toEqual(["flip"]);
    expect(summary.changes.stillFailing.map((c) => c.cell)).toEqual(["old"]);
    expect(summary.repro).toEqual(["npx crosscheck repro shout", "npx crosscheck repro flip", "npx crosscheck repro new"]);

    const text = renderRunSummary(summary, { dataFile: "reports/runs/x/summary.json", width: 200 });
    expect(text).toMatch(/^m: 6 of 7 cells finished in 5m00s \(nothing built\)\n/);
    expect(text).toContain("\n  failed            3\n");
    expect(text).toContain("\n  infrastructure    1\n");
    expect(text).toMatch(/\n {2}newly failing {2}shout +compile-error \(was passed\): shout\.c:1:10: fatal error: missing\.h: No such file or directory\n/);
    expect(text).toMatch(/\n {2}newly failing {2}new +infrastructure: infrastructure \(first result\): engine: connection refused\n/);
    expect(text).toMatch(/\n {2}fixed {10}mark +passes although marked broken: remove the mark \(was known-broken\)\n/);
    expect(text).toMatch(/\n {2}flaky {10}flip\n/);
    expect(text).toMatch(/\n {2}still failing {2}old +compile-error\n/);
    expect(text).toContain("interrupted: 1 cell did not finish; the results of the 6 that did are kept:\n  not run  late\n");
    expect(text).toContain("\nreport:  npx crosscheck report --open\nrepro:   npx crosscheck repro shout\nrepro:   npx crosscheck repro flip\nrepro:   npx crosscheck repro new\ndata:    reports/runs/x/summary.json\n");
  });

  it("compares with nothing on a first run, and a concurrent or later run is not a previous one", () => {
    const reports = reportsDir();
    const { dir } = createRunDir(reports, { matrix: "m", matrixFile: "m.yaml", cells: ["a"] }, new Date("2026-01-04T02:00:00.000Z"), {});
    // Started after this one: not this run's past.
    pastRun(reports, new Date("2026-01-04T02:01:00.000Z"), [record("a", "failed", { category: "compile-error" })]);
    appendCellRecord(dir, record("a", "passed"));
    const summary = summarizeRun(reports, dir, { exitCode: 0 });
    expect(summary.changes).toEqual({ previousRun: null, newlyFailing: [], fixed: [], flaky: [], stillFailing: [] });
    expect(renderRunSummary(summary)).toContain("changes: none of these cells has an earlier result to compare with\n");
  });
});
