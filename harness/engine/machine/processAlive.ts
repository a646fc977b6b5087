import { readFileSync } from "node:fs";

/**
 * Whether a process exists (EPERM: it does, but belongs to someone else). A zombie does not count:
 * it has ended and only waits for its parent to read its status (a harness process killed while
 * its parent is busy), so what it left is as stale as a dead one's.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  return !zombie(pid);
}

/** Linux: the state field of /proc/<pid>/stat (after the parenthesised name, which may hold spaces). */
function zombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) === "Z";
  } catch {
    return false;
  }
}
