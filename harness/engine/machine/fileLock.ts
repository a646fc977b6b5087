/**
 * A cross-process lock on a file, so two harness processes never build the same image twice:
 * the second waits, then finds the image and reuses it. The holder's pid is in the file, so a
 * lock left by a killed process is recognised and taken over instead of waited on forever (also
 * one it left empty, killed between creating the file and writing its pid).
 */
import { open, readFile, stat, unlink } from "node:fs/promises";
import { processAlive } from "./processAlive.ts";

export async function withFileLock<T>(path: string, work: () => Promise<T>, options: { timeoutMs?: number } = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 60 * 60_000);
  for (;;) {
    try {
      const handle = await open(path, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number((await readFile(path, "utf8").catch(() => "")).trim());
      const known = Number.isInteger(holder) && holder > 0;
      // No pid yet means the holder is between creating the file and writing it; a file that
      // stays empty for seconds was left by a process killed in that moment.
      const abandoned = !known && Date.now() - ((await stat(path).catch(() => undefined))?.mtimeMs ?? 0) > 10_000;
      if ((known && !processAlive(holder)) || abandoned) {
        await unlink(path).catch(() => undefined);
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for lock ${path} (held by pid ${holder || "?"})`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  try {
    return await work();
  } finally {
    await unlink(path).catch(() => undefined);
  }
}
