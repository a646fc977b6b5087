import { mkdtemp, readFile, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { $ } from "zx";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runStep } from "../engine/index.ts";
import { aarch64Toolchain, canProvision, provisioningTimeoutMs } from "../engine/testing.ts";
import { probeBinfmtInContainer } from "./binfmtProbe.ts";
import { emulationFor, qemuLdPrefix, qemuVersion } from "./qemu.ts";

test("the cross libc is the loader prefix", () => {
  expect(qemuLdPrefix("aarch64-linux-gnu")).toBe("/usr/aarch64-linux-gnu");
});

test("x86_64 and i686 binaries run natively on x86_64; unknown CPUs say why not", async () => {
  if (process.arch === "x64") {
    expect(await emulationFor("x86_64-linux-gnu")).toEqual({ kind: "native" });
    expect(await emulationFor("i686-linux-gnu")).toEqual({ kind: "native" });
  }
  const none = await emulationFor("vax-unknown-ultrix");
  expect(none).toMatchObject({ kind: "none" });
});

describe.skipIf(!canProvision)("QEMU through binfmt (needs root: skipped otherwise)", () => {
  let image: string;
  let work: string;

  beforeAll(async () => {
    image = (await aarch64Toolchain()).tag;
    work = await mkdtemp(join(tmpdir(), "crosscheck-qemu-test-"));
  }, provisioningTimeoutMs);

  afterAll(async () => {
    if (work) await $`rm -rf ${work}`;
  });

  test("aarch64 is emulated through a registration with the F flag", async () => {
    const emulation = await emulationFor("aarch64-linux-gnu");
    expect(emulation).toMatchObject({ kind: "binfmt", qemu: "aarch64", env: { QEMU_LD_PREFIX: "/usr/aarch64-linux-gnu" } });
    expect(await qemuVersion("aarch64")).toMatch(/^\d+\.\d+/);
  });

  test("a foreign binary runs inside a container that holds no qemu", { timeout: 60_000 }, async () => {
    const probe = await probeBinfmtInContainer(image, "aarch64-linux-gnu");
    expect(probe.detail).toMatch(/ld\.so .*GLIBC/);
    expect(probe.ok).toBe(true);
  });

  test("a program cross-compiled in one step runs under QEMU in the next", { timeout: 120_000 }, async () => {
    await mkdir(join(work, "src"));
    await writeFile(join(work, "src/hello.c"), '#include <stdio.h>\n#include <sys/utsname.h>\nint main(void) { struct utsname u; uname(&u); printf("hello from %s\\n", u.machine); return 0; }\n');
    const built = await runStep({
      image,
      inputs: [{ hostPath: join(work, "src"), containerPath: "/crosscheck/store/aaaa-src" }],
      outputs: [{ containerPath: "/crosscheck/store/bbbb-hello", hostPath: join(work, "bbbb-hello") }],
      script: "mkdir -p /crosscheck/store/bbbb-hello/bin\naarch64-linux-gnu-gcc -o /crosscheck/store/bbbb-hello/bin/hello /crosscheck/store/aaaa-src/hello.c\n",
      timeoutMs: 60_000,
      logPath: join(work, "build.log"),
    });
    expect(built.status, await readFile(built.logPath, "utf8")).toBe("succeeded");

    const emulation = await emulationFor("aarch64-linux-gnu");
    if (emulation.kind !== "binfmt") throw new Error(`no emulation: ${JSON.stringify(emulation)}`);
    const ran = await runStep({
      image,
      inputs: [{ hostPath: built.outputPaths![0]!, containerPath: "/crosscheck/store/bbbb-hello" }],
      env: emulation.env,
      script: "/crosscheck/store/bbbb-hello/bin/hello\n",
      timeoutMs: 60_000,
      logPath: join(work, "run.log"),
    });
    const log = await readFile(ran.logPath, "utf8");
    expect(ran.status, log).toBe("succeeded");
    expect(log.trim()).toBe("hello from aarch64");
  });
});
