import type { HostCpu } from "./elfMachine.ts";

/**
 * COFF machine values (IMAGE_FILE_MACHINE_*) and the machine a Windows host's binaries must
 * carry. Names are the ELF ones (elfMachine.ts) where the machine is the same, so a snapshot
 * says x86-64 of either kind of file.
 */
const machineNames: Record<number, string> = {
  0x014c: "i386",
  0x8664: "x86-64",
  0x01c0: "ARM",
  0x01c4: "ARMv7", // IMAGE_FILE_MACHINE_ARMNT: Thumb-2, what 32-bit ARM Windows runs
  0xaa64: "AArch64",
  0x5032: "RISC-V32",
  0x5064: "RISC-V64",
  0x0200: "IA-64",
};

export function peMachineName(machine: number): string {
  return machineNames[machine] ?? `unknown(0x${machine.toString(16).padStart(4, "0")})`;
}

export interface ExpectedPe {
  machine: string;
  format: "PE32" | "PE32+";
}

const machinesByFamily: Record<string, { 32?: string; 64?: string }> = {
  x86: { 32: "i386", 64: "x86-64" },
  arm: { 32: "ARMv7", 64: "AArch64" },
  riscv: { 32: "RISC-V32", 64: "RISC-V64" },
};

/** What a PE file built for this cpu looks like: PE32+ for 64-bit cpus. Undefined when Windows has no such machine. */
export function expectedPe(cpu: HostCpu): ExpectedPe | undefined {
  if (cpu.bits !== 32 && cpu.bits !== 64) return undefined;
  const machine = machinesByFamily[cpu.family]?.[cpu.bits];
  return machine === undefined ? undefined : { machine, format: cpu.bits === 64 ? "PE32+" : "PE32" };
}
