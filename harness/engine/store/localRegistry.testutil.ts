/**
 * A registry of a test's own: Debian's docker-registry (the CNCF distribution registry),
 * installed with apt as the harness installs its other tools, serving a temporary directory on
 * 127.0.0.1 at a free port. `stop` takes it down (a cache that finds it gone must degrade),
 * `start` brings it back with what it held; `destroy` removes it all. With `htpasswd` it asks
 * for Basic credentials, as the Debian package's own configuration does.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtemp, open, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { aptInstall } from "../machine/hostSystem.ts";

export interface LocalRegistry {
  /** host:port */
  host: string;
  /** CROSSCHECK_SHARED_CACHE for it, with this namespace. */
  cacheUrl(namespace: string): string;
  start(): Promise<void>;
  stop(): Promise<void>;
  destroy(): Promise<void>;
}

export const registryPackages = ["docker-registry"];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

export async function startLocalRegistry(options: { htpasswd?: { user: string; password: string } } = {}): Promise<LocalRegistry> {
  await aptInstall(registryPackages);
  const dir = await mkdtemp(join(tmpdir(), "crosscheck-registry-"));
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  let auth = "";
  if (options.htpasswd) {
    await aptInstall(["apache2-utils"]);
    const made = spawnSync("htpasswd", ["-Bbc", join(dir, "htpasswd"), options.htpasswd.user, options.htpasswd.password], { encoding: "utf8" });
    if (made.status !== 0) throw new Error(`htpasswd: ${made.stderr}`);
    auth = `auth:\n  htpasswd:\n    realm: crosscheck-test\n    path: ${join(dir, "htpasswd")}\n`;
  }
  await writeFile(
    join(dir, "config.yml"),
    `version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, "data")}\n  delete:\n    enabled: true\nhttp:\n  addr: ${host}\n${auth}`,
  );
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    const log = await open(join(dir, "registry.log"), "a");
    child = spawn("docker-registry", ["serve", join(dir, "config.yml")], { stdio: ["ignore", log.fd, log.fd] });
    await log.close();
    const started = child;
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (started.exitCode !== null) throw new Error(`docker-registry exited: ${await readFile(join(dir, "registry.log"), "utf8")}`);
      const answer = await fetch(`http://${host}/v2/`).catch(() => undefined);
      if (answer !== undefined && (answer.status === 200 || answer.status === 401)) return;
      if (Date.now() > deadline) throw new Error("docker-registry did not answer within 30 s");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const stop = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null) return;
    const gone = new Promise((resolve) => running.once("exit", resolve));
    running.kill("SIGTERM");
    await gone;
  };
  const onExit = () => child?.kill("SIGKILL");
  process.once("exit", onExit);
  await start();
  return {
    host,
    cacheUrl: (namespace) => `oci://${host}/${namespace}`,
    start,
    stop,
    destroy: async () => {
      process.removeListener("exit", onExit);
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
