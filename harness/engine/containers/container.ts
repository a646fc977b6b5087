/**
 * Run one build step in a fresh container: given inputs present read-only, an output
 * directory collected back to the host, network off, a non-root user, resource limits, a
 * timeout, the log streamed to a file. Generic on purpose: it knows nothing of plans; the
 * realization of a plan node is built on top of it.
 *
 * A step's own failure (non-zero exit, timeout) is a result. A fault of the machinery is thrown
 * as an InfrastructureError with the engine's (or the file system's) words: no engine, a missing
 * image, an engine call past its deadline (engineDeadlines), a container that vanished, was
 * OOM-killed or was ended from outside before its script finished (see `endedBy`), a copy in or
 * out that failed, a full disk, a log that can't be written.
 *
 * The container is driven through the engine API directly (dockerode, from testcontainers'
 * client), one call at a time, each with a deadline and its streams piped with pipeline, so
 * that a broken stream fails the step instead of leaving it waiting.
 */
import "./testcontainersEnv.ts";
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { constants as osConstants } from "node:os";
import { dirname } from "node:path";
import { Readable, Transform } from "node:stream";
import { finished, pipeline } from "node:stream/promises";
import type Dockerode from "dockerode";
import { EngineDeadlineError, engineClient, engineDeadlines, engineStatus, withDeadline } from "../machine/dockerEngine.ts";
import { localImage } from "../images/images.ts";
import { diskFullError, freeBytes, InfrastructureError, isDiskFull } from "../machine/infrastructureError.ts";
import { builderUser } from "../images/baseImage.ts";
import { removeContainer, sessionLabels, track } from "./session.ts";
import { stagingPath, sweepStagingOnce } from "./outputStaging.ts";
import { firstFile, tarArchive, type ArchiveEntry } from "./tarArchive.ts";

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
  /** The directories the step makes (a derivation's outputs), each copied out when it succeeds. */
  outputs?: StepOutput[];
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
  /** Where its outputs are in the store, in the order given; set when the step succeeded and had outputs. */
  outputPaths?: string[];
  containerId: string;
  timings: { startMs: number; runMs: number; collectMs: number; totalMs: number; startedAt: string };
}

export const stepDefaults = { workdir: "/build", limits: { memoryMiB: 4096, cpus: 2, pids: 4096 } } as const;

/** The script's path in the container; written there before start. */
const scriptPath = "/crosscheck/step.sh";

/**
 * Where the runner records that the script ended, and how: a directory only root can enter,
 * made before the script starts and written after it ended, by the runner's own shell (the
 * container's first process, root), never by the script (the builder, without capabilities).
 */
const endDir = "/crosscheck/.end";
const endFile = `${endDir}/status`;

/**
 * Runs as root only long enough to make the writable directories the step's user's, then
 * drops to that user for good (setpriv, from util-linux, always in a Debian base): the output
 * and work dirs can be anywhere, including under read-only-mounted store paths' parents.
 *
 * With `recordEnd` (every step run through the engine API), the runner's shell stays the
 * container's first process: it runs the script as a child and, once the script has ended,
 * writes the script's exit status into `endFile`, then exits with it. So a container that
 * stopped with a status but without that file was not ended by its script: something killed it
 * from outside (see `endedBy`). Without it (the terminal's `docker run`, for repro) the script
 * replaces the runner, as it did before. This is the runner's wrapper, not the build script: a
 * node's build key hashes its image and its build script only, so changing it rebuilds nothing.
 */
const prelude = (shell: string, recordEnd: boolean) => {
  const asUser = `setpriv --reuid="$uid" --regid="$gid" --clear-groups --inh-caps=-all --bounding-set=-all --no-new-privs ${shell} -e ${scriptPath}`;
  const head = ["set -e", 'uid=$1; gid=$2; shift 2', 'for d in "$@"; do mkdir -p "$d"; chown "$uid:$gid" "$d"; done'];
  if (!recordEnd) return [...head, `if [ "$uid" = 0 ]; then exec ${shell} -e ${scriptPath}; fi`, `exec ${asUser}`].join("\n");
  return [
    ...head,
    `rm -rf ${endDir}; mkdir -m 0700 ${endDir}`,
    "set +e",
    `if [ "$uid" = 0 ]; then ${shell} -e ${scriptPath}; else ${asUser}; fi`,
    "status=$?",
    `echo "$status" > ${endFile}`,
    'exit "$status"',
  ].join("\n");
};

