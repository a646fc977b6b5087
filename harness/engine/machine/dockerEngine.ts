/**
 * Is a Docker engine answering, and if not, start one. The client comes from testcontainers
 * (which honours DOCKER_HOST, TESTCONTAINERS_HOST_OVERRIDE and ~/.testcontainers.properties),
 * so the harness talks to exactly the engine its containers will run on.
 */
import "../containers/testcontainersEnv.ts";
import { AsyncLocalStorage } from "node:async_hooks";
import { spawn } from "node:child_process";
import { mkdir, open } from "node:fs/promises";
import { dirname } from "node:path";
import type Dockerode from "dockerode";
import { getContainerRuntimeClient, type ContainerRuntimeClient } from "testcontainers";
import { InfrastructureError } from "./infrastructureError.ts";
import { commandPath } from "./hostSystem.ts";

export interface EngineStatus {
  answering: boolean;
  /** Engine version, e.g. "20.10.24+dfsg1". */
  serverVersion?: string;
  apiVersion?: string;
  /** Where we looked: DOCKER_HOST, or the default socket. */
  endpoint: string;
  /** Why it is not answering, when it is not. */
  reason?: string;
}

/**
 * How long the harness waits for the engine, so nothing waits forever. A call is one request
 * (create, start, inspect, kill, remove, ping, an image lookup); a copy (copy in, copy out, the
 * marker read) may run as long as bytes keep coming, and fails once none came for `copyIdleMs`;
 * a step's wait lasts as long as the step's own timeout, while a ping every `heartbeatMs` (each
 * with `callMs`) checks that the engine still answers. Past a deadline the request is aborted and
 * the step ends as an infrastructure fault naming the call. Tests lower them.
 */
export const engineDeadlines = {
  callMs: 60_000,
  /** create, start and remove touch the disk (layers, mounts), slow on a loaded machine. */
  lifecycleMs: 180_000,
  copyIdleMs: 120_000,
  /** An image build (apt-get install of a toolchain) that prints nothing for this long is stuck. */
  imageIdleMs: 15 * 60_000,
  heartbeatMs: 30_000,
};

/** The engine did not answer a call within its deadline. */
export class EngineDeadlineError extends Error {
  override readonly name = "EngineDeadlineError";
}

/**
 * One engine call with a deadline: `call` gets an AbortSignal that aborts its request after `ms`,
 * and the call's promise is not waited for past it either (a library that ignored the signal
 * still cannot hold the caller). The call's own errors pass through as they are.
 */
