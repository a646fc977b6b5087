import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

/**
 * One results dir per shard, so that shards running on several machines never write into the
 * same folder and a nightly job can gather them side by side before `crosscheck report`.
 * A shard is written `i/n` (as `--shard` takes it) and named `allure-results-i-of-n`.
 */
export function resultsDirFor(reports: string, shard?: string): string {
  if (shard === undefined || shard === "") return join(reports, "allure-results");
  const m = /^(\d+)\/(\d+)$/.exec(shard);
  if (m === null) throw new Error(`shard '${shard}' is not of the form i/n`);
  return join(reports, `allure-results-${m[1]}-of-${m[2]}`);
}

/** Every results dir under `reports/`: the unsharded one and all shards, in name order. */
export function findResultsDirs(reports: string): string[] {
  if (!existsSync(reports)) return [];
  return readdirSync(reports, { withFileTypes: true })
    .filter((e) => e.isDirectory() && /^allure-results(-.+)?$/.test(e.name))
    .map((e) => join(reports, e.name))
    .sort();
}