/** What a step's container is, whichever way it is started: the engine API (runStep) or the
 * docker CLI attached to a terminal (dockerRunArgs, for repro). */
function stepContainer(spec: StepSpec, options: { recordEnd: boolean }) {
  const user = spec.user ?? { uid: builderUser.uid, gid: builderUser.gid };
  const uid = user === "root" ? 0 : user.uid;
  const gid = user === "root" ? 0 : user.gid;
  const workdir = spec.workdir ?? stepDefaults.workdir;
  const limits = { ...stepDefaults.limits, ...spec.limits };
  const writable = [workdir, ...(spec.outputs ?? []).map((o) => o.containerPath)];
  const home = uid === builderUser.uid ? builderUser.home : workdir;
  return {
    limits,
    env: { HOME: home, TMPDIR: "/tmp", ...spec.env },
    entrypoint: ["/bin/sh", "-c", prelude(spec.shell ?? "/bin/sh", options.recordEnd), "crosscheck-step", String(uid), String(gid), ...writable],
  };
}

/**
 * The same step as `docker run` arguments, for a build attached to the terminal: the same
 * image, limits, user, network, environment and read-only inputs, with the script bind-mounted
 * from `scriptFile`. Inputs are bound whatever their mode (the docker CLI talks to a local engine);
 * the output stays in the container.
 */
