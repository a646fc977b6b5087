import { mkdtemp, readFile, writeFile, mkdir, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { $ } from "zx";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runStep } from "./container.ts";
import { engineClient } from "../machine/dockerEngine.ts";
import { InfrastructureError } from "../machine/infrastructureError.ts";
import { labelKeys, listCrosscheckContainers, sessionId, sweepLeftovers } from "./session.ts";
import { aarch64Toolchain, canProvision, provisioningTimeoutMs } from "../testing.ts";

describe.skipIf(!canProvision)("container steps (needs root: skipped otherwise)", () => {
  let image: string;
  let work: string;

  beforeAll(async () => {
    image = (await aarch64Toolchain()).tag;
    work = await mkdtemp(join(tmpdir(), "crosscheck-container-test-"));
    await mkdir(join(work, "src"));
    await writeFile(join(work, "src/hello.c"), '#include <stdio.h>\nint main(void) { puts("hello, aarch64"); return 0; }\n');
  }, provisioningTimeoutMs);

  afterAll(async () => {
    if (work) await $`rm -rf ${work}`;
  });

  test("cross-compiles with inputs read-only, network off, as non-root, and collects the output", { timeout: 120_000 }, async () => {
    const src = "/crosscheck/store/0000000000000000-hello-src";
    const out = "/crosscheck/store/1111111111111111-hello";
    const result = await runStep({
      image,
      name: "hello-aarch64",
      inputs: [{ hostPath: join(work, "src"), containerPath: src }],
      outputs: [{ containerPath: out, hostPath: join(work, "store/1111111111111111-hello") }],
      env: { out },
      script: [
        'echo "uid=$(id -u)"',
        'echo "net=$(ls /sys/class/net | tr "\\n" " ")"',
        `touch ${src}/x 2>/dev/null && echo "inputs writable" || echo "inputs read-only"`,
        'mkdir -p "$out/bin"',
        `aarch64-linux-gnu-gcc -O2 -o "$out/bin/hello" ${src}/hello.c`,
      ].join("\n"),
      timeoutMs: 60_000,
      logPath: join(work, "logs/hello.log"),
    });
    const log = await readFile(result.logPath, "utf8");
    expect(result, log).toMatchObject({ status: "succeeded", exitCode: 0 });
    expect(log).toContain("uid=1000");
    expect(log).toContain("net=lo ");
    expect(log).toContain("inputs read-only");
    const binary = join(result.outputPaths![0]!, "bin/hello");
    expect((await stat(binary)).isFile()).toBe(true);
    const head = (await readFile(binary)).subarray(0, 20);
    expect(head.subarray(0, 4).toString("latin1")).toBe("\x7fELF");
    expect(head.readUInt16LE(18)).toBe(183); // EM_AARCH64
    expect(result.timings.totalMs).toBeGreaterThan(0);
  });

  test("copied inputs (for remote engines) arrive whole and readable, without bind mounts", { timeout: 120_000 }, async () => {
    const src = "/crosscheck/store/2222222222222222-hello-src";
    const result = await runStep({
      image,
      name: "copy-inputs",
      inputs: [{ hostPath: join(work, "src"), containerPath: src, mode: "copy" }],
      script: `cat /proc/self/mountinfo | grep -c " ${src} " || true\nwc -c < ${src}/hello.c`,
      timeoutMs: 60_000,
      logPath: join(work, "logs/copy.log"),
    });
    const log = await readFile(result.logPath, "utf8");
    expect(result, log).toMatchObject({ status: "succeeded" });
    const [mounts, size] = log.trim().split("\n").map(Number);
    expect(mounts).toBe(0);
    expect(size).toBe((await stat(join(work, "src/hello.c"))).size);
  });

  test("a failing script is a result, not a fault, and keeps its log", { timeout: 60_000 }, async () => {
    const result = await runStep({
      image,
      script: "echo about to fail\necho on stderr >&2\nexit 3\n",
      outputs: [{ containerPath: "/crosscheck/store/2222-fail", hostPath: join(work, "store/2222-fail") }],
      timeoutMs: 30_000,
      logPath: join(work, "logs/fail.log"),
    });
    expect(result).toMatchObject({ status: "failed", exitCode: 3 });
    expect(result.outputPaths).toBeUndefined();
    const log = await readFile(result.logPath, "utf8");
    expect(log).toContain("about to fail");
    expect(log).toContain("on stderr");
  });

  test("a step past its timeout is killed and reported as timed out", { timeout: 60_000 }, async () => {
    const started = Date.now();
    const result = await runStep({ image, script: "echo sleeping\nsleep 600\n", timeoutMs: 2_000, logPath: join(work, "logs/timeout.log") });
    expect(result).toMatchObject({ status: "timed-out", exitCode: null });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(await readFile(result.logPath, "utf8")).toContain("sleeping");
    expect(await listCrosscheckContainers(sessionId)).toEqual([]);
  });

  test("exceeding the memory limit is an infrastructure fault (oom)", { timeout: 60_000 }, async () => {
    // tail keeps the whole newline-free stream in memory until the kernel kills it.
    const run = runStep({ image, script: "head -c 512m /dev/zero | tail >/dev/null\n", limits: { memoryMiB: 64 }, timeoutMs: 30_000, logPath: join(work, "logs/oom.log") });
    await expect(run).rejects.toMatchObject({ name: "InfrastructureError", fault: "oom" });
  });

  test("an image that is not there is an infrastructure fault, never a pull", { timeout: 30_000 }, async () => {
    const run = runStep({ image: "crosscheck/toolchain:doesnotexist", script: "true", timeoutMs: 10_000, logPath: join(work, "logs/none.log") });
    await expect(run).rejects.toBeInstanceOf(InfrastructureError);
    await expect(run).rejects.toMatchObject({ fault: "image" });
  });

  test("the sweep removes containers whose process is gone", { timeout: 30_000 }, async () => {
    const docker = (await engineClient()).container.dockerode;
    const orphan = await docker.createContainer({
      Image: image,
      Cmd: ["true"],
      Labels: { [labelKeys.owner]: "1", [labelKeys.session]: "dead-session", [labelKeys.pid]: "2147483646" },
    });
    const removed = await sweepLeftovers();
    expect(removed).toContain(orphan.id);
    expect(await listCrosscheckContainers("dead-session")).toEqual([]);
  });

  test("no labelled container of this session is left behind", async () => {
    expect(await listCrosscheckContainers(sessionId)).toEqual([]);
  });
});
