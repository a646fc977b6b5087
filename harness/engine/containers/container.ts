/**
 * Run one build step in a fresh container: given inputs present read-only, an output
 * directory collected back to the host, network off, a non-root user, resource limits, a
 * timeout, the log streamed to a file. Generic on purpose: it knows nothing of plans; the
 * realization of a plan node is built on top of it.
 *
 * A step's own failure (non-zero exit, timeout) is a result. A fault of the machinery (no
 * engine, missing image, container vanished, OOM kill) is thrown as an InfrastructureError.
 */
import "./testcontainersEnv.ts";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { dirname, basename, join } from "node:path";
import { once } from "node:events";
import type { Readable } from "node:stream";
import { GenericContainer, type StartedTestContainer } from "testcontainers";
import { $ } from "zx";
import { engineClient, engineStatus } from "../machine/dockerEngine.ts";
import { localImage } from "../images/images.ts";
import { InfrastructureError } from "../machine/infrastructureError.ts";
import { builderUser } from "../images/baseImage.ts";
import { removeContainer, sessionLabels, track } from "./session.ts";

export interface StepInput {
  /** Directory (or file) on the host. */
  hostPath: string;
  /** Absolute path inside the container, e.g. /crosscheck/store/<hash>-<name>. */
  containerPath: string;
  /** "bind" (default): mounted read-only, no copying. "copy": copied in before start, for remote engines. */
  mode?: "bind" | "copy";
}

export interface StepOutput {
  /** Directory the script fills, created empty and writable for the step's user. */
  containerPath: string;
  /** Where it lands on the host; replaced as a whole when the step succeeds. */
  hostPath: string;
}

export interface StepLimits {
  /** Memory limit in MiB (swap is not allowed on top: over it, the kernel kills the step). */
  memoryMiB?: number;
  cpus?: number;
  pids?: number;
}

export type StepUser = "root" | { uid: number; gid: number };

export interface StepSpec {
  image: string;
  /** Shell script run by `/bin/sh -e`. */
  script: string;
  inputs?: StepInput[];
  output?: StepOutput;
  /** Working directory, created writable for the user; default /build. */
  workdir?: string;
  env?: Record<string, string>;
  /** Default: the image's unprivileged builder (uid 1000). */
  user?: StepUser;
  /** Network stays off unless asked for (fetch steps); builds must not reach out. */
  network?: boolean;
  limits?: StepLimits;
  timeoutMs: number;
  /** stdout and stderr of the step, interleaved as they arrive. */
  logPath: string;
  /** A readable name for the step, put in a label (e.g. the derivation id). */
  name?: string;
  /** The shell that runs the script: /bin/sh for every build; bash for a repro shell (its ERR trap). */
  shell?: "/bin/sh" | "bash";
}

export interface StepResult {
  status: "succeeded" | "failed" | "timed-out";
  /** The script's exit status; null when it was killed for the timeout. */
  exitCode: number | null;
  logPath: string;
  /** Set when the step succeeded and had an output. */
  outputPath?: string;
  containerId: string;
  timings: { startMs: number; runMs: number; collectMs: number; totalMs: number; startedAt: string };
}

export const stepDefaults = { workdir: "/build", limits: { memoryMiB: 4096, cpus: 2, pids: 4096 } } as const;

/** The script's path in the container; written there before start. */
const scriptPath = "/crosscheck/step.sh";

/**
 * Runs as root only long enough to make the writable directories the step's user's, then
 * drops to that user for good (setpriv, from util-linux, always in a Debian base): the output
 * and work dirs can be anywhere, including under read-only-mounted store paths' parents.
 */
const prelude = (shell: string) =>
  [
    "set -e",
    'uid=$1; gid=$2; shift 2',
    'for d in "$@"; do mkdir -p "$d"; chown "$uid:$gid" "$d"; done',
    `if [ "$uid" = 0 ]; then exec ${shell} -e ${scriptPath}; fi`,
    `exec setpriv --reuid="$uid" --regid="$gid" --clear-groups --inh-caps=-all --bounding-set=-all --no-new-privs ${shell} -e ${scriptPath}`,
  ].join("\n");

/** What a step's container is, whichever way it is started: the engine API (runStep) or the
 * docker CLI attached to a terminal (dockerRunArgs, for repro). */