export function dockerRunArgs(spec: StepSpec, options: { scriptFile: string; tty: boolean }): string[] {
  const { limits, env, entrypoint } = stepContainer(spec, { recordEnd: false });
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

type Container = Dockerode.Container;

/** The create request of a step's container: what GenericContainer made before, field by field. */
function createOptions(spec: StepSpec, { limits, env, entrypoint }: ReturnType<typeof stepContainer>): Dockerode.ContainerCreateOptions {
  const memory = limits.memoryMiB * 1024 * 1024;
  return {
    Image: spec.image,
    Labels: sessionLabels(spec.name),
    Entrypoint: entrypoint,
    Cmd: [],
    Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
    WorkingDir: "/",
    User: "0:0",
    HostConfig: {
      NetworkMode: spec.network ? "bridge" : "none",
      Memory: memory,
      // No swap on top: over the limit, the kernel kills the step.
      MemorySwap: memory,
      NanoCpus: Math.round(limits.cpus * 1e9),
      PidsLimit: limits.pids,
      Binds: (spec.inputs ?? []).filter((i) => (i.mode ?? "bind") === "bind").map((i) => `${i.hostPath}:${i.containerPath}:ro`),
    },
  };
}

/**
 * The step's log file. A write that fails (a full disk) is kept, not thrown from an event: the
 * step then fails as infrastructure instead of passing with a log that says nothing.
 */
function openLog(path: string, onError: (error: Error) => void) {
  const file = createWriteStream(path);
  let failure: Error | undefined;
  file.on("error", (error) => {
    if (failure !== undefined) return;
    failure = error;
    onError(error);
  });
  return {
    /** What the demultiplexed container output is written to; nothing more once the file failed. */
    sink: { write: (chunk: Buffer) => (failure === undefined ? file.write(chunk) : true) } as unknown as NodeJS.WritableStream,
    failure: () => failure,
    async close(): Promise<Error | undefined> {
      if (!file.closed && !file.destroyed) {
        file.end();
        await finished(file).catch((error: Error) => (failure ??= error));
      }
      return failure;
    },
  };
}

/** Why the wait for a running step ended, besides the step's container stopping. */
type Interruption = { kind: "timeout" } | { kind: "engine"; error: unknown } | { kind: "log"; error: Error };

export async function runStep(spec: StepSpec): Promise<StepResult> {
  const began = Date.now();
  const startedAt = new Date(began).toISOString();
  const stepName = spec.name ?? "(unnamed)";
  const docker = (await engineClient()).container.dockerode;
  let present: boolean;
  try {
    present = (await withDeadline(`look up image ${spec.image}`, engineDeadlines.callMs, () => localImage(spec.image))) !== undefined;
  } catch (error) {
    throw await fault(`could not look up image ${spec.image}`, error);
  }
  if (!present) {
    throw new InfrastructureError("image", `image ${spec.image} is not present on the engine (it is never pulled; build it first)`);
  }
  const shape = stepContainer(spec, { recordEnd: true });

  const logDir = dirname(spec.logPath);
  try {
    await mkdir(logDir, { recursive: true });
  } catch (error) {
    throw await logFault(spec.logPath, error);
  }
  let interrupt: (why: Interruption) => void = () => undefined;
  const log = openLog(spec.logPath, (error) => interrupt({ kind: "log", error }));

  let container: Container;
  try {
    // Labelled: a create that the deadline cut short may still have made one; the session's cleanup removes it.
    container = await withDeadline(`create a container from ${spec.image}`, engineDeadlines.lifecycleMs, (abortSignal) => docker.createContainer({ ...createOptions(spec, shape), abortSignal }));
  } catch (error) {
    await log.close();
    throw await fault(`could not create a container from ${spec.image}`, error);
  }
  const containerId = container.id;
  track(containerId);
  let logStream: Readable | undefined;
  let logStreamDone = false;
  try {
    try {
      await copyIn(container, spec);
      await withDeadline(`start the container of step ${stepName}`, engineDeadlines.lifecycleMs, (abortSignal) => container.start({ abortSignal }));
      logStream = (await withDeadline(`follow the log of step ${stepName}`, engineDeadlines.callMs, (abortSignal) =>
        container.logs({ follow: true, stdout: true, stderr: true, abortSignal }),
      )) as unknown as Readable;
    } catch (error) {
      throw await fault(`could not start a container from ${spec.image}`, error);
    }
    const startMs = Date.now() - began;
    let logBroke: unknown;
    const logEnded = new Promise<void>((resolve) => {
      logStream!.once("end", resolve);
      logStream!.once("close", resolve);
      logStream!.once("error", (error) => {
        if (!logStreamDone) logBroke = error;
        resolve();
      });
    });
    docker.modem.demuxStream(logStream, log.sink, log.sink);

    // The step runs until its container stops, its time is up, the engine stops answering or its log can't be written.
    const runBegan = Date.now();
    const waitController = new AbortController();
    const waited = container.wait({ abortSignal: waitController.signal }) as Promise<{ StatusCode: number }>;
    waited.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    let heartbeat: NodeJS.Timeout | undefined;
    const interrupted = new Promise<Interruption>((resolve) => {
      interrupt = resolve;
      timer = setTimeout(() => resolve({ kind: "timeout" }), spec.timeoutMs);
      let pinging = false;
      heartbeat = setInterval(() => {
        if (pinging) return;
        pinging = true;
        withDeadline(`ping the engine while step ${stepName} runs`, engineDeadlines.callMs, (abortSignal) => (docker as unknown as { ping(o: { abortSignal: AbortSignal }): Promise<unknown> }).ping({ abortSignal }))
          .then(() => (pinging = false), (error: unknown) => resolve({ kind: "engine", error }));
      }, engineDeadlines.heartbeatMs);
    });
    const failedLog = log.failure();
    if (failedLog !== undefined) interrupt({ kind: "log", error: failedLog });
    let outcome: { kind: "stopped" } | { kind: "lost"; error: unknown } | Interruption;
    try {
      outcome = await Promise.race([waited.then(() => ({ kind: "stopped" as const }), (error: unknown) => ({ kind: "lost" as const, error })), interrupted]);
    } finally {
      clearTimeout(timer);
      clearInterval(heartbeat);
    }
    if (outcome.kind === "lost") throw await fault(`lost the container of step ${stepName}`, outcome.error);
    if (outcome.kind === "engine") {
      waitController.abort();
      throw await fault(`lost the container of step ${stepName}`, outcome.error);
    }
    const timedOut = outcome.kind === "timeout";
    if (outcome.kind === "timeout" || outcome.kind === "log") {
      try {
        await withDeadline(`kill the container of step ${stepName}`, engineDeadlines.callMs, (abortSignal) => container.kill({ signal: "SIGKILL", abortSignal }).catch(alreadyStopped));
        await withDeadline(`wait for the container of step ${stepName} to stop`, engineDeadlines.callMs, () => waited);
      } catch (error) {
        throw await fault(`could not stop the container of step ${stepName}`, error);
      }
    }
    const runMs = Date.now() - runBegan;
    // The log stream ends when the container stops; don't hang on an engine that never says so.
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([logEnded, new Promise((resolve) => (grace = setTimeout(resolve, 5000)))]);
    clearTimeout(grace);
    logStreamDone = true;
    logStream.destroy();
    const logFailure = await log.close();
    if (logFailure !== undefined) throw await logFault(spec.logPath, logFailure);
    if (logBroke !== undefined) throw await fault(`the log of step ${stepName} broke off`, logBroke);

    let state: Dockerode.ContainerInspectInfo["State"];
    try {
      state = (await withDeadline(`inspect the container of step ${stepName}`, engineDeadlines.callMs, (abortSignal) => container.inspect({ abortSignal }))).State;
    } catch (error) {
      throw await fault(`lost the container of step ${stepName}`, error);
    }
    if (state.OOMKilled && !timedOut) {
      throw new InfrastructureError("oom", `step ${stepName} was killed for exceeding its memory limit (${shape.limits.memoryMiB} MiB); log: ${spec.logPath}`);
    }
    let exitCode: number | null = null;
    if (!timedOut) {
      const ended = await endedBy(container, state, stepName, spec.logPath);
      exitCode = ended.exitCode;
    }
    const status = timedOut ? "timed-out" : exitCode === 0 ? "succeeded" : "failed";

    const collectBegan = Date.now();
    const outputPaths: string[] = [];
    if (status === "succeeded") for (const output of spec.outputs ?? []) outputPaths.push(await collectOutput(container, output));
    const collectMs = Date.now() - collectBegan;
    const result: StepResult = { status, exitCode, logPath: spec.logPath, containerId, timings: { startMs, runMs, collectMs, totalMs: Date.now() - began, startedAt } };
    if (outputPaths.length > 0) result.outputPaths = outputPaths;
    return result;
  } finally {
    logStreamDone = true;
    logStream?.destroy();
    await log.close();
    await removeContainer(containerId).catch(() => undefined);
  }
}

/** A kill of a container that already stopped (409, or 404: gone) is no fault: its wait says how it ended. */
function alreadyStopped(error: unknown): void {
  const status = (error as { statusCode?: number }).statusCode;
  if (status !== 409 && status !== 404) throw error;
}

/**
 * Whose the end of a stopped step's container was. The rule, from what the engine and the
 * runner's wrapper (see `prelude`) say:
 * - exit 0: the script's own success (nothing outside a container makes it exit 0);
 * - the engine reports an error of its own (State.Error): the machinery's;
 * - any other exit with the wrapper's record of the script's end: the script's own status, its
 *   failure, even 137 from a build that SIGKILLed itself or had a child killed;
 * - any other exit without that record: the script never finished, the container was ended from
 *   outside (`docker kill`, the engine stopping or restarting, a runtime fault): not the step's.
 * OOM kills and the harness's own timeout are decided before (OOMKilled, the timer).
 */
async function endedBy(container: Container, state: Dockerode.ContainerInspectInfo["State"], stepName: string, logPath: string): Promise<{ exitCode: number }> {
  const code = state.ExitCode;
  if (code === 0) return { exitCode: 0 };
  if (state.Error) throw new InfrastructureError("container", `the container of step ${stepName} failed (exit ${code}); the engine says: ${state.Error}`);
  const recorded = await readEndRecord(container, stepName);
  if (recorded !== undefined) return { exitCode: recorded };
  const signal = code > 128 ? signalName(code - 128) : undefined;
  throw new InfrastructureError(
    "container",
    `the container of step ${stepName} was ended from outside before its script finished (exit ${code}${signal ? `, ${signal}` : ""}, not killed for memory): ` +
      `\`docker kill\`, the engine stopping or restarting, or the runtime, not the step; the log so far: ${logPath}`,
  );
}

function signalName(signal: number): string | undefined {
  const name = Object.entries(osConstants.signals).find(([, n]) => n === signal)?.[0];
  return name;
}

/** The status the wrapper recorded when the script ended, or undefined when it never did. */
async function readEndRecord(container: Container, stepName: string): Promise<number | undefined> {
  let archive: Readable;
  try {
    archive = (await withDeadline(`read the end of step ${stepName}`, engineDeadlines.callMs, (abortSignal) => container.getArchive({ path: endFile, abortSignal }))) as unknown as Readable;
  } catch (error) {
    // 404 for the path (the engine's words after dockerode's "no such container" label), not
    // for the container: the file is not there, the script never ended.
    if ((error as { statusCode?: number }).statusCode === 404 && /Could not find the file/.test(String((error as Error).message))) return undefined;
    throw await fault(`could not read how step ${stepName} ended`, error);
  }
  const chunks: Buffer[] = [];
  try {
    await pipeline(archive, idleWatchdog(`read the end of step ${stepName}`, archive), async (source: AsyncIterable<Buffer>) => {
      let size = 0;
      for await (const chunk of source) {
        size += chunk.length;
        if (size > 1 << 20) throw new Error(`${endFile} is larger than it can be`);
        chunks.push(chunk);
      }
    });
  } catch (error) {
    throw await fault(`could not read how step ${stepName} ended`, error);
  }
  const text = firstFile(Buffer.concat(chunks))?.toString("utf8").trim();
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}

/**
 * A pass-through that fails the stream it is in when no byte came for `copyIdleMs` (and
 * destroys the engine's stream, which aborts its request): a copy runs as long as it moves.
 */
function idleWatchdog(what: string, engineStream: Readable): Transform {
  const ms = engineDeadlines.copyIdleMs;
  let timer: NodeJS.Timeout | undefined;
  const watchdog: Transform = new Transform({
    transform(chunk, _encoding, done) {
      arm();
      done(null, chunk);
    },
    flush(done) {
      clearTimeout(timer);
      done();
    },
    destroy(error, done) {
      clearTimeout(timer);
      done(error);
    },
  });
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const error = new EngineDeadlineError(`${what}: no data from the Docker engine for ${ms / 1000}s`);
      engineStream.destroy(error);
      watchdog.destroy(error);
    }, ms);
  };
  arm();
  return watchdog;
}

