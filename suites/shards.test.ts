/**
 * Sharding as a nightly job uses it: the shards of a matrix run as separate processes, each
 * writing its own Allure results, and together they give the same cells with the same results
 * as one full run.
 */
import { execFile } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { findResultsDirs } from "../harness/report/index.ts";
import { readCellResults } from "../harness/report/index.ts";

const cells = "*~riscv64";

function run(reports: string, extra: string[]): Promise<number> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["bin/crosscheck.mjs", "run", "matrices/smoke.yaml", "--cell", cells, ...extra],
      { env: { ...process.env, CROSSCHECK_REPORTS_DIR: reports }, maxBuffer: 64 << 20 },
      (error) => resolve(error ? Number((error as { code?: number }).code ?? 1) : 0),
    );
  });
}

const outcomes = (reports: string) =>
  readCellResults(findResultsDirs(reports))
    .map((r) => `${r.historyKey} ${r.status}`)
    .sort();

test("two shards in separate processes give the same results as one full run", { timeout: 30 * 60_000 }, async () => {
  const full = await mkdtemp(join(tmpdir(), "crosscheck-full-"));
  const sharded = await mkdtemp(join(tmpdir(), "crosscheck-shards-"));
  expect(await run(full, [])).toBe(0);
  expect(await Promise.all([run(sharded, ["--shard", "1/2"]), run(sharded, ["--shard", "2/2"])])).toEqual([0, 0]);

  // Each shard's process writes into a run directory of its own, named by its shard.
  const dirs = findResultsDirs(sharded).map((d) => d.slice(sharded.length + 1));
  expect(dirs).toHaveLength(2);
  expect(dirs.map((d) => /^runs\/\d{8}-\d{6}-[0-9a-f]{6}-shard-(\d)-of-2\/allure-results$/.exec(d)?.[1]).sort()).toEqual(["1", "2"]);
  for (const dir of findResultsDirs(sharded)) expect(readCellResults([dir]).length).toBeGreaterThan(0);
  expect(outcomes(sharded)).toEqual(outcomes(full));
  expect(outcomes(full)).toHaveLength(5);
});
