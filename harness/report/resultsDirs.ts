import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { listRunDirs, runFiles } from "./runDirs.ts";

/**
 * Where a plain vitest run (npm test, the report fixture) writes its Allure results: one dir per
 * shard, so that shards never write into the same folder. A shard is written `i/n` (as `--shard`
 * takes it) and named `allure-results-i-of-n`. `crosscheck run` writes into a run directory of
 * its own instead (runDirs.ts).
 */
export function resultsDirFor(reports: string, shard?: string): string {
  if (shard === undefined || shard === "") return join(reports, "allure-results");
  const m = /^(\d+)\/(\d+)$/.exec(shard);
  if (m === null) throw new Error(`shard '${shard}' is not of the form i/n`);
  return join(reports, `allure-results-${m[1]}-of-${m[2]}`);
}

/** The plain runs' results dirs under `reports/`: the unsharded one and all shards, in name order. */
export function plainResultsDirs(reports: string): string[] {
  if (!existsSync(reports)) return [];
  return readdirSync(reports, { withFileTypes: true })
    .filter((e) => e.isDirectory() && /^allure-results(-.+)?$/.test(e.name))
    .map((e) => join(reports, e.name))
    .sort();
}

/** Every results dir under `reports/`: the plain runs' and each run directory's, oldest run first. */
export function findResultsDirs(reports: string): string[] {
  const runs = listRunDirs(reports)
    .map((r) => join(r.dir, runFiles.allure))
    .filter((d) => existsSync(d));
  return [...plainResultsDirs(reports), ...runs];
}