/** A child process's end, and the last of what it said on stderr. */
function childEnd(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  let stderr = "";
  child.stderr?.on("data", (data: Buffer) => {
    stderr = (stderr + data.toString("utf8")).slice(-8192);
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => resolve({ code, signal, stderr: stderr.trim() }));
  });
}

/**
 * Before start: the script, the directories copied inputs land in and copied input files in one
 * archive put at /, then each copied input directory archived by GNU tar into its place. Each
 * copy fails once the engine took no byte for `copyIdleMs`, and a tar that failed fails it.
 */
async function copyIn(container: Container, spec: StepSpec): Promise<void> {
  const copied = (spec.inputs ?? []).filter((i) => i.mode === "copy");
  const entries: ArchiveEntry[] = [];
  const directories = new Set<string>();
  const parents = (path: string) => {
    const parts = path.split("/").filter((p) => p !== "");
    for (let n = 1; n <= parts.length; n++) {
      const dir = parts.slice(0, n).join("/");
      if (!directories.has(dir)) {
        directories.add(dir);
        entries.push({ kind: "directory", path: dir, mode: 0o755 });
      }
    }
  };
  parents(dirname(scriptPath));
  entries.push({ kind: "file", path: scriptPath, mode: 0o755, content: Buffer.from(spec.script) });
  const trees: StepInput[] = [];
  for (const input of copied) {
    const info = await stat(input.hostPath);
    if (info.isDirectory()) {
      parents(input.containerPath);
      trees.push(input);
    } else {
      parents(dirname(input.containerPath));
      entries.push({ kind: "file", path: input.containerPath, mode: info.mode & 0o777, size: info.size, source: input.hostPath });
    }
  }
  await putArchive(container, "/", Readable.from(tarArchive(entries)), "copy the script into the container");
  for (const input of trees) {
    const tar = spawn("tar", ["-c", "-C", input.hostPath, "--owner=0", "--group=0", "--numeric-owner", "."], { stdio: ["ignore", "pipe", "pipe"] });
    const end = childEnd(tar);
    try {
      await putArchive(container, input.containerPath, tar.stdout, `copy ${input.hostPath} into the container`);
    } catch (error) {
      tar.kill("SIGKILL");
      await end.catch(() => undefined);
      throw error;
    }
    const { code, stderr } = await end;
    if (code !== 0) throw new Error(`could not archive ${input.hostPath}: ${stderr || `tar exited with ${code}`}`);
  }
}

