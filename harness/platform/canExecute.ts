/**
 * Whether a machine of one platform runs programs built for another (upstream's
 * `canExecute`). Vendor, ABI and libc do not matter; the cpu must be compatible, the kernel
 * the same, Android must match Android, and on the same cpu the program's gcc.arch must be
 * one the machine's gcc.arch can run.
 */
import { archCanExecute } from "./architectures.ts";
import type { CpuType } from "./cpuTypes.ts";
import type { Platform } from "./platform.ts";

/**
 * One-step "newer runs older" edges; compatibility is their reflexive-transitive closure.
 * Since Nixpkgs 22.11 CPUs that need a mode switch (aarch64 ↔ armv7) are not compatible, and
 * since 2026 riscv64 no longer runs riscv32 nor wasm64 wasm32.
 */
const runsDirectly: Readonly<Record<string, readonly string[]>> = {
  i486: ["i386"],
  i586: ["i486"],
  i686: ["i586"],
  // Not true everywhere (WSL 1, for one), but the rule upstream.
  x86_64: ["i686"],
  armv5tel: ["arm"],
  armv6l: ["armv5tel", "armv6m"],
  armv7l: ["armv6l"],
  armv7a: ["armv7l", "armv7m"],
  armv7r: ["armv7l", "armv7m"],
  aarch64: ["armv8a"],
  powerpc64: ["powerpc"],
  powerpc64le: ["powerpcle"],
  mips64: ["mips"],
  mips64el: ["mipsel"],
  sparc64: ["sparc"],
};

const compatibleCache = new Map<string, ReadonlySet<string>>();

function runnableCpus(cpu: string): ReadonlySet<string> {
  let found = compatibleCache.get(cpu);
  if (found === undefined) {
    const set = new Set([cpu]);
    for (const older of Object.hasOwn(runsDirectly, cpu) ? runsDirectly[cpu]! : []) {
      for (const cpuName of runnableCpus(older)) set.add(cpuName);
    }
    found = set;
    compatibleCache.set(cpu, found);
  }
  return found;
}

/** Whether cpu `machine` runs code built for cpu `code` (upstream `parse.isCompatible`). */
export function cpuIsCompatible(machine: CpuType, code: CpuType): boolean {
  return machine === code || runnableCpus(machine.name).has(code.name);
}

function gccArch(platform: Platform): string | undefined {
  const arch = platform.gcc["arch"];
  return typeof arch === "string" ? arch : undefined;
}

export function canExecute(machine: Platform, program: Platform): boolean {
  if (machine.isAndroid !== program.isAndroid) return false;
  if (!cpuIsCompatible(machine.parsed.cpu, program.parsed.cpu)) return false;
  if (machine.parsed.kernel !== program.parsed.kernel) return false;
  // Across cpu types compatibility already implies the instructions; on the same type the
  // program may have been built for a newer microarchitecture than the machine has.
  if (machine.parsed.cpu !== program.parsed.cpu) return true;
  const programArch = gccArch(program);
  if (programArch === undefined) return true;
  const machineArch = gccArch(machine);
  return machineArch !== undefined && archCanExecute(machineArch, programArch);
}
