/**
 * A platform written the way the conformance vectors (and `nix eval --json` of the same
 * expressions) write it, so crosscheck's answer can be diffed against Nixpkgs' own.
 * Evaluated relative to an x86_64-linux machine, as the vectors are.
 */
import { elaborate } from "./elaborate.ts";
import { emulatorFor, staticEmulatorAvailable } from "./emulator.ts";
import type { Platform } from "./platform.ts";
import { predicateNames, type PredicateName } from "./predicates.ts";

/** How the vectors write an attribute whose evaluation throws. */
export const evaluationThrew = Object.freeze({ __error: "evaluation threw (throw/assert)" });

export interface EvalRecord {
  system: string;
  config: string;
  libc: string | null;
  isStatic: boolean;
  linker: string;
  useLLVM: boolean;
  parsed: {
    cpu: {
      name: string;
      bits: number;
      significantByte: string | null;
      family: string;
      version: string | null;
      arch: string | null;
    };
    vendor: string;
    kernel: { name: string; version: string | null; execFormat: string; families: string[] };
    abi: { name: string; float: string | null; abi: string | null };
  };
  predicates: Record<PredicateName, boolean>;
  hasSharedLibraries: boolean;
  libDir: string | null;
  extensions: { sharedLibrary: string | null; staticLibrary: string; executable: string };
  linuxArch: string;
  qemuArch: string | null;
  uname: { system: string | null; processor: string; release: null };
  rustcTarget: string;
  darwinArch: string;
  gccAttrs: Readonly<Record<string, unknown>>;
  canBeExecutedByX86_64Linux: boolean;
  emulatorAvailable_onX86_64Linux: boolean;
  staticEmulatorAvailable_onX86_64Linux: boolean;
  emulator_onX86_64Linux: string | typeof evaluationThrew;
}

let x86_64Linux: Platform | undefined;

export function toEvalRecord(platform: Platform): EvalRecord {
  x86_64Linux ??= elaborate({ system: "x86_64-linux" });
  const { cpu, vendor, kernel, abi } = platform.parsed;
  const emulator = emulatorFor(x86_64Linux, platform);
  return {
    system: platform.system,
    config: platform.config,
    libc: platform.libc,
    isStatic: platform.isStatic,
    linker: platform.linker,
    useLLVM: platform.useLLVM,
    parsed: {
      cpu: {
        name: cpu.name,
        bits: cpu.bits,
        significantByte: cpu.significantByte ?? null,
        family: cpu.family,
        version: cpu.version ?? null,
        arch: cpu.arch ?? null,
      },
      vendor: vendor.name,
      kernel: {
        name: kernel.name,
        version: kernel.version ?? null,
        execFormat: kernel.execFormat,
        families: [...kernel.families],
      },
      abi: { name: abi.name, float: abi.float ?? null, abi: abi.abi ?? null },
    },
    predicates: Object.fromEntries(predicateNames.map((name) => [name, platform[name]])) as Record<
      PredicateName,
      boolean
    >,
    hasSharedLibraries: platform.hasSharedLibraries,
    libDir: platform.libDir,
    extensions: {
      sharedLibrary: platform.extensions.sharedLibrary ?? null,
      staticLibrary: platform.extensions.staticLibrary,
      executable: platform.extensions.executable,
    },
    linuxArch: platform.linuxArch,
    qemuArch: platform.qemuArch,
    uname: platform.uname,
    rustcTarget: platform.rust.rustcTarget,
    darwinArch: platform.darwinArch,
    gccAttrs: platform.gcc,
    canBeExecutedByX86_64Linux: x86_64Linux.canExecute(platform),
    emulatorAvailable_onX86_64Linux: emulator !== null,
    staticEmulatorAvailable_onX86_64Linux: staticEmulatorAvailable(x86_64Linux, platform),
    emulator_onX86_64Linux: emulator?.nixpkgsPath ?? evaluationThrew,
  };
}
