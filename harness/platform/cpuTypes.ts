/**
 * The closed set of CPU types Nixpkgs' `lib.systems.parse.cpuTypes` accepts. A record is
 * looked up by its name (or an alias) and compared by identity afterwards: every parsed
 * platform points into this table, so two platforms have the same cpu iff they hold the
 * same record.
 */

export type SignificantByte = "bigEndian" | "littleEndian";

export interface CpuType {
  readonly name: string;
  readonly bits: 8 | 16 | 32 | 64;
  /** Absent for 8-bit CPUs, where endianness means nothing. */
  readonly significantByte?: SignificantByte;
  readonly family: string;
  readonly version?: string;
  readonly arch?: string;
}

type CpuFields = Omit<CpuType, "name">;

const LE: SignificantByte = "littleEndian";
const BE: SignificantByte = "bigEndian";

const arm = (version: string | undefined, arch: string | undefined, bits: 32 | 64 = 32, significantByte: SignificantByte = LE): CpuFields => ({
  bits,
  significantByte,
  family: "arm",
  ...(version === undefined ? {} : { version }),
  ...(arch === undefined ? {} : { arch }),
});
const x86 = (bits: 32 | 64, arch: string): CpuFields => ({ bits, significantByte: LE, family: "x86", arch });
const plain = (family: string, bits: 16 | 32 | 64, significantByte: SignificantByte): CpuFields => ({ bits, significantByte, family });

const fields: Record<string, CpuFields> = {
  arm: arm(undefined, undefined),
  armv5tel: arm("5", "armv5t"),
  armv6m: arm("6", "armv6-m"),
  armv6l: arm("6", "armv6"),
  armv7a: arm("7", "armv7-a"),
  armv7r: arm("7", "armv7-r"),
  armv7m: arm("7", "armv7-m"),
  armv7l: arm("7", "armv7"),
  armv8a: arm("8", "armv8-a"),
  // Nixpkgs gives armv8r the arch of armv8a, not "armv8-r".
  armv8r: arm("8", "armv8-a"),
  armv8m: arm("8", "armv8-m"),
  aarch64: arm("8", "armv8-a", 64),
  aarch64_be: arm("8", "armv8-a", 64, BE),

  i386: x86(32, "i386"),
  i486: x86(32, "i486"),
  i586: x86(32, "i586"),
  i686: x86(32, "i686"),
  x86_64: x86(64, "x86-64"),

  microblaze: plain("microblaze", 32, BE),
  microblazeel: plain("microblaze", 32, LE),
  mips: plain("mips", 32, BE),
  mipsel: plain("mips", 32, LE),
  mips64: plain("mips", 64, BE),
  mips64el: plain("mips", 64, LE),
  mmix: plain("mmix", 64, BE),
  m68k: plain("m68k", 32, BE),
  sh4: plain("sh", 32, LE),
  powerpc: plain("power", 32, BE),
  powerpc64: plain("power", 64, BE),
  powerpc64le: plain("power", 64, LE),
  powerpcle: plain("power", 32, LE),
  riscv32: plain("riscv", 32, LE),
  riscv64: plain("riscv", 64, LE),
  s390: plain("s390", 32, BE),
  s390x: plain("s390", 64, BE),
  sparc: plain("sparc", 32, BE),
  sparc64: plain("sparc", 64, BE),
  wasm32: plain("wasm", 32, LE),
  wasm64: plain("wasm", 64, LE),
  alpha: plain("alpha", 64, LE),
  rx: plain("rx", 32, LE),
  msp430: plain("msp430", 16, LE),
  avr: { bits: 8, family: "avr" },
  vc4: plain("vc4", 32, LE),
  or1k: plain("or1k", 32, BE),
  arc: plain("arc", 32, LE),
  loongarch64: plain("loongarch", 64, LE),
  javascript: plain("javascript", 32, LE),
};

export const cpuTypes: Readonly<Record<string, CpuType>> = Object.freeze(
  Object.fromEntries(Object.entries(fields).map(([name, f]) => [name, Object.freeze({ name, ...f })])),
);

/**
 * Names that resolve to another record. `arm64` is Apple's spelling (what `darwinArch` renders
 * and LLVM ≥ 20 wants); it parses to the aarch64 record, name and all.
 */
const aliases: Readonly<Record<string, string>> = { arm64: "aarch64" };

export function lookupCpuType(name: string): CpuType | undefined {
  return Object.hasOwn(cpuTypes, name) ? cpuTypes[name] : Object.hasOwn(aliases, name) ? cpuTypes[aliases[name]!] : undefined;
}

/** Every name the parser accepts for a cpu, aliases included (for "did you mean"). */
export const cpuTypeNames: readonly string[] = [...Object.keys(cpuTypes), ...Object.keys(aliases)];