export async function withDeadline<T>(what: string, ms: number, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new EngineDeadlineError(`${what}: the Docker engine did not answer within ${ms / 1000}s`);
      controller.abort(error);
      reject(error);
    }, ms);
  });
  const running = call(controller.signal);
  running.catch(() => undefined); // settled after the deadline: nobody waits for it any more
  try {
    return await Promise.race([running, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** An engine other than the process's own: a builder's (harness/engine/build/builders.ts). */
export interface EngineConnection {
  /** Its URI as the user wrote it: unix:///path, ssh://user@host, tcp://host:port. */
  uri: string;
  dockerode: Dockerode;
}

/** What the harness asks of an engine client: testcontainers' for the process's engine, a builder's own otherwise. */
export interface EngineClient {
  container: { dockerode: Dockerode };
}

const scopedEngine = new AsyncLocalStorage<EngineConnection>();

/**
 * Runs `work` against `engine`: every engine call made inside it (steps, image lookups, builds,
 * pulls and pushes, cleanup) goes there instead of to the process's engine, as a remote
 * builder's derivation must.
 */
export function onEngine<T>(engine: EngineConnection, work: () => Promise<T>): Promise<T> {
  return scopedEngine.run(engine, work);
}

export function engineEndpoint(): string {
  return scopedEngine.getStore()?.uri ?? process.env.DOCKER_HOST ?? "unix:///var/run/docker.sock";
}

/** How step inputs reach the engine: bind mounts when it shares this machine's file system (a
 * local socket), copies when it is remote (tcp://, ssh://), so any Docker-API engine works. */
export function inputMode(): "bind" | "copy" {
  return engineEndpoint().startsWith("unix://") ? "bind" : "copy";
}

/** The endpoint a client really talks to (testcontainers may have fallen back to another). */
function clientEndpoint(client: ContainerRuntimeClient): string {
  const modem = client.container.dockerode.modem as { socketPath?: string; protocol?: string; host?: string; port?: number | string };
  if (modem.socketPath) return `unix://${modem.socketPath}`;
  return `${modem.protocol === "https" ? "tcp" : (modem.protocol ?? "tcp")}://${modem.host}:${modem.port}`;
}

/**
 * testcontainers tries DOCKER_HOST and then falls back to the default socket. A user who set
 * DOCKER_HOST meant that engine, so a fallback counts as "not answering" rather than quietly
 * running their builds somewhere else.
 */
async function runtimeClient(ms: number): Promise<ContainerRuntimeClient> {
  // testcontainers looks for an engine once per process (info, version); it takes no signal.
  const client = await withDeadline("find the Docker engine", ms, () => getContainerRuntimeClient());
  const wanted = process.env.DOCKER_HOST;
  const actual = clientEndpoint(client);
  if (wanted && wanted.replace(/\/+$/, "") !== actual && !(wanted.startsWith("tcp://") && actual.startsWith("tcp://"))) {
    throw new Error(`DOCKER_HOST=${wanted} does not answer (the default engine at ${actual} does; unset DOCKER_HOST to use it)`);
  }
  return client;
}

/** dockerode takes an abortSignal on every call; its types leave it out of these two. */
function withSignal(client: EngineClient) {
  return client.container.dockerode as unknown as {
    version(options: { abortSignal: AbortSignal }): Promise<{ Version: string; ApiVersion: string }>;
    ping(options: { abortSignal: AbortSignal }): Promise<unknown>;
  };
}

/** Whether the engine answers, within `ms` (a hung engine is not answering). */
export async function engineStatus(ms = engineDeadlines.callMs): Promise<EngineStatus> {
  const endpoint = engineEndpoint();
  try {
    const client = await currentClient(ms);
    const version = await withDeadline("ask the engine's version", ms, (abortSignal) => withSignal(client).version({ abortSignal }));
    return { answering: true, serverVersion: version.Version, apiVersion: version.ApiVersion, endpoint };
  } catch (error) {
    return { answering: false, endpoint, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** The scoped engine's client (onEngine), else the process's. */
async function currentClient(ms: number): Promise<EngineClient> {
  const scoped = scopedEngine.getStore();
  return scoped === undefined ? runtimeClient(ms) : { container: { dockerode: scoped.dockerode } };
}

/** The runtime client, or an infrastructure error naming the endpoint when no engine answers. */
export async function engineClient(): Promise<EngineClient> {
  try {
    const client = await currentClient(engineDeadlines.callMs);
    await withDeadline("ping the engine", engineDeadlines.callMs, (abortSignal) => withSignal(client).ping({ abortSignal }));
    return client;
  } catch (error) {
    throw new InfrastructureError(
      "engine",
      `no Docker engine answers at ${engineEndpoint()} (run \`crosscheck doctor\`): ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

export const dockerdLogPath = "/var/log/crosscheck-dockerd.log";

/**
 * Start dockerd ourselves (there is no systemd on these machines), detached into its own
 * session so it outlives the CLI that started it, logging to a file. Waits until it answers.
 * The engine must run locally, so this is only for the default socket, never for DOCKER_HOST.
 */
export async function startDockerd(timeoutMs = 60_000): Promise<EngineStatus> {
  const dockerd = await commandPath("dockerd");
  if (dockerd === undefined) throw new InfrastructureError("engine", "dockerd is not installed (apt-get install docker.io)");
  await mkdir(dirname(dockerdLogPath), { recursive: true });
  const log = await open(dockerdLogPath, "a");
  // spawn, not zx: zx waits for its children, and this one must outlive us (detached, unref'd).
  const child = spawn(dockerd, [], { detached: true, stdio: ["ignore", log.fd, log.fd] });
  child.unref();
  let exited: number | null = null;
  child.once("exit", (code) => (exited = code ?? -1));
  await log.close();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await engineStatus();
    if (status.answering) return status;
    if (exited !== null) {
      throw new InfrastructureError("engine", `dockerd exited with status ${exited}; see ${dockerdLogPath}`);
    }
    if (Date.now() > deadline) {
      throw new InfrastructureError("engine", `dockerd did not answer within ${timeoutMs / 1000}s; see ${dockerdLogPath}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
