/**
 * The engine's faults never blame the step, and nothing waits forever: steps run on a private
 * Docker engine (privateEngine.testutil.ts) that the tests kill containers of, stop, SIGKILL
 * mid-copy and freeze; the store is a small tmpfs for a full disk. Each fault must end the step
 * as an InfrastructureError naming it, within a bounded time, and leave no half output behind.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { canProvision } from "../testing.ts";
import { engineDeadlines } from "../machine/dockerEngine.ts";
import { InfrastructureError } from "../machine/infrastructureError.ts";
import { runStep, type StepSpec } from "./container.ts";
import { stagingPath } from "./outputStaging.ts";
import { labelKeys } from "./session.ts";
import { startPrivateEngine, type PrivateEngine } from "./privateEngine.testutil.ts";

/** Deadlines short enough for a test, long enough for a loaded machine's engine. */
const testDeadlines = { callMs: 10_000, lifecycleMs: 20_000, copyIdleMs: 10_000, heartbeatMs: 1_000 };

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Resolves with the step's error (or its result, when it did not fail): the test checks which. */
async function outcome(run: Promise<unknown>): Promise<{ error?: unknown; result?: unknown; ms: number }> {
  const began = Date.now();
  try {
    return { result: await run, ms: Date.now() - began };
  } catch (error) {
    return { error, ms: Date.now() - began };
  }
}

const logSays = (path: string, text: string) => async () => ((await readFile(path, "utf8").catch(() => "")).includes(text) ? true : undefined);

