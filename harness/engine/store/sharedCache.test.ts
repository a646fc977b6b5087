/**
 * A directory shared cache that cannot take an entry (its file system is full) warns and leaves
 * no half copy; the build it was given stays in the store, and the cell is not failed for it.
 * The cache is a small tmpfs (mounting needs root, as every test of the engine's faults).
 */
import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { canProvision } from "../testing.ts";
import { DirectoryCache } from "./sharedCache.ts";

const mounts: string[] = [];
afterAll(() => {
  for (const point of mounts) spawnSync("umount", ["-l", point], { stdio: "ignore" });
});

test.runIf(canProvision)("a directory cache on a full disk warns 'disk full on <path>' and keeps nothing of the entry", async () => {
  const work = await mkdtemp(join(tmpdir(), "crosscheck-shared-full-"));
  const store = join(work, "store");
  const cache = join(work, "cache");
  await mkdir(join(store, "aaaa-big", "lib"), { recursive: true });
  await mkdir(cache);
  const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", cache], { encoding: "utf8" });
  if (mounted.status !== 0) throw new Error(`mount: ${mounted.stderr}`);
  mounts.push(cache);
  await writeFile(join(store, "aaaa-big", "lib", "libbig.so"), Buffer.alloc(4 * 1024 * 1024, 1));
  await writeFile(join(store, "aaaa-big.build.json"), JSON.stringify({ storeName: "aaaa-big", buildKey: "k" }));

  const warnings: string[] = [];
  await new DirectoryCache(cache, (w) => warnings.push(w)).publish("aaaa-big", store);
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toMatch(new RegExp(`^the shared cache ${cache} did not take aaaa-big \\(disk full on ${cache} \\(.* free\\): could not publish aaaa-big: .*\\); it stays in the local store$`));
  expect(await readdir(cache)).toEqual([]);
  expect(await readdir(store)).toContain("aaaa-big");
});
