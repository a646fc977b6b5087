/**
 * Trimming the local store: entries (an output with its log, build record and scan) are
 * dropped least recently used first, those unused for longer than `olderThanMs`, then more
 * until the store fits in `maxBytes`. The build record's mtime is the last use: a build that
 * reuses a stored derivation touches it. Every gc also removes the staging directories of
 * outputs being copied by processes that are gone (`.<name>.partial-<pid>`, see
 * containers/outputStaging.ts): they have no build record, so they are no entry, and no run
 * would ever remove them.
 */
import { readdir, readFile, rm, stat, utimes } from "node:fs/promises";
import { basename, join } from "node:path";
import { staleStaging } from "../containers/outputStaging.ts";
import { recordedOutputs, type BuildRecord } from "./localStore.ts";

export interface StoreEntry {
  storeName: string;
  /** The store names of its outputs (the default one, storeName, first). */
  outputs: string[];
  bytes: number;
  lastUsed: Date;
  /** A stale staging directory (its file name as storeName, its mtime as lastUsed), not an entry. */
  partial?: true;
}

export interface GcOptions {
  olderThanMs?: number;
  maxBytes?: number;
  dryRun?: boolean;
  now?: Date;
}

const recordSuffix = ".build.json";

async function sizeOf(path: string): Promise<number> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) return 0;
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const entry of await readdir(path)) total += await sizeOf(join(path, entry));
  return total;
}

/** The files that make up one store entry: its outputs with their scans, its log, record and check. */
function entryFiles(store: string, storeName: string, outputs: readonly string[]): string[] {
  const others = outputs.filter((o) => o !== storeName).flatMap((o) => [o, `${o}.closure.json`]);
  return [storeName, `${storeName}.log`, `${storeName}${recordSuffix}`, `${storeName}.closure.json`, `${storeName}.installCheck.log`, `${storeName}.installCheck.json`, ...others].map((f) => join(store, f));
}

/** The outputs a build record names (see localStore.ts); an unreadable record has its default output only. */
async function outputsOf(store: string, storeName: string): Promise<string[]> {
  try {
    const record = JSON.parse(await readFile(join(store, `${storeName}${recordSuffix}`), "utf8")) as Partial<BuildRecord>;
    return recordedOutputs({ storeName, ...(record.outputs === undefined ? {} : { outputs: record.outputs }) });
  } catch {
    return [storeName];
  }
}

export async function storeEntries(store: string): Promise<StoreEntry[]> {
  const names = (await readdir(store).catch(() => [] as string[])).filter((n) => n.endsWith(recordSuffix));
  const entries: StoreEntry[] = [];
  for (const name of names) {
    const storeName = name.slice(0, -recordSuffix.length);
    const record = await stat(join(store, name));
    let bytes = 0;
    const outputs = await outputsOf(store, storeName);
    for (const file of entryFiles(store, storeName, outputs)) bytes += await sizeOf(file);
    entries.push({ storeName, outputs, bytes, lastUsed: record.mtime });
  }
  return entries.sort((a, b) => a.lastUsed.getTime() - b.lastUsed.getTime() || a.storeName.localeCompare(b.storeName));
}

/** Marks an entry as used now, so gc keeps what recent runs needed. */
export async function touchEntry(store: string, storeName: string): Promise<void> {
  const now = new Date();
  await utimes(join(store, `${storeName}${recordSuffix}`), now, now).catch(() => undefined);
}

/** Staging directories of processes that are gone, as what gc removes (first, whatever the options). */
async function stalePartials(store: string, dryRun: boolean): Promise<StoreEntry[]> {
  const found: StoreEntry[] = [];
  for (const path of await staleStaging(store)) {
    const info = await stat(path).catch(() => undefined);
    found.push({ storeName: basename(path), outputs: [], bytes: await sizeOf(path), lastUsed: info?.mtime ?? new Date(0), partial: true });
    if (!dryRun) await rm(path, { recursive: true, force: true });
  }
  return found;
}

export async function collectGarbage(store: string, options: GcOptions): Promise<{ removed: StoreEntry[]; kept: StoreEntry[] }> {
  const now = (options.now ?? new Date()).getTime();
  const removed: StoreEntry[] = await stalePartials(store, options.dryRun === true);
  const entries = await storeEntries(store);
  let total = entries.reduce((sum, e) => sum + e.bytes, 0);
  const kept: StoreEntry[] = [];
  for (const entry of entries) {
    const tooOld = options.olderThanMs !== undefined && now - entry.lastUsed.getTime() > options.olderThanMs;
    const tooBig = options.maxBytes !== undefined && total > options.maxBytes;
    if (!tooOld && !tooBig) {
      kept.push(entry);
      continue;
    }
    // The record goes first: without it the entry no longer counts as built, whatever remains.
    if (!options.dryRun) {
      const files = entryFiles(store, entry.storeName, entry.outputs);
      const record = files.find((f) => f.endsWith(recordSuffix))!;
      for (const file of [record, ...files.filter((f) => f !== record)]) await rm(file, { recursive: true, force: true });
    }
    total -= entry.bytes;
    removed.push(entry);
  }
  return { removed, kept };
}