describe.skipIf(!canProvision)("faults of the engine and the disk (needs root: skipped otherwise)", () => {
  let engine: PrivateEngine;
  let work: string;
  const mounts: string[] = [];
  const saved = { ...engineDeadlines };

  beforeAll(async () => {
    engine = await startPrivateEngine();
    // Before this process's first engine call: its client is made once.
    process.env.DOCKER_HOST = engine.host;
    Object.assign(engineDeadlines, testDeadlines);
    work = join(engine.dir, "work");
    await mkdir(work);
  }, 5 * 60_000);

  afterEach(() => {
    Object.assign(engineDeadlines, testDeadlines);
  });

  afterAll(async () => {
    Object.assign(engineDeadlines, saved);
    for (const point of mounts) spawnSync("umount", ["-l", point], { stdio: "ignore" });
    await engine?.destroy();
  }, 120_000);

  const step = (name: string, script: string, extra: Partial<StepSpec> = {}): StepSpec => ({
    image: engine.image,
    name,
    script,
    timeoutMs: 60_000,
    logPath: join(work, "logs", `${name}.log`),
    ...extra,
  });

  /** A tmpfs of `size` under the work directory, unmounted after the tests. */
  async function smallDisk(name: string, size: string): Promise<string> {
    const point = join(work, name);
    await mkdir(point);
    const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", point], { encoding: "utf8" });
    if (mounted.status !== 0) throw new Error(`mount: ${mounted.stderr}`);
    mounts.push(point);
    return point;
  }

  test("a container killed from outside (docker kill) mid-build is infrastructure, not the build's failure", { timeout: 60_000 }, async () => {
    const spec = step("killed", "echo checking for _set_invalid_parameter_handler... no\nsleep 30\necho done\n");
    const run = outcome(runStep(spec));
    await until("the build to run", logSays(spec.logPath, "checking for"));
    const id = engine.docker("ps", "-q", "--filter", `label=${labelKeys.step}=killed`);
    expect(id).not.toBe("");
    engine.docker("kill", id);
    const { error, result, ms } = await run;
    expect(result).toBeUndefined();
    expect(error).toBeInstanceOf(InfrastructureError);
    expect(error).toMatchObject({ fault: "container", message: expect.stringMatching(/ended from outside before its script finished \(exit 137, SIGKILL/) });
    expect(ms).toBeLessThan(15_000);
    // The log is kept, as it was when the container died.
    expect(await readFile(spec.logPath, "utf8")).toContain("checking for");
  });

  test("a build that SIGKILLs itself (or has a child killed) fails as the build's own, with its 137", { timeout: 60_000 }, async () => {
    const self = await runStep(step("kills-itself", "echo about to die\nkill -9 $$\n"));
    expect(self).toMatchObject({ status: "failed", exitCode: 137 });
    const child = await runStep(step("child-killed", "sleep 30 &\nkill -9 $!\nwait $!\n"));
    expect(child).toMatchObject({ status: "failed", exitCode: 137 });
  });

  test("an engine that stops answering (frozen) mid-build ends the step within its deadlines", { timeout: 60_000 }, async () => {
    Object.assign(engineDeadlines, { callMs: 2_000, lifecycleMs: 4_000, heartbeatMs: 500 });
    const spec = step("frozen", "echo building\nsleep 30\n");
    const run = outcome(runStep(spec));
    await until("the build to run", logSays(spec.logPath, "building"));
    engine.signal("SIGSTOP");
    let ended: Awaited<typeof run>;
    try {
      ended = await run;
    } finally {
      engine.signal("SIGCONT");
    }
    expect(ended.result).toBeUndefined();
    expect(ended.error).toMatchObject({ name: "InfrastructureError", fault: "engine", message: expect.stringMatching(/did not answer within 2s/) });
    // Heartbeat, its ping's deadline, the engine check, the removal's ping: each bounded.
    expect(ended.ms).toBeLessThan(15_000);
  });

  test("an output the store's file system can't hold is 'disk full on <path> (N free)', and no partial stays", { timeout: 60_000 }, async () => {
    const store = await smallDisk("store-small", "4m");
    const out = "/crosscheck/store/3333333333333333-big";
    const spec = step("big-output", 'mkdir -p "$out"\nhead -c 16777216 /dev/zero > "$out/big"\n', { env: { out }, outputs: [{ containerPath: out, hostPath: join(store, "3333333333333333-big") }] });
    const { error, result } = await outcome(runStep(spec));
    expect(result).toBeUndefined();
    expect(error).toBeInstanceOf(InfrastructureError);
    expect(error).toMatchObject({ fault: "disk", message: expect.stringMatching(new RegExp(`^disk full on ${store} \\(\\d+(\\.\\d)? (B|KiB|MiB) free\\): could not collect ${out}`)) });
    expect(await readdir(store)).toEqual([]);
  });

  test("a log that can't be written fails the step as infrastructure, instead of passing with a 0-byte log", { timeout: 60_000 }, async () => {
    const full = await smallDisk("logs-full", "1m");
    // Fill it: the log file can be created, not written.
    await writeFile(join(full, "filler"), Buffer.alloc(1 << 20)).catch(() => undefined);
    const spec = step("log-full", "yes 'a line of the build log' | head -c 262144\n", { logPath: join(full, "log-full.log") });
    const { error, result } = await outcome(runStep(spec));
    expect(result).toBeUndefined();
    expect(error).toMatchObject({ name: "InfrastructureError", fault: "disk", message: expect.stringMatching(new RegExp(`^disk full on ${full} \\(.* free\\): could not write the log ${spec.logPath}`)) });
  });

  test("staging left by a process that is gone is removed before the first collect; a live process's is kept", { timeout: 60_000 }, async () => {
    const store = await mkdtemp(join(work, "store-"));
    const output = join(store, "4444444444444444-out");
    const gone = spawnSync("true").pid!;
    const running = spawn("sleep", ["60"], { stdio: "ignore" });
    try {
      const stale = stagingPath(join(store, "5555555555555555-old"), gone);
      const live = stagingPath(join(store, "6666666666666666-busy"), running.pid!);
      for (const dir of [stale, live]) {
        await mkdir(dir);
        await writeFile(join(dir, "half"), "x");
      }
      const out = "/crosscheck/store/4444444444444444-out";
      const result = await runStep(step("collects", 'mkdir -p "$out"; echo ok > "$out/ok"\n', { env: { out }, outputs: [{ containerPath: out, hostPath: output }] }));
      expect(result.status).toBe("succeeded");
      expect((await readdir(store)).sort()).toEqual(["4444444444444444-out", ".6666666666666666-busy.partial-" + running.pid].sort());
    } finally {
      running.kill();
    }
  });

  test("the engine stopped (SIGTERM) mid-build ends the step as infrastructure in bounded time", { timeout: 90_000 }, async () => {
    const spec = step("engine-stopped", "echo checking for something... no\nsleep 30\n");
    const run = outcome(runStep(spec));
    await until("the build to run", logSays(spec.logPath, "checking for"));
    engine.signal("SIGTERM");
    const { error, result, ms } = await run;
    expect(result).toBeUndefined();
    expect(error).toBeInstanceOf(InfrastructureError);
    expect((error as InfrastructureError).fault).toMatch(/^(engine|container)$/);
    expect(ms).toBeLessThan(20_000);
    expect(await engine.exited(60_000)).toBe(true);
    await engine.start();
  });

  test("the engine SIGKILLed while an output is copied out ends the step as infrastructure, no hang, no partial", { timeout: 90_000 }, async () => {
    const store = await mkdtemp(join(work, "store-"));
    const out = "/crosscheck/store/7777777777777777-large";
    const hostPath = join(store, "7777777777777777-large");
    const spec = step("copy-killed", 'mkdir -p "$out"\nhead -c 1073741824 /dev/zero > "$out/large"\n', { env: { out }, outputs: [{ containerPath: out, hostPath }] });
    const run = outcome(runStep(spec));
    const staged = join(stagingPath(hostPath), "large");
    // The copy is under way: bytes of it are on the host.
    await until("the copy to begin", async () => ((await stat(staged).catch(() => undefined))?.size ?? 0) > 0 || undefined, 60_000);
    engine.signal("SIGKILL");
    const { error, result, ms } = await run;
    expect(result).toBeUndefined();
    expect(error).toBeInstanceOf(InfrastructureError);
    expect(error).toMatchObject({ fault: "engine", message: expect.stringMatching(/could not collect .*the Docker engine stopped answering/) });
    expect(ms).toBeLessThan(20_000);
    expect(await readdir(store)).toEqual([]);
    expect(await engine.exited(10_000)).toBe(true);
    await engine.start();
  });
});
