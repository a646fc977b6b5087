/**
 * Proof that emulation works where it is used: inside a container. Reading the binfmt flags
 * says what the kernel should do; running a foreign binary shows it does. The binary is the
 * cross libc's own dynamic loader (ld.so runs as a program and prints its version), so any
 * toolchain image with a cross libc can be probed without compiling anything.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runStep } from "../engine/index.ts";
import { emulationFor, qemuLdPrefix } from "./qemu.ts";

/** The loader's path in Debian's cross libc packages, per triple. */
export const crossLoader: Readonly<Record<string, string>> = {
  "aarch64-linux-gnu": "lib/ld-linux-aarch64.so.1",
  "arm-linux-gnueabihf": "lib/ld-linux-armhf.so.3",
  "riscv64-linux-gnu": "lib/ld-linux-riscv64-lp64d.so.1",
  "powerpc64le-linux-gnu": "lib/ld64.so.2",
  "s390x-linux-gnu": "lib/ld64.so.1",
  "mips64el-linux-gnuabi64": "lib64/ld.so.1",
};

export interface ProbeResult {
  ok: boolean;
  /** What the foreign loader printed (its first line), or why the probe failed. */
  detail: string;
}

export async function probeBinfmtInContainer(image: string, debianTriple: string): Promise<ProbeResult> {
  const emulation = await emulationFor(debianTriple);
  if (emulation.kind === "none") return { ok: false, detail: emulation.reason };
  const loader = crossLoader[debianTriple];
  if (!loader) return { ok: false, detail: `no known loader path for ${debianTriple}` };
  const logs = await mkdtemp(join(tmpdir(), "crosscheck-probe-"));
  try {
    const result = await runStep({
      image,
      script: `exec ${qemuLdPrefix(debianTriple)}/${loader} --version\n`,
      timeoutMs: 60_000,
      logPath: join(logs, "probe.log"),
      name: `binfmt-probe-${debianTriple}`,
    });
    const text = (await readFile(result.logPath, "utf8")).trim();
    return { ok: result.status === "succeeded", detail: text.split("\n")[0] ?? `exit ${result.exitCode}` };
  } finally {
    await rm(logs, { recursive: true, force: true });
  }
}
