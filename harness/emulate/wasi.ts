/**
 * Running WASI modules: under Node's built-in WASI (`node:wasi`), through the binfmt_misc entry
 * for wasm (engine/machine/wasiBinfmt.ts) and the runner it names (wasi-run.cjs), mounted into the
 * check's container at that path. The image has Debian's nodejs (engine/images/nodeImage.ts).
 *
 * Why Node's WASI and not wasmtime, Nixpkgs' emulator: Debian 12 has no wasmtime package, and the
 * WASI runtimes on npm are libraries in JavaScript made mostly for browsers and virtual
 * filesystems (@wasmer/wasi, @bjorn3/browser_wasi_shim, @tybys/wasm-util, wasi-js), or run
 * components of WASI preview2 (@bytecodealliance/jco), not the preview1 command modules wasi-libc
 * makes. Node's own (uvwasi, kept with libuv) runs preview1 modules over the real filesystem, and
 * comes as Debian's package into the image. Its sandboxing is weak, which does not matter here:
 * the container is the sandbox.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { inputMode, wasiBinfmt, wasiRegistration, wasiRegistrationProblem } from "../engine/index.ts";
import type { HostRunner } from "./installCheck.ts";

/** The runner as the harness ships it. */
export const wasiRunnerFile = fileURLToPath(new URL("./wasi-run.cjs", import.meta.url));

/** How a check container runs WASI modules, or why it can't here. The runner's digest is part of
 * the emulator's identity: a changed runner runs every WASI check again. */
export async function wasiRunner(): Promise<HostRunner | { skip: string }> {
  const problem = wasiRegistrationProblem(await wasiRegistration());
  if (problem !== null) return { skip: problem };
  const digest = createHash("sha256").update(await readFile(wasiRunnerFile)).digest("hex").slice(0, 12);
  return {
    runner: "node:wasi",
    emulator: `node:wasi (wasi-run ${digest})`,
    env: {},
    inputs: [{ hostPath: wasiRunnerFile, containerPath: wasiBinfmt.interpreter, mode: inputMode() }],
    packages: [],
  };
}
