/**
 * Sources of derivations, fetched once into the cache and verified by sha256 every time they
 * are used: a recipe's pin means the bytes. The cache keeps each file under its full sha256
 * (`<sha256>-<file>`), hashes it again on each use (a damaged copy is fetched again, never
 * used), and marks the use (its mtime), so `crosscheck gc` can drop sources unused for long.
 * Debian sources come from the pool of the machine's own mirror (never a name written into
 * the repository); a URL or a local path may be given instead. A checksum mismatch is the
 * recipe's error (diagnosis: source-checksum-mismatch); an unreachable mirror is an
 * infrastructure fault.
 */
import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { chmod, mkdir, readdir, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import type { Source } from "../../planner/index.ts";
import { debianMirror } from "../machine/aptMirror.ts";
import { cacheDir } from "../machine/cacheDir.ts";
import { withFileLock } from "../machine/fileLock.ts";
import { InfrastructureError } from "../machine/infrastructureError.ts";
import { processAlive } from "../machine/processAlive.ts";

export const debianSuite = "bookworm";

/** A source on the host, ready to be mounted into a build container. */
export type FetchedSource = { kind: "archive" | "directory"; path: string; name: string } | null;

/** A recipe's source whose bytes are not what the recipe pinned (or a path source that is missing). */
export class SourceMismatchError extends Error {
  override readonly name = "SourceMismatchError";
}

/** The first line of a mismatch, as the diagnosis (source-checksum-mismatch) finds it. */
export function checksumMismatch(pinned: string, got: string): string {
  return `source checksum mismatch: pinned ${pinned}, got ${got}`;
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Debian's pool layout: `pool/main/<l or libX>/<source>/<file>`. */
export function debianPoolPath(sourcePackage: string, file: string): string {
  const prefix = sourcePackage.startsWith("lib") ? sourcePackage.slice(0, 4) : sourcePackage.slice(0, 1);
  return `pool/main/${prefix}/${sourcePackage}/${file}`;
}

/** Downloads `file` from the first of `urls` that has it into `destination`; returns that URL. */
async function download(file: string, urls: string[], destination: string): Promise<string> {
  const failures: string[] = [];
  for (const url of urls) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(300_000) });
      if (!response.ok) {
        failures.push(`${url}: HTTP ${response.status}`);
        continue;
      }
      await writeFile(destination, Buffer.from(await response.arrayBuffer()));
      return url;
    } catch (error) {
      failures.push(`${url}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw new InfrastructureError("fetch", `could not fetch ${file}:\n  ${failures.join("\n  ")}`);
}

const exists = (path: string): Promise<boolean> => stat(path).then(() => true, () => false);

/** A cached source's name: its full sha256, then the file's own name. */
function cacheName(sha256: string, file: string): string {
  return `${sha256}-${file}`;
}

/** Names written before the cache was keyed by the full hash: 16 hex digits of it. */
const legacyName = /^([0-9a-f]{16})-(.+)$/;
/** A download in progress, by the process that writes it. */
const partialName = /\.part-(\d+)-[0-9a-f]+$/;

/** Makes the cached file read-only and puts it under its name (another process may have been first: the same bytes). */
async function commit(partial: string, path: string): Promise<void> {
  await chmod(partial, 0o444);
  await rename(partial, path);
}

/**
 * Each file under a 16-digit name is hashed: moved to its full name when its digits are the
 * start of its hash, removed when they are not (nothing can pin it). Once per process before
 * the first fetch, and by gc; under a lock, as other processes may be doing the same.
 */
async function migrateLegacy(dir: string, options: { dryRun?: boolean } = {}): Promise<SourceGcAction[]> {
  const actions: SourceGcAction[] = [];
  const legacy = (await readdir(dir)).filter((name) => legacyName.test(name) && !partialName.test(name));
  if (legacy.length === 0) return actions;
  return withFileLock(join(await cacheDir("locks"), "sources.lock"), async () => {
    for (const name of legacy) {
      const path = join(dir, name);
      const info = await stat(path).catch(() => undefined);
      if (info === undefined || !info.isFile()) continue;
      const [, prefix, file] = legacyName.exec(name)!;
      const actual = await sha256Of(path);
      const bytes = info.size;
      if (actual.startsWith(prefix!)) {
        actions.push({ action: "migrated", name, bytes, to: cacheName(actual, file!) });
        if (!options.dryRun) await commit(path, join(dir, cacheName(actual, file!)));
      } else {
        actions.push({ action: "removed", name, bytes, reason: `its bytes have sha256 ${actual}` });
        if (!options.dryRun) await rm(path, { force: true });
      }
    }
    return actions;
  });
}

const migrated = new Map<string, Promise<unknown>>();

/** The source cache, its 16-digit names moved to full ones (once per process and cache). */
async function sourcesDir(): Promise<string> {
  const dir = await cacheDir("sources");
  if (!migrated.has(dir)) {
    migrated.set(
      dir,
      migrateLegacy(dir).catch((error: unknown) => {
        migrated.delete(dir);
        throw error;
      }),
    );
  }
  await migrated.get(dir);
  return dir;
}

/** The cached file of these bytes, or undefined; a copy whose bytes are not its name is removed. */
async function verifiedCopy(path: string, sha256: string): Promise<string | undefined> {
  if (!(await exists(path))) return undefined;
  if ((await sha256Of(path)) !== sha256) {
    // Damaged in the cache (the name is the hash it was stored with): fetched again.
    await rm(path, { force: true });
    return undefined;
  }
  const now = new Date();
  await utimes(path, now, now).catch(() => undefined);
  return path;
}

async function cached(file: string, sha256: string, urls: () => Promise<string[]>): Promise<string> {
  const dir = await sourcesDir();
  const path = join(dir, cacheName(sha256, file));
  const copy = await verifiedCopy(path, sha256);
  if (copy !== undefined) return copy;
  // Unique per attempt: two derivations of one run may fetch the same file at once.
  const partial = `${path}.part-${process.pid}-${randomBytes(4).toString("hex")}`;
  const from = await download(file, await urls(), partial);
  const actual = await sha256Of(partial);
  if (actual !== sha256) {
    // Kept under its own hash: once the pin is corrected (after checking them), no second download.
    await commit(partial, join(dir, cacheName(actual, file)));
    throw new SourceMismatchError(`${file}: ${checksumMismatch(sha256, actual)}\n  downloaded from ${from}; check the new bytes before updating the recipe's sha256`);
  }
  await commit(partial, path);
  return path;
}