/**
 * One archive into the container at `path`. The engine's request reads `source` through a
 * watchdog: when no byte moved for `copyIdleMs` (or the engine took all and never answered),
 * the request is aborted. A source that fails aborts it too.
 */
async function putArchive(container: Container, path: string, source: Readable, what: string): Promise<void> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(new EngineDeadlineError(`${what}: the Docker engine took no data and gave no answer for ${engineDeadlines.copyIdleMs / 1000}s`)), engineDeadlines.copyIdleMs);
  };
  const watched = new Transform({
    transform(chunk, _encoding, done) {
      arm();
      done(null, chunk);
    },
  });
  source.once("error", (error) => controller.abort(error));
  source.pipe(watched);
  arm();
  try {
    await container.putArchive(watched, { path, abortSignal: controller.signal } as object);
  } catch (error) {
    throw controller.signal.aborted ? controller.signal.reason : error;
  } finally {
    clearTimeout(timer);
    source.unpipe(watched);
    source.destroy();
  }
}

/** Copy the output directory out of the stopped container, then move it into place at once. */
async function collectOutput(container: Container, output: StepOutput): Promise<string> {
  const dir = dirname(output.hostPath);
  await sweepStagingOnce(dir);
  const staging = stagingPath(output.hostPath);
  const what = `could not collect ${output.containerPath} from the container`;
  try {
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging, { recursive: true });
  } catch (error) {
    throw await storeFault(dir, what, error);
  }
  try {
    await copyOut(container, output.containerPath, staging);
    await rm(output.hostPath, { recursive: true, force: true });
    await rename(staging, output.hostPath);
  } catch (error) {
    // Named while the staging still holds what was copied: that is the space the copy met.
    const named = await storeFault(dir, what, error);
    await rm(staging, { recursive: true, force: true }).catch(() => undefined);
    throw named;
  }
  await stat(output.hostPath);
  return output.hostPath;
}

