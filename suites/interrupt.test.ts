/**
 * Stopping a run the way CI cancels a job or a user presses Ctrl-C: a signal to `crosscheck run`
 * ends vitest and its workers, and the build containers they started are removed, while a cell
 * is building. What finished before the signal is kept: each cell's results were written when
 * it ended, and the summary says which cells did not run.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { canProvision } from "../harness/engine/testing.ts";
import { labelKeys, sweepLeftovers } from "../harness/engine/index.ts";
import { listRunDirs, readCellRecords, readCellResults, type RunSummary } from "../harness/report/index.ts";
import { compiles, nativeCell, TinyProject } from "./tinyProject.testutil.ts";

/** Every process below `root`, from the process table. */
function descendants(root: number): number[] {
  const table = execFileSync("ps", ["-eo", "pid=,ppid="], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  for (let frontier = [root]; frontier.length > 0; ) {
    frontier = table.filter(([, ppid]) => frontier.includes(ppid)).map(([pid]) => pid);
    found.push(...frontier);
  }
  return found;
}

/** crosscheck's containers on the engine: the process that owns each (its pid label), and what it is. */
function containers(): { id: string; owner: number; what: string }[] {
  const format = `{{.ID}} {{.Label "${labelKeys.pid}"}} {{.Label "${labelKeys.step}"}} {{.Status}}`;
  const out = execFileSync("docker", ["ps", "-a", "--filter", `label=${labelKeys.owner}`, "--format", format], { encoding: "utf8" });
  return out
    .split("\n")
    .filter((l) => l !== "")
    .map((line) => ({ id: line.split(" ")[0]!, owner: Number(line.split(" ")[1]), what: line }));
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

test.skipIf(!canProvision)("SIGTERM to crosscheck run ends its workers and removes their build containers", { timeout: 15 * 60_000 }, async () => {
  // An empty store: the cell has to build, so a build container is running when the signal comes.
  const store = await mkdtemp(join(tmpdir(), "crosscheck-store-"));
  const reports = await mkdtemp(join(tmpdir(), "crosscheck-reports-"));
  const child = spawn(process.execPath, ["bin/crosscheck.mjs", "run", "matrices/smoke.yaml", "--cell", "hello@*~aarch64-multiplatform"], {
    env: { ...process.env, CROSSCHECK_STORE: store, CROSSCHECK_REPORTS_DIR: reports },
    stdio: "ignore",
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  let run: number[] = [];
  await until(
    () => {
      run = descendants(child.pid!);
      return containers().some((c) => run.includes(c.owner));
    },
    10 * 60_000,
    "a build container of the run",
  );

  const building = containers().filter((c) => run.includes(c.owner));
  child.kill("SIGTERM");
  expect(await exited).not.toBe(0);
  await until(() => run.every((pid) => !alive(pid)), 30_000, `the run's processes (${run.join(", ")}) to end`);
  const left = containers().filter((c) => run.includes(c.owner));
  expect(left.filter((c) => building.some((b) => b.id === c.id)).map((c) => c.what)).toEqual([]);
  // A container whose create was under way when the signal came appears only after its process
  // is gone: the next run's sweep removes it, as it does what a SIGKILLed run leaves.
  await sweepLeftovers();
  expect(containers().filter((c) => run.includes(c.owner)).map((c) => c.what)).toEqual([]);
});

const tiny = new TinyProject({ quick: compiles, slow: compiles });
afterAll(() => tiny.remove());

test.skipIf(!canProvision)("SIGINT after a cell finished keeps its results and says which cells did not run", { timeout: 10 * 60_000 }, async () => {
  // slow builds for minutes; quick is done in seconds.
  tiny.recipe("slow", compiles, "sleep 600; $CC -o slow slow.c");
  const child = tiny.start();
  let stdout = "";
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  await until(() => /\[1\/2\] passed +quick@/.test(stdout), 5 * 60_000, "quick to pass");
  child.kill("SIGINT");
  expect(await exited).toBe(130);

  const [run] = listRunDirs(tiny.reports);
  expect(run?.record).toMatchObject({ status: "interrupted", cells: [nativeCell("quick"), nativeCell("slow")], exitCode: 130 });
  // The finished cell's Allure result and record are there; the interrupted one has none.
  expect(readCellResults([join(run!.dir, "allure-results")]).map((r) => [r.name, r.status])).toEqual([[nativeCell("quick"), "passed"]]);
  expect(readCellRecords(run!.dir).map((c) => [c.cell, c.state])).toEqual([[nativeCell("quick"), "passed"]]);
  const summary = JSON.parse(readFileSync(join(run!.dir, "summary.json"), "utf8")) as RunSummary;
  expect(summary).toMatchObject({ status: "interrupted", cells: { selected: 2, finished: 1, notRun: [nativeCell("slow")] }, states: { passed: 1 } });
  expect(stdout).toContain(`interrupted: 1 cell did not finish; the results of the 1 that did are kept:\n  not run  ${nativeCell("slow")}\n`);
  expect(stdout).toMatch(/\ntiny: 1 of 2 cells finished in \d+s/);
  // vitest's JSON report is written at its end, which an interrupt never reaches: no stale copy stands in for it.
  expect(existsSync(join(run!.dir, "vitest-results.json"))).toBe(false);
});