function stepContainer(spec: StepSpec) {
  const user = spec.user ?? { uid: builderUser.uid, gid: builderUser.gid };
  const uid = user === "root" ? 0 : user.uid;
  const gid = user === "root" ? 0 : user.gid;
  const workdir = spec.workdir ?? stepDefaults.workdir;
  const limits = { ...stepDefaults.limits, ...spec.limits };
  const writable = [workdir, ...(spec.output ? [spec.output.containerPath] : [])];
  const home = uid === builderUser.uid ? builderUser.home : workdir;
  return {
    limits,
    env: { HOME: home, TMPDIR: "/tmp", ...spec.env },
    entrypoint: ["/bin/sh", "-c", prelude(spec.shell ?? "/bin/sh"), "crosscheck-step", String(uid), String(gid), ...writable],
  };
}

/**
 * The same step as `docker run` arguments, for a build attached to the terminal: the same
 * image, limits, user, network, environment and read-only inputs, with the script bind-mounted
 * from `scriptFile`. Inputs are bound whatever their mode (the docker CLI talks to a local engine);
 * the output stays in the container.
 */
export function dockerRunArgs(spec: StepSpec, options: { scriptFile: string; tty: boolean }): string[] {
  const { limits, env, entrypoint } = stepContainer(spec);
  const [command, ...args] = entrypoint;
  return [
    "run", "--rm", "-i", ...(options.tty ? ["-t"] : []),
    "--network", spec.network ? "bridge" : "none",
    "--memory", `${limits.memoryMiB}m`, "--memory-swap", `${limits.memoryMiB}m`, "--cpus", String(limits.cpus), "--pids-limit", String(limits.pids),
    ...Object.entries(sessionLabels(spec.name)).flatMap(([k, v]) => ["--label", `${k}=${v}`]),
    ...Object.entries(env).flatMap(([k, v]) => ["-e", `${k}=${v}`]),
    ...(spec.inputs ?? []).flatMap((i) => ["-v", `${i.hostPath}:${i.containerPath}:ro`]),
    "-v", `${options.scriptFile}:${scriptPath}:ro`,
    "--user", "0:0", "--workdir", "/",
    "--entrypoint", command!,
    spec.image, ...args,
  ];
}

/** GenericContainer has no builder for these HostConfig fields; they are what limits a build. */
class StepContainer extends GenericContainer {
  withPidsLimit(pids: number): this {
    this.hostConfig.PidsLimit = pids;
    return this;
  }
  withNoSwap(): this {
    if (this.hostConfig.Memory !== undefined) this.hostConfig.MemorySwap = this.hostConfig.Memory;
    return this;
  }
}

