import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** vitest -u: accept the current closures as the new snapshots. */
    updateSnapshots: boolean;
  }
}

/** Hands vitest's `-u` to the matrix suite, which accepts closure snapshots with it. */
export default function setup(project: TestProject): void {
  project.provide("updateSnapshots", project.config.snapshotOptions.updateSnapshot === "all" || process.env["CROSSCHECK_UPDATE_SNAPSHOTS"] === "1");
}
