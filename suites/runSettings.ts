/**
 * What `crosscheck run` tells the matrix suite, through the environment (vitest runs the suite
 * in worker processes, so arguments can't be passed directly).
 */
export const defaultMatrix = "matrices/smoke.yaml";

export interface RunSettings {
  matrix: string;
  /** Glob(s) selecting cells by id, comma-separated. */
  cells: string | undefined;
  /** `i/n`. */
  shard: string | undefined;
}

export function runSettings(env: NodeJS.ProcessEnv): RunSettings {
  return {
    matrix: env["CROSSCHECK_MATRIX"] || defaultMatrix,
    cells: env["CROSSCHECK_CELLS"] || undefined,
    shard: env["CROSSCHECK_SHARD"] || undefined,
  };
}
