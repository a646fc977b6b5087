/**
 * Stopping a run the way CI cancels a job or a user presses Ctrl-C: a signal to `crosscheck run`
 * ends vitest and its workers, and the build containers they started are removed, while a cell
 * is building.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { canProvision } from "../harness/engine/testing.ts";
import { labelKeys, sweepLeftovers } from "../harness/engine/index.ts";

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
