/**
 * A recipe's pin means the bytes: sources are cached under their full sha256 and hashed again
 * every time they are used, and a source whose bytes are not what the recipe pins is its own
 * diagnosis. Served by a local HTTP server, into a cache of the test's own (CROSSCHECK_CACHE).
 */
import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { chmod, mkdtemp, readdir, readFile, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { diagnose } from "../../diagnosis/index.ts";
import { cacheDirEnvVar } from "../machine/cacheDir.ts";
import { collectSourceGarbage, fetchSource, SourceMismatchError } from "./source.ts";

const file = "hello_2.10.orig.tar.gz";
const bytes = Buffer.from("the real hello 2.10 tarball\n".repeat(1000));
const real = createHash("sha256").update(bytes).digest("hex");
/** The real hash with its last digit changed: the same 16-digit prefix, other bytes. */
const lastDigitOff = real.slice(0, -1) + (real.endsWith("0") ? "1" : "0");

let server: Server;
let base: string;
let downloads = 0;
let cache: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    downloads++;
    if (request.url === `/${file}`) response.end(bytes);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(async () => {
  cache = await mkdtemp(join(tmpdir(), "crosscheck-sources-"));
  vi.stubEnv(cacheDirEnvVar, cache);
  downloads = 0;
});
afterEach(() => vi.unstubAllEnvs());

const sources = () => join(cache, "sources");
const url = (sha256: string) => ({ kind: "url", url: `${base}/${file}`, sha256 }) as const;

/** What the cell runner does with a fetch that throws SourceMismatchError. */
async function fetchFailure(sha256: string): Promise<{ error: unknown; category: string; message: string }> {
  const error = await fetchSource(url(sha256)).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof SourceMismatchError)) return { error, category: "none", message: "" };
  const diagnosis = diagnose({ phase: "fetch", log: error.message });
  return { error, category: diagnosis.category.id, message: diagnosis.message };
}

describe("sources are pinned by their bytes", () => {
  test("a pin one digit off a source cached under its 16-digit name is a checksum mismatch, not that source", async () => {
    // As the cache was written before full names: the first 16 digits of the recipe's pin.
    await writeFile(join(await mkdirp(sources()), `${real.slice(0, 16)}-${file}`), bytes);
    const { error, category, message } = await fetchFailure(lastDigitOff);
    expect(error).toBeInstanceOf(SourceMismatchError);
    expect(category).toBe("source-checksum-mismatch");
    expect(message).toContain(`source checksum mismatch: pinned ${lastDigitOff}, got ${real}`);
    expect(message).toMatch(/hint: .*update the pin/);
    expect((error as Error).message).toContain(`${base}/${file}`);
  });

  test("a pin one digit off a source cached under its full hash is a checksum mismatch", async () => {
    expect((await fetchSource(url(real)))!.path).toBe(join(sources(), `${real}-${file}`));
    const { category, message } = await fetchFailure(lastDigitOff);
    expect(category).toBe("source-checksum-mismatch");
    expect(message).toContain(`pinned ${lastDigitOff}, got ${real}`);
    // The bytes got are kept under their own hash: the corrected pin needs no second download.
    const before = downloads;
    expect((await fetchSource(url(real)))!.path).toBe(join(sources(), `${real}-${file}`));
    expect(downloads).toBe(before);
  });

  test("cached bytes are hashed again on every use: a damaged copy is fetched again, never used", async () => {
    const first = (await fetchSource(url(real)))!.path;
    expect(downloads).toBe(1);
    expect((await fetchSource(url(real)))!.path).toBe(first);
    expect(downloads).toBe(1);
    const damaged = Buffer.from(bytes);
    damaged[100] = damaged[100]! ^ 1;
    await chmod(first, 0o644); // cached sources are read-only
    await writeFile(first, damaged);
    expect((await fetchSource(url(real)))!.path).toBe(first);
    expect(downloads).toBe(2);
    expect(await readFile(first)).toEqual(bytes);
  });

  test("a path source is hashed on every use and mismatches the same way", async () => {
    const dir = await mkdtemp(join(tmpdir(), "crosscheck-path-source-"));
    const path = join(dir, file);
    await writeFile(path, bytes);
    expect(await fetchSource({ kind: "path", path, sha256: real })).toMatchObject({ kind: "archive", path });
    const error = await fetchSource({ kind: "path", path, sha256: lastDigitOff }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceMismatchError);
    expect(diagnose({ phase: "fetch", log: (error as Error).message }).category.id).toBe("source-checksum-mismatch");
  });

  test("a path source that is not there is its own diagnosis, the recipe's", async () => {
    const path = join(await mkdtemp(join(tmpdir(), "crosscheck-path-source-")), "gone", file);
    const error = await fetchSource({ kind: "path", path, sha256: real }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceMismatchError);
    const diagnosis = diagnose({ phase: "fetch", log: (error as Error).message });
    expect(diagnosis.category.id).toBe("source-missing");
    expect(diagnosis.category.blame).toBe("package");
  });

  test("a source cached under its 16-digit name is moved to its full name once its bytes are checked", async () => {
    await writeFile(join(await mkdirp(sources()), `${real.slice(0, 16)}-${file}`), bytes);
    expect((await fetchSource(url(real)))!.path).toBe(join(sources(), `${real}-${file}`));
    expect(downloads).toBe(0);
    expect(await readdir(sources())).toEqual([`${real}-${file}`]);
  });
});

describe("gc of the source cache", () => {
  test("moves 16-digit names to full ones, drops damaged ones, stale partial downloads and sources unused too long", async () => {
    const dir = await mkdirp(sources());
    const other = Buffer.from("another source\n");
    const otherHash = createHash("sha256").update(other).digest("hex");
    await writeFile(join(dir, `${real.slice(0, 16)}-${file}`), bytes);
    // Its name does not match its bytes: nothing can pin it.
    await writeFile(join(dir, `${"0".repeat(16)}-damaged.tar.gz`), other);
    await writeFile(join(dir, `${otherHash}-old.tar.gz`), other);
    const longAgo = new Date(Date.now() - 60 * 86_400_000);
    await utimes(join(dir, `${otherHash}-old.tar.gz`), longAgo, longAgo);
    // Left by a process that is gone (pid 2^22 + 1 is above Linux's pid_max default).
    await writeFile(join(dir, `${real}-${file}.part-4194305-deadbeef`), "half");
    await mkdirp(join(dir, "inline-0123456789abcdef"));

    const dry = await collectSourceGarbage({ olderThanMs: 30 * 86_400_000, dryRun: true });
    expect(dry.map((a) => a.action).sort()).toEqual(["migrated", "removed", "removed", "removed"]);
    expect((await readdir(dir)).length).toBe(5);

    const actions = await collectSourceGarbage({ olderThanMs: 30 * 86_400_000 });
    expect(actions.map((a) => `${a.action} ${a.name}`).sort()).toEqual([
      `migrated ${real.slice(0, 16)}-${file}`,
      `removed ${"0".repeat(16)}-damaged.tar.gz`,
      `removed ${otherHash}-old.tar.gz`,
      `removed ${real}-${file}.part-4194305-deadbeef`,
    ]);
    expect((await readdir(dir)).sort()).toEqual([`${real}-${file}`, "inline-0123456789abcdef"]);
    expect((await stat(join(dir, `${real}-${file}`))).size).toBe(bytes.length);
  });
});

async function mkdirp(dir: string): Promise<string> {
  await (await import("node:fs/promises")).mkdir(dir, { recursive: true });
  return dir;
}
