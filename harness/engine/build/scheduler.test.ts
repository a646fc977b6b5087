/**
 * The scheduler with real containers: small inline packages, native, so each build takes a
 * second or two. Two plans that share a dependency, realized at the same time, build it once;
 * no more containers run at once than the scheduler allows.
 */
import { availableParallelism } from "node:os";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, expect, test } from "vitest";
import { Planner, type Catalog, type Package, type Stdenv } from "../../planner/index.ts";
import gcc from "../../../recipes/gcc.ts";
import { canProvision } from "../testing.ts";
import { provisionForRun } from "../machine/provisionForRun.ts";
import { Scheduler } from "./scheduler.ts";
import { DirectoryCache } from "../store/sharedCache.ts";
import type { RealizeEvent } from "./realize.ts";

const files = (name: string) => ({ "Makefile": `all:\n\techo ${name} > ${name}.txt\n` });
const install = (name: string) => `mkdir -p "$out/share" && cp ${name}.txt "$out/share/"`;

const catalog: Catalog = {
  gcc,
  base: (({ stdenv }: { stdenv: Stdenv }) =>
    stdenv.mkDerivation({ pname: "base", version: "1", src: { kind: "inline", files: files("base") }, buildSystem: "make", installPhase: install("base") })) as Catalog[string],
  left: (({ stdenv, base }: { stdenv: Stdenv; base: Package }) =>
    stdenv.mkDerivation({ pname: "left", version: "1", src: { kind: "inline", files: files("left") }, buildSystem: "make", buildInputs: [base], installPhase: install("left") })) as Catalog[string],
  checked: (({ stdenv }: { stdenv: Stdenv }) =>
    stdenv.mkDerivation({ pname: "checked", version: "1", src: { kind: "inline", files: { "Makefile": "all:\n\techo checked > checked.txt\ncheck:\n\ttest -s checked.txt\n" } }, buildSystem: "make", installPhase: install("checked") })) as Catalog[string],
  right: (({ stdenv, base }: { stdenv: Stdenv; base: Package }) =>
    stdenv.mkDerivation({ pname: "right", version: "1", src: { kind: "inline", files: files("right") }, buildSystem: "make", buildInputs: [base], installPhase: install("right") })) as Catalog[string],
};

beforeAll(async () => {
  if (canProvision) await provisionForRun(() => undefined);
}, 30 * 60_000);

test.skipIf(!canProvision)("shared derivations build once, containers stay within the job limit", { timeout: 10 * 60_000 }, async () => {
  const store = await mkdtemp(join(tmpdir(), "crosscheck-store-"));
  const scheduler = new Scheduler({ store, cores: availableParallelism(), jobs: 2 });
  const planner = new Planner(catalog, "x86_64-linux");
  const started: string[] = [];
  let running = 0;
  let most = 0;
  const onEvent = (e: RealizeEvent) => {
    if (e.kind === "start") {
      started.push(e.node.pname);
      most = Math.max(most, ++running);
    }
    if (e.kind === "done") running--;
  };
  const plans = ["left", "right"].map((p) => planner.plan({ build: "x86_64-linux", host: "x86_64-linux", package: p }));
  const [left, right] = await Promise.all(plans.map((plan) => scheduler.realize(plan, { timeoutMs: 5 * 60_000, onEvent })));

  expect(left!.failed).toBeNull();
  expect(right!.failed).toBeNull();
  expect(started.filter((p) => p === "base")).toHaveLength(1);
  expect(started.filter((p) => p === "gcc-wrapper")).toHaveLength(1);
  expect(started.sort()).toEqual(["base", "gcc-wrapper", "left", "right"]);
  expect(most).toBeLessThanOrEqual(2);
  // Both cells see the shared node's recorded scan.
  const base = plans[0]!.order.find((id) => plans[0]!.nodes[id]!.pname === "base")!;
  expect(left!.scans.get(base)?.object.pname).toBe("base");
  expect(right!.scans.get(base)?.object.pname).toBe("base");

  // A second realization finds everything in the store.
  started.length = 0;
  await scheduler.realize(plans[0]!, { timeoutMs: 60_000, onEvent });
  await new Scheduler({ store, cores: 1, jobs: 1 }).realize(plans[1]!, { timeoutMs: 60_000, onEvent });
  expect(started).toEqual([]);
});