/**
 * The engine's archive of `path`, unpacked by GNU tar into `into` (its top entry, the directory
 * itself, stripped). The archive is piped with pipeline: a stream the engine breaks off (it died)
 * fails the copy and ends tar, instead of leaving tar waiting for the rest forever.
 */
async function copyOut(container: Container, path: string, into: string): Promise<void> {
  const archive = (await withDeadline(`copy ${path} out of the container`, engineDeadlines.callMs, (abortSignal) => container.getArchive({ path, abortSignal }))) as unknown as Readable;
  const tar = spawn("tar", ["-x", "-C", into, "--strip-components=1", "--no-same-owner", "--no-same-permissions"], { stdio: ["pipe", "ignore", "pipe"] });
  const end = childEnd(tar);
  end.catch(() => undefined);
  try {
    await pipeline(archive, idleWatchdog(`copy ${path} out of the container`, archive), tar.stdin);
  } catch (error) {
    archive.destroy();
    // tar failing (a full disk) breaks the pipe: its own words say why, better than EPIPE.
    const ended = await Promise.race([end.catch(() => undefined), new Promise<undefined>((resolve) => setTimeout(resolve, 2000))]);
    // tar stops at the archive's end-of-archive blocks and closes its input, while the engine may
    // still be sending the record's zero padding: the pipe then breaks ("Premature close", EPIPE)
    // although tar has read a whole archive. tar succeeding says the copy is complete; a stream
    // broken off before the end makes tar fail ("Unexpected EOF").
    if (ended !== undefined && ended.code === 0) return;
    if (ended === undefined) tar.kill("SIGKILL");
    const tarSaid = ended !== undefined && ended.code !== 0 && ended.stderr !== "" ? ended.stderr : undefined;
    if (tarSaid !== undefined && (error as NodeJS.ErrnoException).code === "EPIPE") throw new Error(tarSaid, { cause: error });
    throw error;
  }
  const { code, signal, stderr } = await end;
  if (code !== 0) throw new Error(stderr || `tar ended with ${code ?? signal}`);
}

/** tar's words when a write of it came up short: what a full file system looks like to it. */
const shortWrite = /Wrote only \d+ of \d+ bytes|Cannot write/;

/** A failed write into the store or a copy out of the engine, named: a full disk as such, else the engine's words. */
async function storeFault(dir: string, what: string, error: unknown): Promise<InfrastructureError> {
  if (error instanceof InfrastructureError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const free = await freeBytes(dir);
  if (isDiskFull(error) || (shortWrite.test(message) && free !== undefined && free < 1 << 20)) return diskFullError(dir, what, error);
  return fault(what, error);
}

async function logFault(logPath: string, error: unknown): Promise<InfrastructureError> {
  const what = `could not write the log ${logPath}`;
  if (isDiskFull(error)) return diskFullError(dirname(logPath), what, error);
  return new InfrastructureError("disk", `${what}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}

/** Name the fault: the engine being gone explains most lost containers. */
async function fault(what: string, error: unknown): Promise<InfrastructureError> {
  if (error instanceof InfrastructureError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof EngineDeadlineError) return new InfrastructureError("engine", `${what}: ${message}`, { cause: error });
  const engine = await engineStatus(Math.min(engineDeadlines.callMs, 10_000));
  if (!engine.answering) return new InfrastructureError("engine", `${what}: the Docker engine stopped answering (${message})`, { cause: error });
  return new InfrastructureError("container", `${what}: ${message}`, { cause: error });
}