export type SourceGcAction =
  | { action: "migrated"; name: string; bytes: number; to: string }
  | { action: "removed"; name: string; bytes: number; reason: string };

/**
 * Trims the source cache: 16-digit names moved to full ones (or removed when their bytes do not
 * match), partial downloads of processes that are gone removed, and, with `olderThanMs`, sources
 * not used for that long. Inline sources (directories the harness writes) are left alone.
 */
export async function collectSourceGarbage(options: { olderThanMs?: number; dryRun?: boolean; now?: Date } = {}): Promise<SourceGcAction[]> {
  const dir = await cacheDir("sources");
  const actions = await migrateLegacy(dir, options);
  const now = (options.now ?? new Date()).getTime();
  for (const name of await readdir(dir)) {
    const path = join(dir, name);
    const info = await stat(path).catch(() => undefined);
    if (info === undefined || !info.isFile()) continue;
    const partial = partialName.exec(name);
    let reason: string | undefined;
    if (partial !== null) {
      if (!processAlive(Number(partial[1]))) reason = `a partial download of process ${partial[1]}, which is gone`;
    } else if (legacyName.test(name)) {
      continue; // handled above
    } else if (options.olderThanMs !== undefined && now - info.mtimeMs > options.olderThanMs) {
      reason = `unused since ${info.mtime.toISOString()}`;
    }
    if (reason === undefined) continue;
    actions.push({ action: "removed", name, bytes: info.size, reason });
    if (!options.dryRun) await rm(path, { force: true });
  }
  return actions;
}

/** The name a source has in the build container, known before fetching it. */
export function sourceName(source: Source): string | null {
  switch (source.kind) {
    case "none":
      return null;
    case "debian":
      return source.origTarball;
    case "url":
      return basename(new URL(source.url).pathname) || "source";
    case "path":
      return basename(source.path);
    case "inline":
      return `inline-${createHash("sha256").update(JSON.stringify(Object.entries(source.files).sort())).digest("hex").slice(0, 16)}`;
  }
}

export async function fetchSource(source: Source): Promise<FetchedSource> {
  switch (source.kind) {
    case "none":
      return null;
    case "debian": {
      const path = await cached(source.origTarball, source.sha256, async () => {
        const mirror = await debianMirror(debianSuite);
        const uris = [...new Set(mirror.sources.flatMap((s) => s.uris))];
        return uris.map((uri) => `${uri.replace(/\/+$/, "")}/${debianPoolPath(source.package, source.origTarball)}`);
      });
      return { kind: "archive", path, name: source.origTarball };
    }
    case "url": {
      const name = sourceName(source)!;
      return { kind: "archive", path: await cached(name, source.sha256, async () => [source.url]), name };
    }
    case "path": {
      const info = await stat(source.path).catch(() => undefined);
      if (info === undefined) throw new SourceMismatchError(`source path ${source.path} does not exist`);
      if (info.isDirectory()) return { kind: "directory", path: source.path, name: basename(source.path) };
      const actual = await sha256Of(source.path);
      if (actual !== source.sha256) throw new SourceMismatchError(`${source.path}: ${checksumMismatch(source.sha256, actual)}`);
      return { kind: "archive", path: source.path, name: basename(source.path) };
    }
    case "inline": {
      const name = sourceName(source)!;
      const dir = join(await cacheDir("sources"), name);
      if (!(await stat(dir).then(() => true, () => false))) {
        const partial = `${dir}.part-${process.pid}-${randomBytes(4).toString("hex")}`;
        await rm(partial, { recursive: true, force: true });
        // Made first: a source of no files is an empty directory, not a missing one.
        await mkdir(partial, { recursive: true });
        for (const [name, text] of Object.entries(source.files)) {
          const file = join(partial, name);
          await mkdir(join(file, ".."), { recursive: true });
          await writeFile(file, text);
        }
        // Another fetch of the same files may have finished first: theirs is as good as ours.
        await rename(partial, dir).catch(async (error: NodeJS.ErrnoException) => {
          if (!(await stat(dir).then(() => true, () => false))) throw error;
          await rm(partial, { recursive: true, force: true });
        });
      }
      return { kind: "directory", path: dir, name };
    }
  }
}

