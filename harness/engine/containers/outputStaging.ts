/**
 * A step's output is copied out of its container into `.<name>.partial-<pid>` beside its place,
 * then moved into place at once, so a half-copied output never stands where the whole one
 * would. A process killed while copying (or an engine that died under it) leaves its staging
 * behind: those whose process is gone are removed before this process first collects into
 * that directory, and by `crosscheck gc`. One whose process still runs is a copy in progress
 * (a concurrent run's), and is left alone.
 */
import { readdir, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { processAlive } from "../machine/processAlive.ts";

export function stagingPath(hostPath: string, pid = process.pid): string {
  return join(dirname(hostPath), `.${basename(hostPath)}.partial-${pid}`);
}

/** The output and the process of a staging directory's name, or undefined when it is not one. */
export function parseStaging(fileName: string): { name: string; pid: number } | undefined {
  const match = /^\.(.+)\.partial-(\d+)$/.exec(fileName);
  if (match === null) return undefined;
  return { name: match[1]!, pid: Number(match[2]) };
}

/** Staging directories in `dir` whose process is gone, as paths. */
export async function staleStaging(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((n) => {
    const staging = parseStaging(n);
    return staging !== undefined && staging.pid !== process.pid && !processAlive(staging.pid);
  }).map((n) => join(dir, n));
}

/** Removes the stale staging directories of `dir`; returns what it removed (or would, with dryRun). */
export async function removeStaleStaging(dir: string, options: { dryRun?: boolean } = {}): Promise<string[]> {
  const stale = await staleStaging(dir);
  if (!options.dryRun) for (const path of stale) await rm(path, { recursive: true, force: true });
  return stale;
}

const swept = new Map<string, Promise<unknown>>();

/** Once per directory and process: the start-up sweep, before the first collect into it. */
export function sweepStagingOnce(dir: string): Promise<unknown> {
  let sweep = swept.get(dir);
  if (sweep === undefined) {
    // A sweep that fails (a directory not there yet) must not fail the collect that asked for it.
    sweep = removeStaleStaging(dir).catch(() => undefined);
    swept.set(dir, sweep);
  }
  return sweep;
}
