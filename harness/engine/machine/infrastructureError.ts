/**
 * A fault of the machinery, not of the package being built: the engine went away, an image
 * could not be built, a container died or was OOM-killed. Cells that hit one end in the
 * "infrastructure" state, so a package is never blamed for them. A build's own non-zero exit
 * or timeout is not one of these; it is a normal step result.
 */
import { statfs } from "node:fs/promises";
import { dirname } from "node:path";

export type InfrastructureFault =
  | "engine" // no engine answers, or it stopped answering mid-step
  | "image" // base or toolchain image could not be built or found
  | "container" // the container could not be created/started, vanished, or was ended by something other than its step
  | "oom" // the kernel killed the step for exceeding its memory limit
  | "disk" // the file system of the store (an output, a log, a record) is full
  | "provision" // a prerequisite could not be installed or registered
  | "emulator" // QEMU/binfmt is missing or broken
  | "fetch"; // a source could not be downloaded

export class InfrastructureError extends Error {
  override readonly name = "InfrastructureError";
  constructor(
    readonly fault: InfrastructureFault,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A write that failed for want of space (or quota), by its code or, from a tool, its words. */
export function isDiskFull(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOSPC" || code === "EDQUOT") return true;
  const message = error instanceof Error ? error.message : String(error);
  return /No space left on device|Disk quota exceeded/.test(message);
}

export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** Bytes an unprivileged writer may still use on the file system of `path` (or its nearest existing parent). */
export async function freeBytes(path: string): Promise<number | undefined> {
  for (let at = path; ; at = dirname(at)) {
    const info = await statfs(at).catch(() => undefined);
    if (info !== undefined) return info.bavail * info.bsize;
    if (dirname(at) === at) return undefined;
  }
}

/**
 * "disk full on <path> (N free)": what a full file system is called, instead of the words of the
 * write that met it first (tar's "Wrote only 5120 of 10240 bytes", ENOSPC).
 */
export async function diskFullError(path: string, what: string, cause?: unknown): Promise<InfrastructureError> {
  const free = await freeBytes(path);
  const detail = cause === undefined ? "" : `: ${cause instanceof Error ? cause.message : String(cause)}`;
  return new InfrastructureError("disk", `disk full on ${path} (${free === undefined ? "free space unknown" : `${formatBytes(free)} free`}): ${what}${detail}`, { cause });
}

/** A failed write into the store as the fault it is: a full disk is infrastructure; anything else stays as it was. */
export async function storeWriteFault(path: string, what: string, error: unknown): Promise<unknown> {
  if (error instanceof InfrastructureError || !isDiskFull(error)) return error;
  return diskFullError(path, what, error);
}