export async function runStep(spec: StepSpec): Promise<StepResult> {
  const began = Date.now();
  const startedAt = new Date(began).toISOString();
  if (!(await localImage(spec.image))) {
    throw new InfrastructureError("image", `image ${spec.image} is not present on the engine (it is never pulled; build it first)`);
  }
  const { limits, env, entrypoint } = stepContainer(spec);

  await mkdir(dirname(spec.logPath), { recursive: true });
  const log = createWriteStream(spec.logPath);
  let logEnded: Promise<unknown> = Promise.resolve();

  const container = new StepContainer(spec.image)
    .withLabels(sessionLabels(spec.name))
    .withNetworkMode(spec.network ? "bridge" : "none")
    .withResourcesQuota({ memory: limits.memoryMiB / 1024, cpu: limits.cpus })
    .withNoSwap()
    .withPidsLimit(limits.pids)
    .withEnvironment(env)
    .withWorkingDir("/")
    .withUser("0:0")
    .withEntrypoint(entrypoint)
    .withCommand([])
    .withCopyContentToContainer([{ content: spec.script, target: scriptPath, mode: 0o755 }])
    .withBindMounts((spec.inputs ?? []).filter((i) => (i.mode ?? "bind") === "bind").map((i) => ({ source: i.hostPath, target: i.containerPath, mode: "ro" as const })))
    .withCopyDirectoriesToContainer((spec.inputs ?? []).filter((i) => i.mode === "copy").map((i) => ({ source: i.hostPath, target: i.containerPath })))
    .withLogConsumer((stream: Readable) => {
      stream.pipe(log);
      logEnded = once(stream, "end");
    });

  let started: StartedTestContainer;
  try {
    started = await container.start();
  } catch (error) {
    log.end();
    // Labelled: if create succeeded but start failed, the session cleanup removes it.
    throw await fault(`could not start a container from ${spec.image}`, error);
  }
  const containerId = started.getId();
  track(containerId);
  const startMs = Date.now() - began;
  const client = await engineClient();
  const handle = client.container.dockerode.getContainer(containerId);

  try {
    // The process may already have finished while testcontainers was still inspecting.
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    const runBegan = Date.now();
    const waited = handle.wait() as Promise<{ StatusCode: number }>;
    const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), spec.timeoutMs)));
    let outcome: { StatusCode: number } | "timeout";
    try {
      outcome = await Promise.race([waited, timeout]);
      if (outcome === "timeout") {
        timedOut = true;
        await handle.kill({ signal: "SIGKILL" }).catch(() => undefined);
        await waited.catch(() => undefined);
      }
    } catch (error) {
      throw await fault(`lost the container of step ${spec.name ?? containerId}`, error);
    } finally {
      clearTimeout(timer);
    }
    const runMs = Date.now() - runBegan;
    // The log stream ends when the container stops; don't hang on an engine that never says so.
    await Promise.race([logEnded, new Promise((resolve) => setTimeout(resolve, 5000))]);
    // The pipe may have ended and closed the file already; waiting for "close" then would hang.
    if (!log.closed) {
      const closed = once(log, "close");
      log.end();
      await closed.catch(() => undefined);
    }

    let state;
    try {
      state = (await handle.inspect()).State;
    } catch (error) {
      throw await fault(`lost the container of step ${spec.name ?? containerId}`, error);
    }
    if (state.OOMKilled && !timedOut) {
      throw new InfrastructureError("oom", `step ${spec.name ?? containerId} was killed for exceeding its memory limit (${limits.memoryMiB} MiB); log: ${spec.logPath}`);
    }
    const exitCode = timedOut ? null : state.ExitCode;
    const status = timedOut ? "timed-out" : exitCode === 0 ? "succeeded" : "failed";

    const collectBegan = Date.now();
    let outputPath: string | undefined;
    if (status === "succeeded" && spec.output) {
      outputPath = await collectOutput(handle, spec.output);
    }
    const collectMs = Date.now() - collectBegan;
    const result: StepResult = { status, exitCode, logPath: spec.logPath, containerId, timings: { startMs, runMs, collectMs, totalMs: Date.now() - began, startedAt } };
    if (outputPath) result.outputPath = outputPath;
    return result;
  } finally {
    if (!log.closed) log.end();
    await removeContainer(containerId).catch(() => undefined);
  }
}

/** Copy the output directory out of the stopped container, then move it into place at once. */
async function collectOutput(handle: { getArchive(opts: { path: string }): Promise<NodeJS.ReadableStream> }, output: StepOutput): Promise<string> {
  const staging = join(dirname(output.hostPath), `.${basename(output.hostPath)}.partial-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    const archive = await handle.getArchive({ path: output.containerPath });
    // The archive's top entry is the directory itself; strip it so its contents land in staging.
    const untar = $({ quiet: true })`tar -x -C ${staging} --strip-components=1 --no-same-owner --no-same-permissions`;
    (archive as unknown as Readable).pipe(untar.stdin);
    await untar;
    await rm(output.hostPath, { recursive: true, force: true });
    await rename(staging, output.hostPath);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw new InfrastructureError("container", `could not collect ${output.containerPath} from the container: ${(error as Error).message}`, { cause: error });
  }
  await stat(output.hostPath);
  return output.hostPath;
}

/** Name the fault: the engine being gone explains most lost containers. */
async function fault(what: string, error: unknown): Promise<InfrastructureError> {
  if (error instanceof InfrastructureError) return error;
  const engine = await engineStatus();
  const message = error instanceof Error ? error.message : String(error);
  if (!engine.answering) return new InfrastructureError("engine", `${what}: the Docker engine stopped answering (${message})`, { cause: error });
  return new InfrastructureError("container", `${what}: ${message}`, { cause: error });
}
