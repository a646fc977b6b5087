/**
 * Sources of derivations, fetched once into the cache and always verified by sha256.
 * Debian sources come from the pool of the machine's own mirror (never a name written into
 * the repository); a URL or a local path may be given instead. A checksum mismatch is the
 * recipe's error; an unreachable mirror is an infrastructure fault.
 */
import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import type { Source } from "../../planner/index.ts";
import { debianMirror } from "../machine/aptMirror.ts";
import { cacheDir } from "../machine/cacheDir.ts";
import { InfrastructureError } from "../machine/infrastructureError.ts";

export const debianSuite = "bookworm";

/** A source on the host, ready to be mounted into a build container. */
export type FetchedSource = { kind: "archive" | "directory"; path: string; name: string } | null;

/** A recipe's source whose bytes are not what the recipe pinned. */
export class SourceMismatchError extends Error {
  override readonly name = "SourceMismatchError";
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

async function download(urls: string[], destination: string): Promise<void> {
  const failures: string[] = [];
  for (const url of urls) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(300_000) });
      if (!response.ok) {
        failures.push(`${url}: HTTP ${response.status}`);
        continue;
      }
      await writeFile(destination, Buffer.from(await response.arrayBuffer()));
      return;
    } catch (error) {
      failures.push(`${url}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw new InfrastructureError("fetch", `could not fetch ${basename(destination)}:\n  ${failures.join("\n  ")}`);
}

async function cached(file: string, sha256: string, urls: () => Promise<string[]>): Promise<string> {
  const dir = await cacheDir("sources");
  const path = join(dir, `${sha256.slice(0, 16)}-${file}`);
  if (await stat(path).then(() => true, () => false)) return path;
  // Unique per attempt: two derivations of one run may fetch the same file at once.
  const partial = `${path}.part-${process.pid}-${randomBytes(4).toString("hex")}`;
  await download(await urls(), partial);
  const actual = await sha256Of(partial);
  if (actual !== sha256) {
    await rm(partial, { force: true });
    throw new SourceMismatchError(`${file}: sha256 mismatch: the recipe pins ${sha256}, the download has ${actual}; fix the recipe's sha256 only after checking the new bytes`);
  }
  await rename(partial, path);
  return path;
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
      if (actual !== source.sha256) throw new SourceMismatchError(`${source.path}: sha256 mismatch: the recipe pins ${source.sha256}, the file has ${actual}`);
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

