/**
 * What `crosscheck run` prints, as a user reads it, on a terminal and off one: the progress (a
 * status area redrawn in place on a pseudo-terminal; a line per finished cell and per built
 * derivation, no ANSI, in a pipe) and the summary at the end (states, what changed since the
 * previous run with the category and repro command of a newly failing cell, the report
 * command), also as JSON with --reporter=json. And two runs at once on one store keep their
 * results apart. A tiny project of its own (tinyProject.testutil.ts); one of its recipes breaks
 * in its build phase on the second run.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { canProvision } from "../harness/engine/testing.ts";
import { buildReport, listRunDirs, readCellRecords, readCellResults, type RunSummary } from "../harness/report/index.ts";
import { compiles, doesNotCompile, nativeCell as cell, TinyProject } from "./tinyProject.testutil.ts";

const project = new TinyProject({ steady: compiles, flaky: compiles });
afterAll(() => project.remove());

const ansi = /\u001b\[/;
const strip = (s: string) => s.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "");

test.skipIf(!canProvision)("off a terminal a line per cell and per derivation built, on one a status area; the summary names a newly failing cell with its category and repro command", { timeout: 15 * 60_000 }, async () => {
  // First run, in a pipe: both pass, both built.
  const first = await project.run();
  expect(first.code, first.stdout + first.stderr).toBe(0);
  const lines = first.stdout.split("\n");
  expect(first.stdout).not.toMatch(ansi);
  // No vitest chatter per cell, no interleaved build output.
  expect(first.stdout).not.toMatch(/stdout \| suites\/matrix\.test\.ts/);
  expect(lines[0]).toBe("crosscheck: tiny: 2 of 2 cells");
  expect(lines).toContainEqual(expect.stringMatching(/^built steady-0\.1 in \d+s$/));
  expect(lines).toContainEqual(expect.stringMatching(/^built flaky-0\.1 in \d+s$/));
  expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^\\[[12]/2\\] passed +${cell("steady")} {2}\\d+s$`)));
  expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^\\[[12]/2\\] passed +${cell("flaky")} {2}\\d+s$`)));
  expect(first.stdout).toMatch(/\ntiny: 2 cells in \d+s \(2 derivations built, \d+s of build time\)\n\n {2}passed +2\n {2}failed +0\n {2}known-broken +0\n {2}fixed +0\n {2}unsatisfiable +0\n {2}emulator +0\n {2}infrastructure +0\n/);
  expect(first.stdout).toContain("changes: none of these cells has an earlier result to compare with\n");
  expect(first.stdout).toContain("\nreport:  npx crosscheck report --open\n");
  expect(first.stdout).not.toContain("repro:");

  // Second run, on a terminal: flaky now fails to compile.
  project.recipe("flaky", doesNotCompile);
  const second = await project.runOnTerminal();
  expect(second.code, strip(second.stdout)).toBe(1);
  // The status area: drawn with colours and redrawn in place (erase line, cursor up).
  expect(second.stdout).toMatch(ansi);
  expect(second.stdout).toMatch(/\u001b\[2K\u001b\[1A/);
  const screen = strip(second.stdout);
  expect(screen).toMatch(/tiny {2}[012]\/2 cells {2}\d+ passed · \d+ failed/);
  expect(screen).toMatch(/building flaky-0\.1 +\d+s/);
  expect(screen).toMatch(new RegExp(`\\[\\d/2\\] failed +${cell("flaky")} {2}\\d+s {2}compile-error: `));
  expect(screen).toMatch(/\n {2}failed +1\r?\n/);
  expect(screen).toMatch(new RegExp(`changed since the previous results \\([-0-9: ]+\\):\\r?\\n {2}newly failing {2}${cell("flaky")} +compile-error \\(was passed\\): `));
  expect(screen).toContain(`repro:   npx crosscheck repro ${cell("flaky")}`);
  expect(screen).toMatch(/report: {2}npx crosscheck report --open/);

  // The same as data: stdout is the summary alone, the progress went to stderr.
  const json = await project.run("--reporter=json");
  expect(json.code).toBe(1);
  const summary = JSON.parse(json.stdout) as RunSummary;
  expect(summary.states).toMatchObject({ passed: 1, failed: 1 });
  // Still failing now: its previous result failed too.
  expect(summary.changes.stillFailing.map((c) => [c.cell, c.category])).toEqual([[cell("flaky"), "compile-error"]]);
  expect(json.stderr).toMatch(new RegExp(`failed +${cell("flaky")}`));
  expect(JSON.parse(readFileSync(join(summary.dir, "summary.json"), "utf8"))).toEqual(summary);
});

test.skipIf(!canProvision)("two runs at once on one store each write their own results, and the report takes them as two runs", { timeout: 15 * 60_000 }, async () => {
  project.recipe("flaky", compiles);
  const before = new Set(listRunDirs(project.reports).map((r) => r.dir));
  const [a, b] = await Promise.all([project.run("--cell", "steady@*"), project.run("--cell", "flaky@*")]);
  expect([a.code, b.code], a.stdout + b.stdout).toEqual([0, 0]);
  const runs = listRunDirs(project.reports).filter((r) => !before.has(r.dir));
  expect(runs).toHaveLength(2);
  expect(runs.map((r) => r.record?.cells)).toEqual(expect.arrayContaining([[cell("steady")], [cell("flaky")]]));
  for (const r of runs) {
    expect(readCellResults([join(r.dir, "allure-results")]).map((c) => c.name)).toEqual(r.record!.cells);
    expect(readCellRecords(r.dir).map((c) => c.cell)).toEqual(r.record!.cells);
    expect(r.record?.status).toBe("finished");
  }
  const report = await buildReport(project.reports);
  // Every run since the last report, each a run of its own in the history.
  expect(report.runs.length).toBeGreaterThanOrEqual(2);
  const history = JSON.parse(readFileSync(join(project.reports, "history/cells.json"), "utf8")) as { runs: { id: string }[] };
  for (const r of runs) expect(history.runs.map((h) => h.id)).toContain(r.record!.run);
  expect(readdirSync(join(project.reports, "html"))).toContain("index.html");
});
