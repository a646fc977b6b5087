import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { UserError } from "../userError.ts";
import { writeFileAtomic } from "./atomicWrite.ts";
import type { OutputScan } from "./scanOutput.ts";

const SUFFIX = ".closure.json";

export function scanRecordPath(storeDir: string, scan: Pick<OutputScan, "object">): string {
  return join(storeDir, `${scan.object.id}-${scan.object.name}${SUFFIX}`);
}

/** Records a scan beside the built output, so later commands need neither the plan nor a rescan. */
export async function recordScan(storeDir: string, scan: OutputScan): Promise<string> {
  const path = scanRecordPath(storeDir, scan);
  await writeFileAtomic(path, `${JSON.stringify(scan, null, 1)}\n`);
  return path;
}

/** Reads one recorded scan; a damaged record is the user's to fix (rebuild), not a crash. */
export async function readScan(path: string): Promise<OutputScan> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new UserError(`${path}: not a readable scan record (${(error as Error).message}); rebuild the derivation to record it again`);
  }
  if (!isOutputScan(parsed)) throw new UserError(`${path}: not a scan record (missing object, references or files); rebuild the derivation to record it again`);
  return parsed;
}

/** Every recorded scan of a local store, by derivation id. */
export async function readScans(storeDir: string): Promise<Map<string, OutputScan>> {
  let names: string[];
  try {
    names = await readdir(storeDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return new Map();
    throw error;
  }
  const scans = await Promise.all(names.filter((n) => n.endsWith(SUFFIX)).sort().map((n) => readScan(join(storeDir, n))));
  return new Map(scans.map((s) => [s.object.id, s]));
}

function isOutputScan(value: unknown): value is OutputScan {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  const object = v["object"] as Record<string, unknown> | undefined;
  return typeof object?.["id"] === "string" && typeof object["pname"] === "string" && Array.isArray(v["references"]) && Array.isArray(v["files"]);
}
