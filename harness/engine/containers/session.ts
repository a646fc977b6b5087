/**
 * Every container the harness starts carries labels naming this process's session, because
 * Ryuk (testcontainers' reaper) cannot run here: the harness removes its own containers when a
 * step ends, on SIGINT/SIGTERM, and a sweep removes what a killed process left behind.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { engineClient, engineDeadlines, withDeadline } from "../machine/dockerEngine.ts";
import { processAlive } from "../machine/processAlive.ts";

export const labelKeys = {
  /** Present on every crosscheck container; the sweep's filter. */
  owner: "crosscheck",
  session: "crosscheck.session",
  pid: "crosscheck.pid",
  step: "crosscheck.step",
} as const;

export const sessionId = `${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;

/** The labels of a container about to be created in this session (which arms the cleanup: a
 * signal during the create must remove it too). */
export function sessionLabels(step?: string): Record<string, string> {
  installCleanup();
  return {
    [labelKeys.owner]: "1",
    [labelKeys.session]: sessionId,
    [labelKeys.pid]: String(process.pid),
    ...(step ? { [labelKeys.step]: step } : {}),
  };
}

const live = new Set<string>();
let handlersInstalled = false;

/**
 * Removes this session's containers at once, with the docker CLI: on a signal, and when the
 * process exits anyway. It must not wait for the event loop: in a vitest worker whose main
 * process the same signal ended, an engine API call's answer never came back (and the worker
 * went on with its cell), or the worker exited as soon as its channel to the main process closed.
 */
function removeSessionContainersNow(): void {
  const found = spawnSync("docker", ["ps", "-aq", "--no-trunc", "--filter", `label=${labelKeys.session}=${sessionId}`], { encoding: "utf8", timeout: 30_000 });
  const ids = [...new Set([...live, ...(found.stdout ?? "").split("\n").filter((id) => id !== "")])];
  if (ids.length > 0) spawnSync("docker", ["rm", "-f", "-v", ...ids], { stdio: "ignore", timeout: 60_000 });
  live.clear();
}

/** Remember a container until it is removed. */
export function track(containerId: string): void {
  live.add(containerId);
}

/** From the first container on, a signal or an exit removes this session's containers. */
function installCleanup(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.once("exit", removeSessionContainersNow);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      removeSessionContainersNow();
      // End as the signal intended (status 130/143): re-raised, with no other handler left
      // to catch it (vitest's would).
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    });
  }
}

export async function removeContainer(containerId: string): Promise<void> {
  const client = await engineClient();
  try {
    await withDeadline(`remove container ${containerId.slice(0, 12)}`, engineDeadlines.lifecycleMs, (abortSignal) =>
      client.container.dockerode.getContainer(containerId).remove({ force: true, v: true, abortSignal }),
    );
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    // 404: already gone; 409: removal already in progress (another cleanup got there first).
    if (status !== 404 && status !== 409) throw error;
  }
  live.delete(containerId);
}

async function labelled(filter: string[]): Promise<Array<{ id: string; labels: Record<string, string> }>> {
  const client = await engineClient();
  const containers = await withDeadline("list crosscheck's containers", engineDeadlines.callMs, (abortSignal) => client.container.dockerode.listContainers({ all: true, filters: { label: filter }, abortSignal }));
  return containers.map((c) => ({ id: c.Id, labels: c.Labels ?? {} }));
}

/**
 * Remove crosscheck containers whose process is gone (or all of them with `all`). A container
 * whose owner still runs is left alone, so a sweep never breaks a concurrent run.
 */
export async function sweepLeftovers(options: { all?: boolean } = {}): Promise<string[]> {
  const found = await labelled([labelKeys.owner]);
  const stale = found.filter((c) => {
    if (options.all) return true;
    if (c.labels[labelKeys.session] === sessionId) return false;
    const pid = Number(c.labels[labelKeys.pid]);
    return !(Number.isInteger(pid) && pid > 0 && processAlive(pid));
  });
  await Promise.allSettled(stale.map((c) => removeContainer(c.id)));
  return stale.map((c) => c.id);
}

/** Containers with the crosscheck label, for tests and doctor. */
export async function listCrosscheckContainers(session?: string): Promise<string[]> {
  return (await labelled([session ? `${labelKeys.session}=${session}` : labelKeys.owner])).map((c) => c.id);
}
