import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, mkdir, writeFile, utimes, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { collectGarbage, storeEntries } from "./gc.ts";

const day = 86_400_000;

async function entry(store: string, storeName: string, bytes: number, daysAgo: number, now: Date): Promise<void> {
  await mkdir(join(store, storeName, "lib"), { recursive: true });
  await writeFile(join(store, storeName, "lib", "libx.so"), Buffer.alloc(bytes));
  await writeFile(join(store, `${storeName}.log`), "log\n");
  await writeFile(join(store, `${storeName}.closure.json`), "{}");
  const record = join(store, `${storeName}.build.json`);
  await writeFile(record, "{}");
  const used = new Date(now.getTime() - daysAgo * day);
  await utimes(record, used, used);
}

test("gc drops entries unused for too long, then least recently used until the store fits", async () => {
  const store = await mkdtemp(join(tmpdir(), "crosscheck-gc-"));
  const now = new Date("2026-11-21T00:00:00Z");
  await entry(store, "aaaa-old", 1000, 40, now);
  await entry(store, "bbbb-middle", 5000, 10, now);
  await entry(store, "cccc-recent", 5000, 1, now);
  expect((await storeEntries(store)).map((e) => e.storeName)).toEqual(["aaaa-old", "bbbb-middle", "cccc-recent"]);

  const dry = await collectGarbage(store, { olderThanMs: 30 * day, dryRun: true, now });
  expect(dry.removed.map((e) => e.storeName)).toEqual(["aaaa-old"]);
  expect(await readdir(store)).toContain("aaaa-old");

  const trimmed = await collectGarbage(store, { olderThanMs: 30 * day, maxBytes: 6000, now });
  expect(trimmed.removed.map((e) => e.storeName)).toEqual(["aaaa-old", "bbbb-middle"]);
  expect((await readdir(store)).sort()).toEqual(["cccc-recent", "cccc-recent.build.json", "cccc-recent.closure.json", "cccc-recent.log"]);
});

test("gc removes the staging of outputs whose copying process is gone, whatever its options; a live process's stays", async () => {
  const store = await mkdtemp(join(tmpdir(), "crosscheck-gc-"));
  const now = new Date();
  await entry(store, "dddd-kept", 100, 1, now);
  // A process that has ended (its pid is free) and one that runs.
  const gone = spawnSync("true").pid!;
  const running = spawn("sleep", ["60"], { stdio: "ignore" });
  try {
    const stale = `.eeee-big.partial-${gone}`;
    const live = `.ffff-busy.partial-${running.pid}`;
    for (const name of [stale, live]) {
      await mkdir(join(store, name, "lib"), { recursive: true });
      await writeFile(join(store, name, "lib", "half.so"), Buffer.alloc(4096));
    }
    const dry = await collectGarbage(store, { olderThanMs: 30 * day, dryRun: true });
    expect(dry.removed).toMatchObject([{ storeName: stale, bytes: 4096, partial: true }]);
    expect(await readdir(store)).toContain(stale);

    const done = await collectGarbage(store, { olderThanMs: 30 * day });
    expect(done.removed.map((e) => e.storeName)).toEqual([stale]);
    expect(done.kept.map((e) => e.storeName)).toEqual(["dddd-kept"]);
    expect((await readdir(store)).sort()).toEqual([live, "dddd-kept", "dddd-kept.build.json", "dddd-kept.closure.json", "dddd-kept.log"].sort());
  } finally {
    running.kill();
  }
});

test("an entry is all its outputs: gc measures and removes a build's dev output and its scan with it", async () => {
  const store = await mkdtemp(join(tmpdir(), "crosscheck-gc-"));
  const now = new Date("2026-11-21T00:00:00Z");
  await entry(store, "gggg-zlib", 1000, 40, now);
  await mkdir(join(store, "hhhh-zlib-dev", "include"), { recursive: true });
  await writeFile(join(store, "hhhh-zlib-dev", "include", "zlib.h"), Buffer.alloc(3000));
  await writeFile(join(store, "hhhh-zlib-dev.closure.json"), "{}");
  const record = join(store, "gggg-zlib.build.json");
  await writeFile(record, JSON.stringify({ storeName: "gggg-zlib", outputs: ["gggg-zlib", "hhhh-zlib-dev"] }));
  const used = new Date(now.getTime() - 40 * day);
  await utimes(record, used, used);

  const [zlib] = await storeEntries(store);
  expect(zlib).toMatchObject({ storeName: "gggg-zlib", outputs: ["gggg-zlib", "hhhh-zlib-dev"] });
  expect(zlib!.bytes).toBeGreaterThan(4000);
  await collectGarbage(store, { olderThanMs: 30 * day, now });
  expect(await readdir(store)).toEqual([]);
});
