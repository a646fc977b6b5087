import { rmSync } from "node:fs";
import { readRunSettings } from "../harness/cell/index.ts";
import { findResultsDirs, resultsDirFor } from "../harness/report/index.ts";

/**
 * Before a run, its Allure results start empty: a shard clears only its own folder, a whole run
 * every folder, so a report never mixes runs (the history lives apart, in reports/history).
 */
export default function setup(): void {
  const { project, shard } = readRunSettings();
  const stale = shard ? [resultsDirFor(project.reportsDir, shard)] : findResultsDirs(project.reportsDir);
  for (const dir of stale) rmSync(dir, { recursive: true, force: true });
}
