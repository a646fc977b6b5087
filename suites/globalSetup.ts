import { rmSync } from "node:fs";
import { readRunSettings } from "../harness/cell/index.ts";
import { plainResultsDirs, resultsDirFor, runDirEnvVar } from "../harness/report/index.ts";

/**
 * Before a plain vitest run (npm test), its Allure results start empty: a shard clears only its
 * own folder, a whole run every plain folder, so a report never mixes runs (the history lives
 * apart, in reports/history). A `crosscheck run` writes into a directory of its own
 * (reports/runs/<dir>) and clears nothing: no run removes another's results.
 */
export default function setup(): void {
  if (process.env[runDirEnvVar]) return;
  const { project, shard } = readRunSettings();
  const stale = shard ? [resultsDirFor(project.reportsDir, shard)] : plainResultsDirs(project.reportsDir);
  for (const dir of stale) rmSync(dir, { recursive: true, force: true });
}
