/**
 * ELF e_machine values and the machine a host platform's binaries must carry. Names follow
 * `readelf -h` loosely but stay short, since they end up in snapshots.
 */
const machineNames: Record<number, string> = {
  2: "SPARC",
  3: "i386",
  4: "m68k",
  8: "MIPS",
  18: "SPARC32PLUS",
  20: "PowerPC",
  21: "PowerPC64",
  22: "S390",
  40: "ARM",
  41: "Alpha",
  43: "SPARCV9",
  62: "x86-64",
  83: "AVR",
  92: "OpenRISC",
  105: "MSP430",
  173: "RX",
  183: "AArch64",
  189: "MicroBlaze",
  243: "RISC-V",
  247: "BPF",
  258: "LoongArch",
};

export function machineName(eMachine: number): string {
  return machineNames[eMachine] ?? `unknown(${eMachine})`;
}

export type Endian = "little" | "big";

/** The parsed cpu of a platform, as the platform module elaborates it (Nixpkgs' `parsed.cpu`). */
export interface HostCpu {
  name: string;
  bits: number;
  significantByte?: "littleEndian" | "bigEndian";
  family: string;
}

export interface ExpectedElf {
  /** Any of these machines is right (32-bit SPARC binaries come in two flavours). */
  machines: string[];
  elfClass: 32 | 64;
  endian: Endian;
}

/** Machines by cpu family, for 32- and 64-bit cpus of that family. */
const machinesByFamily: Record<string, { 32?: string[]; 64?: string[] }> = {
  x86: { 32: ["i386"], 64: ["x86-64"] },
  arm: { 32: ["ARM"], 64: ["AArch64"] },
  riscv: { 32: ["RISC-V"], 64: ["RISC-V"] },
  mips: { 32: ["MIPS"], 64: ["MIPS"] },
  power: { 32: ["PowerPC"], 64: ["PowerPC64"] },
  s390: { 32: ["S390"], 64: ["S390"] },
  sparc: { 32: ["SPARC", "SPARC32PLUS"], 64: ["SPARCV9"] },
  m68k: { 32: ["m68k"] },
  loongarch: { 64: ["LoongArch"] },
  microblaze: { 32: ["MicroBlaze"] },
  or1k: { 32: ["OpenRISC"] },
  alpha: { 64: ["Alpha"] },
  rx: { 32: ["RX"] },
};

/**
 * What an ELF file built for this cpu looks like, or undefined when crosscheck cannot tell
 * (a family without ELF, like wasm, or an 8/16-bit cpu): then no file is judged.
 */
export function expectedElf(cpu: HostCpu): ExpectedElf | undefined {
  if ((cpu.bits !== 32 && cpu.bits !== 64) || cpu.significantByte === undefined) return undefined;
  const machines = machinesByFamily[cpu.family]?.[cpu.bits];
  if (machines === undefined) return undefined;
  return { machines, elfClass: cpu.bits, endian: cpu.significantByte === "bigEndian" ? "big" : "little" };
}
