import { mkdtemp, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { withFileLock } from "./fileLock.ts";

test("a lock left empty by a killed process is taken over, a fresh empty one is waited for", { timeout: 30_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), "crosscheck-lock-"));
  const stale = join(dir, "stale.lock");
  await writeFile(stale, "");
  const old = new Date(Date.now() - 60_000);
  await utimes(stale, old, old);
  expect(await withFileLock(stale, async () => "ran", { timeoutMs: 5_000 })).toBe("ran");

  const fresh = join(dir, "fresh.lock");
  await writeFile(fresh, "");
  await expect(withFileLock(fresh, async () => "ran", { timeoutMs: 1_500 })).rejects.toThrow(/timed out waiting for lock/);
});
