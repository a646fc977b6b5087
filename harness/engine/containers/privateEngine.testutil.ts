/**
 * A Docker engine of a test's own, to stop, kill and freeze without touching the machine's:
 * a second dockerd with its own data root, exec root (so its own containerd), socket, pid file
 * and config, on a bridge of its own with iptables, masquerading and forwarding off. Not
 * `--bridge=none`: dockerd 20.10 deletes the docker0 interface at start-up when its bridge is
 * disabled, which breaks the machine's engine's bridge network. Its one image is a few MB of the
 * base image (a shell, coreutils' mkdir/chown/sleep/head/cat, setpriv, their libraries,
 * /etc/passwd), imported in a second instead of `docker save | docker load` of the whole base.
 *
 * Point the harness at it with `process.env.DOCKER_HOST = engine.host` before the first engine
 * call of the process (the engine client is made once per process).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, open, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { baseImageTag } from "../images/baseImage.ts";
import { processAlive } from "../machine/processAlive.ts";

export interface PrivateEngine {
  /** The temporary directory holding everything of it. */
  dir: string;
  /** DOCKER_HOST for it. */
  host: string;
  /** The image it holds (made from the base image). */
  image: string;
  /** dockerd's pid while it runs. */
  pid(): number;
  /** Starts dockerd again (after a stop or a kill) and waits until it answers. */
  start(): Promise<void>;
  /** Sends dockerd a signal. */
  signal(signal: NodeJS.Signals): void;
  /** Resolves when dockerd has exited (true), or after `ms` (false). */
  exited(ms: number): Promise<boolean>;
  /** The docker CLI against it. */
  docker(...args: string[]): string;
  /** Stops dockerd, unmounts what it left, removes its files and its bridge. */
  destroy(): Promise<void>;
}

const imageTag = "crosscheck-faults/mini:1";

/** The machine's engine, as the process found it before pointing DOCKER_HOST elsewhere. */
const machineEnv = { ...process.env };

