import { rmSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { findResultsDirs, reportsDir, resultsDirFor } from "../harness/report/resultsDirs.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** vitest -u: accept the current closures as the new snapshots. */
    updateSnapshots: boolean;
  }
}

/**
 * Before a run: its Allure results start empty (a shard clears only its own folder, a whole run
 * every folder, so a report never mixes runs; the history lives apart, in reports/history), and
 * vitest's `-u` is handed to the matrix suite, which accepts closure snapshots with it.
 */
export default function setup(project: TestProject): void {
  const shard = process.env["CROSSCHECK_SHARD"];
  const stale = shard ? [resultsDirFor(reportsDir(), shard)] : findResultsDirs(reportsDir());
  for (const dir of stale) rmSync(dir, { recursive: true, force: true });
  project.provide("updateSnapshots", project.config.snapshotOptions.updateSnapshot === "all" || process.env["CROSSCHECK_UPDATE_SNAPSHOTS"] === "1");
}
