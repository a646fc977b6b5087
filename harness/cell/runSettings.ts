/**
 * What one run is: the project, the matrix, which cells, which shard, whether snapshots are
 * accepted, whether checks run again. `crosscheck run` fills it in from its arguments; a plain `vitest run` (npm test) gets
 * the defaults of the working directory's project. It reaches vitest's workers one way only: as
 * JSON in CROSSCHECK_RUN, set before they start (workers are separate processes).
 */
import type { SnapshotUpdate } from "../closure/index.ts";
import { resolveProject, type Project } from "../project/index.ts";

export const runSettingsEnvVar = "CROSSCHECK_RUN";

export interface RunSettings {
  project: Project;
  /** Absolute path of the matrix file. */
  matrix: string;
  /** Glob(s) selecting cells by id, comma-separated. */
  cells?: string;
  /** `i/n`. */
  shard?: string;
  /** Which closure snapshots the run writes. */
  snapshotUpdate: SnapshotUpdate;
  /** Run every check again instead of reusing recorded passes. */
  rerunChecks: boolean;
  /** The matrix's warnings were printed already (by `crosscheck run`, which loads it first). */
  matrixWarned?: boolean;
}

/** `--update-snapshots` accepts every closure; otherwise a missing snapshot is written, except
 * in CI (`CI` set, as every CI service does), where it fails the cell. */
export function snapshotUpdate(updateSnapshots: boolean, env: NodeJS.ProcessEnv = process.env): SnapshotUpdate {
  if (updateSnapshots) return "all";
  const ci = env["CI"];
  return ci !== undefined && ci !== "" && ci !== "0" && ci.toLowerCase() !== "false" ? "none" : "new";
}

export async function defaultRunSettings(cwd: string = process.cwd()): Promise<RunSettings> {
  const project = await resolveProject(cwd);
  return { project, matrix: project.matrix, snapshotUpdate: snapshotUpdate(false), rerunChecks: false };
}

export function encodeRunSettings(settings: RunSettings): string {
  return JSON.stringify(settings);
}

/** The run's settings, in a worker; outside `crosscheck run` and vitest, there are none. */
export function readRunSettings(env: NodeJS.ProcessEnv = process.env): RunSettings {
  const text = env[runSettingsEnvVar];
  if (text === undefined || text === "") throw new Error(`${runSettingsEnvVar} is not set: the suites run under crosscheck's vitest config (crosscheck run, or vitest from the checkout)`);
  return JSON.parse(text) as RunSettings;
}