function machineDocker(args: string[], options: { input?: string } = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync("docker", args, { env: machineEnv, encoding: "utf8", timeout: 120_000, ...(options.input !== undefined ? { input: options.input } : {}) });
  return { status: result.status, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
}

/** The base image's tag on the machine's engine, built there (in a child process: this one's engine client is the private engine's) when missing. */
async function baseImageOnMachine(): Promise<string> {
  const tag = await baseImageTag();
  if (machineDocker(["image", "inspect", tag]).status === 0) return tag;
  const module = fileURLToPath(new URL("../images/baseImage.ts", import.meta.url));
  const built = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", `const { ensureBaseImage } = await import(${JSON.stringify(module)}); console.log((await ensureBaseImage()).tag);`], { env: machineEnv, encoding: "utf8", timeout: 30 * 60_000 });
  if (built.status !== 0) throw new Error(`could not build the base image: ${built.stderr}`);
  return tag;
}

/** Run in the base image: a root file system of what the runner and the fault tests' scripts use, as a tar on stdout. */
const miniRoot = String.raw`
set -e
r=/tmp/root
mkdir -p $r/usr/bin $r/etc $r/tmp $r/home/builder $r/build
chmod 1777 $r/tmp
for l in bin lib lib64 sbin; do [ -L /$l ] && cp -P /$l $r/$l; done
tools="dash mkdir chown setpriv sleep head cat id ls rm yes"
for b in $tools; do cp -L /usr/bin/$b $r/usr/bin/$b; done
ln -s dash $r/usr/bin/sh
for f in $(cd /usr/bin && ldd $tools 2>/dev/null | grep -o '/[^ ]*' | sort -u); do
  d=$(readlink -f $(dirname $f)); mkdir -p $r$d; cp -L $f $r$d/
done
cp /etc/passwd /etc/group $r/etc/
chown 1000:1000 $r/home/builder
tar -C $r -c .
`;

export async function startPrivateEngine(): Promise<PrivateEngine> {
  const dir = await mkdtemp(join(tmpdir(), "ccf-"));
  const socket = join(dir, "docker.sock");
  const host = `unix://${socket}`;
  const env = { ...machineEnv, DOCKER_HOST: host };
  const bridge = `ccf${randomBytes(3).toString("hex")}`;
  const routes = spawnSync("ip", ["-4", "route"], { encoding: "utf8" }).stdout ?? "";
  let subnet = "";
  for (let tries = 0; tries < 50 && subnet === ""; tries++) {
    const candidate = `10.${200 + Math.floor(Math.random() * 50)}.${Math.floor(Math.random() * 256)}`;
    if (!routes.includes(`${candidate}.`)) subnet = candidate;
  }
  for (const args of [["link", "add", bridge, "type", "bridge"], ["addr", "add", `${subnet}.1/24`, "dev", bridge]]) {
    const made = spawnSync("ip", args, { encoding: "utf8" });
    if (made.status !== 0) throw new Error(`ip ${args.join(" ")}: ${made.stderr}`);
  }
  await writeFile(join(dir, "daemon.json"), "{}\n");
  const args = [
    "--config-file", join(dir, "daemon.json"),
    "--data-root", join(dir, "data"),
    "--exec-root", join(dir, "exec"),
    "--pidfile", join(dir, "docker.pid"),
    "-H", host,
    `--bridge=${bridge}`, "--iptables=false", "--ip-masq=false", "--ip-forward=false", "--userland-proxy=false",
    "--log-level=warn",
  ];

  let child: ChildProcess | undefined;
  let exit: Promise<void> = Promise.resolve();
  const alive = () => child !== undefined && child.exitCode === null && child.signalCode === null;
  const onExit = () => {
    if (alive()) child!.kill("SIGTERM");
  };
  process.once("exit", onExit);

  const docker = (...cli: string[]): string => {
    const result = spawnSync("docker", cli, { env, encoding: "utf8", timeout: 60_000 });
    if (result.status !== 0) throw new Error(`docker ${cli.join(" ")}: ${result.stderr}`);
    return result.stdout.trim();
  };

  const start = async (): Promise<void> => {
    if (alive()) throw new Error("the private engine is running already");
    // A killed dockerd's containerd dies with it (its parent-death signal) but may stay a zombie
    // (this machine's init reaps late); dockerd would take the zombie's pid file for a running
    // containerd and wait for it forever. A pid file of a process that is gone is removed.
    const containerdPid = Number(await readFile(join(dir, "exec", "containerd", "containerd.pid"), "utf8").catch(() => ""));
    if (containerdPid > 0) {
      const until = Date.now() + 10_000;
      while (processAlive(containerdPid) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
      if (!processAlive(containerdPid)) await rm(join(dir, "exec", "containerd", "containerd.pid"), { force: true });
    }
    const log = await open(join(dir, "dockerd.log"), "a");
    child = spawn("dockerd", args, { stdio: ["ignore", log.fd, log.fd] });
    const started = child;
    exit = new Promise<void>((resolve) => started.once("exit", () => resolve()));
    await log.close();
    const deadline = Date.now() + 60_000;
    while (spawnSync("docker", ["version"], { env, stdio: "ignore", timeout: 10_000 }).status !== 0) {
      if (!alive()) throw new Error(`the private dockerd exited: ${await readFile(join(dir, "dockerd.log"), "utf8")}`);
      if (Date.now() > deadline) throw new Error("the private dockerd did not answer within 60s");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  const exited = async (ms: number): Promise<boolean> => {
    if (!alive()) return true;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
    try {
      return await Promise.race([exit.then(() => true), late]);
    } finally {
      clearTimeout(timer);
    }
  };

  const destroy = async (): Promise<void> => {
    process.removeListener("exit", onExit);
    if (alive()) {
      child!.kill("SIGCONT");
      child!.kill("SIGTERM");
      if (!(await exited(60_000))) {
        child!.kill("SIGKILL");
        await exited(10_000);
      }
    }
    // What a killed dockerd left mounted under its roots, deepest first.
    const mounts = (await readFile("/proc/self/mountinfo", "utf8"))
      .split("\n")
      .map((line) => line.split(" ")[4] ?? "")
      .filter((point) => point.startsWith(`${dir}/`))
      .sort((a, b) => b.length - a.length);
    for (const point of mounts) spawnSync("umount", ["-l", point], { stdio: "ignore" });
    await rm(dir, { recursive: true, force: true });
    spawnSync("ip", ["link", "del", bridge], { stdio: "ignore" });
  };

  try {
    await start();
    const base = await baseImageOnMachine();
    // The mini root file system, from the machine's engine straight into the private one.
    const exported = spawn("docker", ["run", "--rm", "-i", "--network", "none", "--user", "0:0", "--entrypoint", "/bin/sh", base, "-c", miniRoot], { env: machineEnv, stdio: ["ignore", "pipe", "pipe"] });
    const imported = spawn("docker", ["import", "-", imageTag], { env, stdio: ["pipe", "ignore", "pipe"] });
    exported.stdout!.pipe(imported.stdin!);
    let stderr = "";
    exported.stderr!.on("data", (d: Buffer) => (stderr += d));
    imported.stderr!.on("data", (d: Buffer) => (stderr += d));
    const codes = await Promise.all([exported, imported].map((p) => new Promise<number | null>((resolve) => p.once("close", resolve))));
    if (codes.some((c) => c !== 0)) throw new Error(`could not make the private engine's image: ${stderr}`);
  } catch (error) {
    await destroy();
    throw error;
  }

  return {
    dir,
    host,
    image: imageTag,
    pid: () => child?.pid ?? -1,
    start,
    signal: (signal) => {
      if (alive()) child!.kill(signal);
    },
    exited,
    docker,
    destroy,
  };
}
