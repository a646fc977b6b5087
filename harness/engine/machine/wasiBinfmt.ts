/**
 * The binfmt_misc registration that runs WASI modules under crosscheck's WASI runner, as QEMU's
 * run foreign ELF files: a wasm file (magic `\0asm`, binary format version 1) executed in a check
 * container is handed to the runner, so an installCheck or a test suite runs `$out/bin/hello` as
 * it is. Unlike QEMU's it has no F flag: the kernel looks the interpreter up when a module is
 * executed, in the filesystem of the process that executes it, that is inside the container, where
 * the check mounts the runner (harness/emulate/wasi.ts) into an image with Node. On the machine
 * itself, and in containers without the runner, executing a wasm file fails as before (ENOENT).
 */
import { writeFile } from "node:fs/promises";
import { binfmtDir, binfmtRegistration, type BinfmtRegistration } from "./binfmt.ts";

export const wasiBinfmt = {
  name: "crosscheck-wasi",
  /** binfmt_misc's escapes for the first eight bytes of every wasm module. */
  magic: String.raw`\x00asm\x01\x00\x00\x00`,
  /** Where check containers have the runner: the registration names a path inside them. */
  interpreter: "/usr/libexec/crosscheck/wasi-run",
} as const;

/** The line written to binfmt_misc's register file (`:name:type:offset:magic:mask:interpreter:flags`). */
export const wasiRegisterLine = `:${wasiBinfmt.name}:M::${wasiBinfmt.magic}::${wasiBinfmt.interpreter}:`;

/** The kernel's entry, if any. */
export function wasiRegistration(): Promise<BinfmtRegistration | undefined> {
  return binfmtRegistration(wasiBinfmt.name);
}

/** Whether `registration` runs wasm modules with the runner: enabled, this interpreter, no F
 * flag (which would open the path on the machine, where there is no runner). */
export function wasiRegistrationProblem(registration: BinfmtRegistration | undefined): string | null {
  if (registration === undefined) return `binfmt ${wasiBinfmt.name} is not registered (crosscheck doctor --fix)`;
  if (!registration.enabled) return `binfmt ${wasiBinfmt.name} is disabled`;
  if (registration.interpreter !== wasiBinfmt.interpreter) return `binfmt ${wasiBinfmt.name} runs ${registration.interpreter}, not ${wasiBinfmt.interpreter}`;
  if (registration.fixBinary) return `binfmt ${wasiBinfmt.name} has the F flag, so its interpreter is looked up on the machine, not in the container`;
  return null;
}

/** Registers the entry, replacing one that is not right. Root only; true when something changed. */
export async function registerWasiBinfmt(): Promise<boolean> {
  const existing = await wasiRegistration();
  if (wasiRegistrationProblem(existing) === null) return false;
  // Writing -1 to an entry removes it; binfmt_misc refuses to register a name twice.
  if (existing !== undefined) await writeFile(`${binfmtDir}/${wasiBinfmt.name}`, "-1");
  await writeFile(`${binfmtDir}/register`, wasiRegisterLine);
  const problem = wasiRegistrationProblem(await wasiRegistration());
  if (problem !== null) throw new Error(problem);
  return true;
}
