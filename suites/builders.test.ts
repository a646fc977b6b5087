/**
 * Remote builders through `crosscheck run`: the machine's Docker engine and a second one of the
 * test's own (its own socket, data root and bridge), reached over tcp:// as a remote engine is (a
 * TCP proxy to its socket, so inputs are copied into its containers), as CROSSCHECK_BUILDERS, Debian's
 * docker-registry on 127.0.0.1 as the shared cache. Both engines build derivations (the second
 * gets the images it lacks copied from the first), and the outputs and closure snapshots are the
 * same as a one-engine run's; a run on an empty store with the second engine emptied of images
 * fetches everything from the registry and builds nothing; an engine killed mid-build is marked
 * down and its derivation built on the other, every cell passing.
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { connect, createServer, type AddressInfo, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { canProvision } from "../harness/engine/testing.ts";
import { startPrivateEngine, type PrivateEngine } from "../harness/engine/containers/privateEngine.testutil.ts";
import { startLocalRegistry, type LocalRegistry } from "../harness/engine/store/localRegistry.testutil.ts";
import { treeOf } from "../harness/engine/store/storeTree.testutil.ts";
import { TinyProject } from "./tinyProject.testutil.ts";

const packages = ["left", "middle", "right"];
/** Each build sleeps a little, so two builds overlap and one can be caught running. */
const slow = (pname: string) => `sleep 8; $CC -o ${pname} ${pname}.c`;
const body = (pname: string) => `int main(void) { return ${pname.length} - ${pname.length}; }\n`;
const project = new TinyProject(Object.fromEntries(packages.map((p) => [p, body(p)])));
for (const pname of packages) project.recipe(pname, body(pname), slow(pname));
const machineEngine = "unix:///var/run/docker.sock";
let registry: LocalRegistry;
let engine: PrivateEngine | undefined;
/** The private engine as a remote one: tcp://127.0.0.1:PORT, forwarded to its socket. */
let remote: string;
let proxy: Server | undefined;
const stores: string[] = [];

beforeAll(async () => {
  if (!canProvision) return;
  registry = await startLocalRegistry();
  engine = await startPrivateEngine();
  const socket = engine.host.slice("unix://".length);
  proxy = createServer((client) => {
    const upstream = connect(socket);
    client.pipe(upstream).pipe(client);
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy!.listen(0, "127.0.0.1", resolve));
  remote = `tcp://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}, 10 * 60_000);

afterAll(async () => {
  proxy?.close();
  await engine?.destroy();
  await registry?.destroy();
  for (const store of stores) await rm(store, { recursive: true, force: true });
  project.remove();
}, 5 * 60_000);

async function emptyStore(): Promise<string> {
  const store = await mkdtemp(join(tmpdir(), "crosscheck-store-"));
  stores.push(store);
  project.env.CROSSCHECK_STORE = store;
  return store;
}

/** The store names of the build containers the private engine created since `since` (seconds). */
function builtOnPrivateEngine(since: number): string[] {
  const created = engine!.docker("events", "--since", String(since), "--until", String(Math.ceil(Date.now() / 1000)), "--filter", "type=container", "--filter", "event=create", "--filter", "label=crosscheck.step", "--format", '{{index .Actor.Attributes "crosscheck.step"}}');
  return created.split("\n").filter((l) => l !== "");
}

async function outputs(store: string): Promise<Record<string, unknown>> {
  const trees: Record<string, unknown> = {};
  for (const name of (await readdir(store)).filter((n) => packages.some((p) => n.endsWith(`-${p}-0.1`)))) trees[name] = await treeOf(join(store, name));
  return trees;
}

test.skipIf(!canProvision)("two engines build a matrix as one does; an empty store and an empty engine fetch it all; an engine killed mid-build leaves every cell passing", { timeout: 40 * 60_000 }, async () => {
  // 1. One engine: the reference outputs and closure snapshots (written on this first run).
  const one = await emptyStore();
  const single = await project.run();
  expect(single.code, single.stdout + single.stderr).toBe(0);
  expect((await project.lastRunEvents()).built).toEqual(expect.arrayContaining(["left-0.1", "middle-0.1", "right-0.1"]));

  // 2. Both engines as builders, the registry as the shared cache: both build, the same outputs,
  // the snapshots match (every cell passes against the first run's).
  project.env.CROSSCHECK_SHARED_CACHE = registry.cacheUrl("crosscheck/builders");
  project.env.CROSSCHECK_BUILDERS = `${machineEngine} x86_64-linux 1; ${remote} x86_64-linux 1`;
  const two = await emptyStore();
  const since = Math.floor(Date.now() / 1000) - 1;
  const shared = await project.run();
  expect(shared.code, shared.stdout + shared.stderr).toBe(0);
  expect(shared.stdout).toMatch(/passed +3\n/);
  const built = await project.lastRunEvents();
  const onPrivate = builtOnPrivateEngine(since);
  expect(onPrivate.length, shared.stdout).toBeGreaterThan(0);
  expect(onPrivate.length, `${onPrivate.join(", ")} of ${built.built.join(", ")}`).toBeLessThan(built.built.length);
  expect(engine!.docker("image", "ls", "--format", "{{.Repository}}")).toMatch(/^crosscheck\/toolchain$/m);
  expect(await outputs(two)).toEqual(await outputs(one));

  // 3. An empty store, the private engine emptied of crosscheck's images: everything fetched, nothing built, no image needed.
  for (const image of engine!.docker("image", "ls", "--format", "{{.Repository}}:{{.Tag}}").split("\n").filter((i) => i.startsWith("crosscheck/"))) engine!.docker("image", "rm", image);
  await emptyStore();
  const fetched = await project.run();
  expect(fetched.code, fetched.stdout + fetched.stderr).toBe(0);
  expect(await project.lastRunEvents()).toEqual({ built: [], cached: built.built });
  expect(fetched.stdout).toMatch(/^tiny: 3 cells in \d+s \(nothing built\)$/m);
  expect(engine!.docker("image", "ls", "--format", "{{.Repository}}")).not.toMatch(/^crosscheck\//m);

  // 4. No shared cache, an empty store: the private engine is killed while it builds; its
  // derivation is built on the machine's engine and every cell passes.
  delete project.env.CROSSCHECK_SHARED_CACHE;
  await emptyStore();
  const running = project.start();
  let stdout = "";
  let stderr = "";
  running.stdout!.on("data", (d: Buffer) => (stdout += d));
  running.stderr!.on("data", (d: Buffer) => (stderr += d));
  const ended = new Promise<number>((resolve) => running.once("exit", (code) => resolve(code ?? 1)));
  const deadline = Date.now() + 10 * 60_000;
  while (engine!.docker("ps", "--filter", "label=crosscheck.step", "--format", "{{.ID}}") === "") {
    expect(Date.now() < deadline, "the private engine never ran a build").toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  engine!.signal("SIGKILL");
  expect(await ended, stdout + stderr).toBe(0);
  // The warning comes from a vitest worker, which the run's display passes on with the cell's lines.
  expect(stdout + stderr).toMatch(new RegExp(`warning: builder ${remote} stopped answering; it is out of this run`));
  expect(stdout).toMatch(/passed +3\n/);
  expect((await project.lastRunEvents()).built).toEqual(expect.arrayContaining(["left-0.1", "middle-0.1", "right-0.1"]));
});
