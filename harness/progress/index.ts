/** The progress room's front door: the live display of a run (a vitest reporter), the worker's channel to it, and build-time estimates. */
export { estimateNodes, recordedBuilds, type EstimatedNode, type NodeEstimate } from "./estimate.ts";
export { progressChannel, type ProgressChannel, type ProgressEvent } from "./events.ts";
export { cellRecord, ProgressReporter, type CellMeta, type ProgressMode, type ProgressReporterOptions } from "./reporter.ts";
export { RunProgress } from "./status.ts";

/** How `crosscheck run` tells vitest's config which display to use: `terminal` or `lines`, with `:stderr` when stdout carries data. */
export const progressEnvVar = "CROSSCHECK_PROGRESS";

export function readProgressSetting(value: string | undefined): { mode: "terminal" | "lines"; stream: "stdout" | "stderr" } | null {
  if (value === undefined || value === "") return null;
  const [mode, stream] = value.split(":");
  if (mode !== "terminal" && mode !== "lines") return null;
  return { mode, stream: stream === "stderr" ? "stderr" : "stdout" };
}
