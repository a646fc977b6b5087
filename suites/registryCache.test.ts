/**
 * An OCI registry as the shared binary cache, through `crosscheck run` as a user (or a CI
 * shard) runs it, against Debian's docker-registry on 127.0.0.1: a first run on an empty store
 * builds and pushes every derivation and its images; a second, on another empty store and a
 * Docker engine of its own with no image at all (another machine), pulls the images, fetches
 * every derivation and builds nothing, the outputs the same to the byte, and after a recipe
 * changes builds only it, in a toolchain image pulled from the registry; a run with the registry
 * down builds locally with a warning, every cell passing.
 */
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { canProvision } from "../harness/engine/testing.ts";
import { startPrivateEngine, type PrivateEngine } from "../harness/engine/containers/privateEngine.testutil.ts";
import { startLocalRegistry, type LocalRegistry } from "../harness/engine/store/localRegistry.testutil.ts";
import { treeOf } from "../harness/engine/store/storeTree.testutil.ts";
import { compiles, TinyProject } from "./tinyProject.testutil.ts";

const project = new TinyProject({ left: compiles, right: "#include <stdio.h>\nint main(void) { puts(\"right\"); return 0; }\n" });
let registry: LocalRegistry;
let engine: PrivateEngine | undefined;
const stores: string[] = [];

beforeAll(async () => {
  if (!canProvision) return;
  registry = await startLocalRegistry();
  project.env.CROSSCHECK_SHARED_CACHE = registry.cacheUrl("crosscheck/suite");
}, 10 * 60_000);

afterAll(async () => {
  await engine?.destroy();
  await registry?.destroy();
  for (const store of stores) await rm(store, { recursive: true, force: true });
  project.remove();
}, 5 * 60_000);

async function emptyStore(): Promise<string> {
  const store = await mkdtemp(join(tmpdir(), "crosscheck-store-"));
  stores.push(store);
  return store;
}

/** Every store entry's output tree and sidecar files, by store name. */
async function storeContents(store: string): Promise<Record<string, unknown>> {
  const contents: Record<string, unknown> = {};
  for (const name of (await readdir(store)).filter((n) => n.endsWith(".build.json")).map((n) => n.slice(0, -".build.json".length)).sort()) {
    contents[name] = {
      out: await treeOf(join(store, name)),
      log: await readFile(join(store, `${name}.log`), "utf8"),
      scan: await readFile(join(store, `${name}.closure.json`), "utf8"),
      record: await readFile(join(store, `${name}.build.json`), "utf8"),
    };
  }
  return contents;
}

test.skipIf(!canProvision)("a run pushes what it builds; a run on an empty store and an empty engine fetches everything and builds nothing; a registry that is down is a warning and local builds", { timeout: 30 * 60_000 }, async () => {
  // 1. Builds on an empty store, publishing every derivation (and the images it used).
  const first = await emptyStore();
  project.env.CROSSCHECK_STORE = first;
  const pushed = await project.run();
  expect(pushed.code, pushed.stdout + pushed.stderr).toBe(0);
  const built = await project.lastRunEvents();
  expect(built.built).toEqual(expect.arrayContaining(["left-0.1", "right-0.1"]));
  expect(pushed.stdout + pushed.stderr).not.toMatch(/warning: the shared cache/);
  const catalog = (await (await fetch(`http://${registry.host}/v2/_catalog`)).json()) as { repositories: string[] };
  expect(catalog.repositories).toEqual(expect.arrayContaining(["crosscheck/suite/store", "crosscheck/suite/base"]));

  // 2. Another machine: an empty store and an engine with no images.
  engine = await startPrivateEngine();
  const second = await emptyStore();
  project.env.CROSSCHECK_STORE = second;
  project.env.DOCKER_HOST = engine.host;
  const fetched = await project.run();
  expect(fetched.code, fetched.stdout + fetched.stderr).toBe(0);
  const events = await project.lastRunEvents();
  expect(events.built, fetched.stdout + fetched.stderr).toEqual([]);
  expect(events.cached).toEqual(built.built);
  expect(fetched.stdout).toMatch(/^tiny: 2 cells in \d+s \(nothing built\)$/m);
  expect(fetched.stdout + fetched.stderr).not.toMatch(/debootstrap bookworm|docker import|warning: the shared cache/);
  // The base image came from the registry, under its own name: never built here.
  const images = () => engine!.docker("image", "ls", "--format", "{{.Repository}}");
  expect(images()).toMatch(/^crosscheck\/base$/m);
  expect(images()).not.toContain(registry.host);
  expect(await storeContents(second)).toEqual(await storeContents(first));

  // On that machine a changed recipe builds only itself, in a toolchain image pulled, not built.
  project.recipe("right", "int main(void) { return 1 - 1; }\n");
  const changed = await project.run();
  expect(changed.code, changed.stdout + changed.stderr).toBe(0);
  expect((await project.lastRunEvents()).built).toEqual(["right-0.1"]);
  expect(changed.stdout).not.toMatch(/built image/);
  expect(images()).toMatch(/^crosscheck\/toolchain$/m);
  delete project.env.DOCKER_HOST;

  // 3. The registry is down: built here, with a warning, every cell passing.
  await registry.stop();
  const third = await emptyStore();
  project.env.CROSSCHECK_STORE = third;
  const local = await project.run();
  expect(local.code, local.stdout + local.stderr).toBe(0);
  expect(local.stdout + local.stderr).toMatch(new RegExp(`warning: the shared cache oci://${registry.host}/crosscheck/suite is unreachable \\(.*\\): building locally`));
  expect((await project.lastRunEvents()).built).toEqual(expect.arrayContaining(["left-0.1", "right-0.1"]));
  expect(local.stdout).toMatch(/passed +2\n/);
});
