/**
 * WASI modules compiled by wasi32's real toolchain (Debian's clang, lld and wasi-libc, wrapped as
 * the planner wraps them) and run as a check runs them: executed by their path in a container of
 * the cells' own image, through the binfmt_misc entry for wasm and the runner mounted where it
 * names.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { catalog } from "../../recipes/index.ts";
import { ensureNodeImage, runStep, wasiBinfmt, wasiRegistrationProblem, type BinfmtRegistration } from "../engine/index.ts";
import { canProvision, provisioningTimeoutMs } from "../engine/testing.ts";
import { provision } from "../engine/machine/provision.ts";
import { Planner, type Plan, type PlanNode } from "../planner/index.ts";
import { hostRunner } from "./installCheck.ts";

const registration = (over: Partial<BinfmtRegistration>): BinfmtRegistration => ({
  name: wasiBinfmt.name,
  enabled: true,
  interpreter: wasiBinfmt.interpreter,
  flags: "",
  fixBinary: false,
  ...over,
});

test("the binfmt entry must name the runner's path in containers, without the F flag", () => {
  expect(wasiRegistrationProblem(registration({}))).toBeNull();
  expect(wasiRegistrationProblem(undefined)).toMatch(/not registered \(crosscheck doctor --fix\)/);
  expect(wasiRegistrationProblem(registration({ enabled: false }))).toMatch(/disabled/);
  expect(wasiRegistrationProblem(registration({ interpreter: "/usr/bin/wasmtime" }))).toMatch(/runs \/usr\/bin\/wasmtime, not \/usr\/libexec\/crosscheck\/wasi-run/);
  expect(wasiRegistrationProblem(registration({ flags: "F", fixBinary: true }))).toMatch(/F flag/);
});

const program = `
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "abort") == 0) abort();
  FILE *f = fopen("written.txt", "w");
  if (f == NULL) return 1;
  fputs("relative\\n", f);
  fclose(f);
  printf("argc=%d argv1=%s greeting=%s\\n", argc, argc > 1 ? argv[1] : "-", getenv("GREETING"));
  return 3;
}
`;

describe.skipIf(!canProvision)("wasi32's toolchain and Node's WASI (needs root: skipped otherwise)", () => {
  let plan: Plan;
  let root: PlanNode;
  let image: string;
  let work: string;

  beforeAll(async () => {
    await provision();
    plan = new Planner(catalog, "x86_64-linux").plan({ build: "x86_64-linux", host: "wasi32", package: "hello" });
    root = plan.nodes[plan.root]!;
    image = (await ensureNodeImage(plan, root)).tag;
    work = await mkdtemp(join(tmpdir(), "crosscheck-wasi-test-"));
  }, provisioningTimeoutMs);

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  /** Runs `script` in the cells' image with the runner as a check mounts it; its log and status. */
  async function inCheckContainer(name: string, script: string): Promise<{ status: string; log: string }> {
    const runner = await hostRunner(plan, root);
    if ("skip" in runner) throw new Error(runner.skip);
    expect(runner).toMatchObject({ runner: "node:wasi", emulator: expect.stringMatching(/^node:wasi \(wasi-run [0-9a-f]{12}\)$/) });
    const tools = plan.nodes[root.cc!]!.toolchain!.tools;
    const result = await runStep({
      image,
      name: `wasi-test-${name}`,
      script: [`cc() { ${"/usr/bin/" + tools["wasm32-unknown-wasi-cc"]} "$@"; }`, "mkdir -p /tmp/w && cd /tmp/w", script].join("\n"),
      inputs: runner.inputs,
      timeoutMs: 5 * 60_000,
      logPath: join(work, `${name}.log`),
    });
    return { status: result.status === "succeeded" ? "ok" : `exit ${result.exitCode}`, log: await readFile(result.logPath, "utf8") };
  }

  test("a module runs by its path: its arguments, the environment, files relative to the working directory, its exit status", async () => {
    const { status, log } = await inCheckContainer(
      "run",
      [
        `echo ${Buffer.from(program).toString("base64")} | base64 -d > p.c`,
        "cc -O1 -o p p.c",
        "head -c 8 p | od -A n -t x1",
        'GREETING=hi ./p one || echo "status $?"',
        "cat written.txt",
        './p abort || echo "status $?"',
      ].join("\n"),
    );
    expect(log).toContain(" 00 61 73 6d 01 00 00 00");
    expect(log).toContain("argc=2 argv1=one greeting=hi\nstatus 3\nrelative\n");
    expect(log).toMatch(/wasi-run: \.\/p: unreachable[^\n]*\nstatus 134\n/);
    // Nothing about WASI being experimental in the program's output.
    expect(log).not.toContain("ExperimentalWarning");
    expect(status).toBe("ok");
  }, 300_000);

  test("the compiler finds wasi-libc's headers, never the build machine's own /usr/include", async () => {
    const { status, log } = await inCheckContainer(
      "headers",
      [
        // glibc's argp.h is in the image's /usr/include, which clang's driver searches after the
        // sysroot's headers unless told not to; wasi-libc has none.
        "printf '#include <argp.h>\\nint main(void){return 0;}\\n' > g.c",
        "test -f /usr/include/argp.h && echo 'the build machine has it'",
        'if cc -c g.c; then echo "glibc header found"; else echo "glibc header refused"; fi',
      ].join("\n"),
    );
    expect(log).toContain("the build machine has it\n");
    expect(log).toContain("'argp.h' file not found");
    expect(log).toContain("glibc header refused\n");
    expect(status).toBe("ok");
  }, 300_000);
});
