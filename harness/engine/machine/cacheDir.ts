/**
 * Where the harness keeps machine-local state that outlives a run: locks, debootstrap's
 * package cache, step logs. Not the repository: it is large and specific to this machine.
 */
import { mkdir } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";

export const cacheDirEnvVar = "CROSSCHECK_CACHE";

/** The cache's root, without creating it. */
export function cacheRoot(): string {
  return process.env[cacheDirEnvVar] ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "crosscheck");
}

export async function cacheDir(...parts: string[]): Promise<string> {
  const dir = join(cacheRoot(), ...parts);
  await mkdir(dir, { recursive: true });
  return dir;
}
