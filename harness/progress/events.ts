import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { runFiles } from "../report/index.ts";
import type { NodeEstimate } from "./estimate.ts";

/**
 * What the matrix suite's worker tells the progress display, as it happens: the run's plan with
 * each derivation's estimated build time, each derivation that starts or ends building, images
 * built, provisioning. The channel is a file of JSON lines in the run's directory
 * (events.jsonl), appended by the worker and read by the progress reporter in vitest's main
 * process: nothing goes through the worker's console, so vitest's JSON, JUnit and Allure outputs
 * stay what they were, and the file is the run's record of what it built (the summary counts it).
 * Cells' starts and ends need no event: the reporter has them from vitest.
 */
export type ProgressEvent =
  | { kind: "plan"; at: number; matrix: string; jobs: number; nodes: NodeEstimate[]; cells: { cell: string; nodes: string[] }[] }
  | { kind: "build-start"; at: number; cell: string; id: string; name: string }
  | { kind: "build-done"; at: number; cell: string; id: string; name: string; status: "built" | "failed" | "timed-out" | "not-built"; ms: number }
  | { kind: "cached"; at: number; cell: string; id: string; name: string }
  | { kind: "image"; at: number; cell: string; image: string; ms: number }
  | { kind: "provision"; at: number; line: string };

/** An event without its time: `emit` stamps it. */
export type ProgressEventInput = ProgressEvent extends infer E ? (E extends ProgressEvent ? Omit<E, "at"> : never) : never;

export interface ProgressChannel {
  /** Whether a progress reporter reads the events (a `crosscheck run`), or they go nowhere. */
  readonly live: boolean;
  emit(event: ProgressEventInput): void;
}

/** The worker's end of the channel: the run directory's events file, or nothing outside `crosscheck run`. */
export function progressChannel(runDir: string | undefined): ProgressChannel {
  if (runDir === undefined || runDir === "") return { live: false, emit: () => {} };
  const file = join(runDir, runFiles.events);
  return {
    live: true,
    emit: (event) => {
      try {
        appendFileSync(file, JSON.stringify({ ...event, at: Date.now() }) + "\n");
      } catch {
        // The display is a convenience: a cell never fails for it.
      }
    },
  };
}