test.skipIf(!canProvision)("a machine with an empty store fetches from the shared cache what another machine built", { timeout: 10 * 60_000 }, async () => {
  const cache = new DirectoryCache(await mkdtemp(join(tmpdir(), "crosscheck-shared-")));
  const [first, second] = [await mkdtemp(join(tmpdir(), "crosscheck-store-a-")), await mkdtemp(join(tmpdir(), "crosscheck-store-b-"))];
  const plan = new Planner(catalog, "x86_64-linux").plan({ build: "x86_64-linux", host: "x86_64-linux", package: "left" });
  const started: string[] = [];
  const onEvent = (e: RealizeEvent) => void (e.kind === "start" && started.push(e.node.pname));

  const built = await new Scheduler({ store: first, cores: 1, jobs: 1, sharedCache: cache }).realize(plan, { timeoutMs: 5 * 60_000, onEvent });
  expect(built.failed).toBeNull();
  expect(started.sort()).toEqual(["base", "gcc-wrapper", "left"]);

  started.length = 0;
  const fetched = await new Scheduler({ store: second, cores: 1, jobs: 1, sharedCache: cache }).realize(plan, { timeoutMs: 5 * 60_000, onEvent });
  expect(fetched.failed).toBeNull();
  expect(started).toEqual([]);
  expect(fetched.builds.map((b) => b.status)).toEqual(["cached", "cached", "cached"]);
  expect(await readFile(join(second, plan.nodes[plan.root]!.storeName, "share/left.txt"), "utf8")).toBe("left\n");
  expect(fetched.scans.get(plan.root)?.object.pname).toBe("left");
});

test.skipIf(!canProvision)("a shared build counts for an emulated check phase only if it ran under the same emulator, and not when the check is to run again", { timeout: 10 * 60_000 }, async () => {
  const cache = new DirectoryCache(await mkdtemp(join(tmpdir(), "crosscheck-shared-")));
  const plan = new Planner(catalog, "x86_64-linux").plan({ build: "x86_64-linux", host: "x86_64-linux", package: "checked" });
  const check = (emulator: string, rerun = false) => ({ id: plan.root, runner: "native", emulator, env: {}, inputs: [], packages: [], rerun });
  const started: string[] = [];
  const onEvent = (e: RealizeEvent) => void (e.kind === "start" && started.push(e.node.pname));
  const realize = async (emulator: string, rerun = false) => {
    started.length = 0;
    const store = await mkdtemp(join(tmpdir(), "crosscheck-store-"));
    const realized = await new Scheduler({ store, cores: 1, jobs: 1, sharedCache: cache }).realize(plan, { timeoutMs: 5 * 60_000, emulatedCheck: check(emulator, rerun), onEvent });
    expect(realized.failed).toBeNull();
    return { started: [...started], record: realized.builds.find((b) => b.node.id === plan.root)!.record };
  };

  expect((await realize("test-emulator 1.0")).started).toEqual(["gcc-wrapper", "checked"]);
  const fetched = await realize("test-emulator 1.0");
  expect(fetched.started).toEqual([]);
  expect(fetched.record?.checkedWith).toBe("test-emulator 1.0");
  // Another emulator version, or a check to run again: the root is built (its check run) here.
  const other = await realize("test-emulator 2.0");
  expect(other.started).toEqual(["checked"]);
  expect(other.record?.checkedWith).toBe("test-emulator 2.0");
  expect((await realize("test-emulator 2.0", true)).started).toEqual(["checked"]);
});

test.skipIf(!canProvision)("a node being realized on one store does not hold up another store's realization of it", { timeout: 10 * 60_000 }, async () => {
  // A build that takes a while: the other store's build of it starts before this one ends.
  const slow: Catalog = {
    gcc,
    slow: (({ stdenv }: { stdenv: Stdenv }) =>
      stdenv.mkDerivation({ pname: "slow", version: "1", src: { kind: "inline", files: { "Makefile": "all:\n\tsleep 30\n" } }, buildSystem: "make", installPhase: 'mkdir -p "$out"' })) as Catalog[string],
  };
  const plan = new Planner(slow, "x86_64-linux").plan({ build: "x86_64-linux", host: "x86_64-linux", package: "slow" });
  const events: string[] = [];
  const record = (store: string) => (e: RealizeEvent) => {
    if (e.node.pname === "slow" && (e.kind === "start" || e.kind === "done")) events.push(`${store} ${e.kind}`);
  };
  const stores = [await mkdtemp(join(tmpdir(), "crosscheck-store-busy-")), await mkdtemp(join(tmpdir(), "crosscheck-store-other-"))];
  let busyStarted!: () => void;
  const started = new Promise<void>((resolve) => (busyStarted = resolve));
  const busy = new Scheduler({ store: stores[0]!, cores: 1, jobs: 1 }).realize(plan, {
    timeoutMs: 5 * 60_000,
    onEvent: (e) => {
      record("busy")(e);
      if (e.node.pname === "slow" && e.kind === "start") busyStarted();
    },
  });
  await started;
  const other = new Scheduler({ store: stores[1]!, cores: 1, jobs: 1 }).realize(plan, { timeoutMs: 5 * 60_000, onEvent: record("other") });
  const [b, o] = await Promise.all([busy, other]);
  expect(b.failed).toBeNull();
  expect(o.failed).toBeNull();
  expect(events.indexOf("other start")).toBeLessThan(events.indexOf("busy done"));
});
