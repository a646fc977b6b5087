/**
 * Checks cached by what they depend on: hello natively and hello on aarch64 (its installCheck and
 * check phase under QEMU) run twice; the second run reuses every check. Then each part of a
 * check's key is changed in turn, and exactly the checks that depend on it run again.
 *
 * The cells' builds come from the shared store (built there if missing, as the matrix suite
 * builds them); the checks run against a copy of those entries (hard links), so the check
 * records this test writes are its own and the matrix suite, running beside it, is not disturbed.
 */
import { cp, mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, expect, test } from "vitest";
import { selectCells, type Cell } from "../harness/matrix/index.ts";
import { createCellRunner, readRunSettings, type CellRun } from "../harness/cell/index.ts";
import { checkKey, ensureBaseImage, localStoreDir, type CheckKeyParts } from "../harness/engine/index.ts";
import { hostRunner, qemuVersion, runInstallCheck } from "../harness/emulate/index.ts";
import type { Plan } from "../harness/planner/index.ts";

const { project } = readRunSettings();
const cellsDir = await mkdtemp(join(tmpdir(), "crosscheck-check-cache-cells-"));
const shared = await createCellRunner({ project: { ...project, cellsDir } });
const cells = selectCells(shared.loadMatrix(join(project.root, "matrices/smoke.yaml")).cells, "hello@x86_64-linux~x86_64-linux,hello@x86_64-linux~aarch64-multiplatform");
const [native, aarch64] = cells as [Cell, Cell];

beforeAll(async () => {
  await shared.provision(() => undefined);
}, 30 * 60_000);

/** A store holding (as hard links) every entry of the cells' plans from the shared store. */
async function copyOfEntries(plans: Plan[]): Promise<string> {
  const store = await mkdtemp(join(tmpdir(), "crosscheck-check-cache-store-"));
  const names = new Set(plans.flatMap((p) => Object.values(p.nodes).map((n) => n.storeName)));
  for (const file of await readdir(localStoreDir())) {
    const entry = [...names].find((name) => file === name || file.startsWith(`${name}.`));
    // Recorded check results stay behind: this store's checks start unrecorded.
    if (entry !== undefined && !/\.installCheck\.(json|log)$/.test(file)) {
      await cp(join(localStoreDir(), file), join(store, file), { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
    }
  }
  return store;
}

const runIn = async (store: string, cell: Cell): Promise<CellRun> => (await createCellRunner({ project: { ...project, cellsDir }, store })).run(cell);

test("a warm rerun reuses every check; a changed script, image or emulator reruns exactly the checks that use it", { timeout: 40 * 60_000 }, async () => {
  // Built (or found) in the shared store first, so the copy below has every output.
  for (const cell of cells) expect((await shared.run(cell)).outcome.state).toBe("passed");
  const store = await copyOfEntries(cells.map((c) => shared.plan(c)));

  const first = await Promise.all(cells.map((c) => runIn(store, c)));
  for (const run of first) {
    expect(run.outcome.state).toBe("passed");
    expect(run.installCheck).toMatchObject({ status: "passed", cachedFrom: null });
  }
  expect(first.map((r) => r.installCheck!.runner)).toEqual(["native", "qemu-aarch64"]);

  // Warm: nothing changed, so nothing runs again; the report gets the first run's log and date.
  const warm = await Promise.all(cells.map((c) => runIn(store, c)));
  for (const [i, run] of warm.entries()) {
    expect(run.outcome.state).toBe("passed");
    expect(run.installCheck!.cachedFrom).not.toBeNull();
    expect(run.installCheck!.reason).toBe(`installCheck passed (${first[i]!.installCheck!.runner}), cached from ${run.installCheck!.cachedFrom}`);
    expect(run.installCheck!.log).toBe(first[i]!.installCheck!.log);
    expect(run.installCheck!.log).toMatch(/\$ "\$out\/bin\/hello" \| grep -q 'Hello, world!'/);
  }
  // The check phase under QEMU is the stored build's: the same build, not run again.
  expect(warm[1]!.record!.timings.startedAt).toBe(first[1]!.record!.timings.startedAt);
  expect(warm[1]!.record!.checkedWith).toBe(`qemu-aarch64 ${await qemuVersion("aarch64")}`);

  // A matrix's rerunChecks runs that cell's installCheck again, and nothing else.
  const rerun = await runIn(store, { ...aarch64, rerunChecks: ["installCheck"] });
  expect(rerun.installCheck).toMatchObject({ status: "passed", cachedFrom: null });
  expect(rerun.record!.timings.startedAt).toBe(first[1]!.record!.timings.startedAt);
  const rerunAt = await readRanAt(store, aarch64);
  expect(rerunAt > warm[1]!.installCheck!.cachedFrom!).toBe(true);
  expect((await runIn(store, native)).installCheck!.cachedFrom).toBe(warm[0]!.installCheck!.cachedFrom);

  // Another image: the native check runs again in it; the aarch64 one, in its own image, is reused.
  const plan = shared.plan(native);
  const root = plan.nodes[plan.root]!;
  const base = await ensureBaseImage();
  expect(base.tag).not.toBe(first[0]!.record!.image);
  const inBase = await runInstallCheck(plan, root, { store, image: base.tag, timeoutMs: native.timeoutMs, rerun: false });
  expect(inBase).toMatchObject({ status: "passed", cachedFrom: null });
  expect((await runIn(store, aarch64)).installCheck!.cachedFrom).toBe(rerunAt);
  // Back in the build's image the key differs from the base image's again: it runs once more.
  expect((await runIn(store, native)).installCheck!.cachedFrom).toBeNull();
  expect((await runIn(store, native)).installCheck!.cachedFrom).not.toBeNull();
});

/** When the recorded installCheck of a cell's root ran. */
async function readRanAt(store: string, cell: Cell): Promise<string> {
  const plan = shared.plan(cell);
  const record = JSON.parse(await readFile(join(store, `${plan.nodes[plan.root]!.storeName}.installCheck.json`), "utf8")) as { ranAt: string };
  return record.ranAt;
}

test("an emulated check's key holds the emulator's version, a native check's does not", async () => {
  const emulatedPlan = shared.plan(aarch64);
  const emulated = await hostRunner(emulatedPlan, emulatedPlan.nodes[emulatedPlan.root]!);
  const nativePlan = shared.plan(native);
  const nativeRunner = await hostRunner(nativePlan, nativePlan.nodes[nativePlan.root]!);
  expect(emulated).toMatchObject({ runner: "qemu-aarch64", emulator: `qemu-aarch64 ${await qemuVersion("aarch64")}` });
  expect(nativeRunner).toMatchObject({ runner: "native", emulator: "native" });

  // So a new QEMU changes the emulated check's key only; the script and image change theirs.
  const parts: CheckKeyParts = { outputs: ["a", "b"], script: "true", image: "img:1", emulator: "qemu-aarch64 7.2.22" };
  const key = checkKey(parts);
  expect(checkKey({ ...parts, outputs: ["b", "a"] })).toBe(key);
  for (const changed of [{ emulator: "qemu-aarch64 8.2.2" }, { script: "false" }, { image: "img:2" }, { outputs: ["a", "c"] }]) {
    expect(checkKey({ ...parts, ...changed })).not.toBe(key);
  }
});
