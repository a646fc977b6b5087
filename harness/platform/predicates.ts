/**
 * The predicates of `lib.systems.inspect`: each is a pattern over the parsed platform, and an
 * elaborated platform carries every one of them as a boolean field (`isLinux`, `isAarch64`,
 * …). The rules below are the patterns written as code; kernels, cpus and ABIs are
 * singleton records, so "matches the record" is identity.
 */
import { abi } from "./abis.ts";
import { cpuTypes } from "./cpuTypes.ts";
import { kernels } from "./kernels.ts";
import type { Parsed } from "./parse.ts";

const family = (name: string, bits?: number) => (p: Parsed) =>
  p.cpu.family === name && (bits === undefined || p.cpu.bits === bits);
const kernelIs = (kernel: (typeof kernels)[keyof typeof kernels]) => (p: Parsed) => p.kernel === kernel;
const abiIn = (...names: Parameters<typeof abi>[0][]) => {
  const records = names.map(abi);
  return (p: Parsed) => records.includes(p.abi);
};
const inFamily = (f: "bsd" | "darwin") => (p: Parsed) => p.kernel.families.includes(f);

const isLinux = kernelIs(kernels.linux);
const isSunOS = kernelIs(kernels.solaris);
const isCygwin = kernelIs(kernels.cygwin);
const isRedox = kernelIs(kernels.redox);
const isBSD = inFamily("bsd");
const isDarwin = inFamily("darwin");

export const predicateRules = {
  isi686: (p: Parsed) => p.cpu === cpuTypes.i686,
  isx86_32: family("x86", 32),
  isx86_64: family("x86", 64),
  isPower: family("power"),
  isPower64: family("power", 64),
  isAbiElfv1: (p: Parsed) => p.abi.abi === "elfv1",
  // ELFv2 is what NixOS uses on big-endian ppc64 with musl, although mainline GCC does not.
  isAbiElfv2: (p: Parsed) => p.abi.abi === "elfv2" || (p.abi.name === "musl" && family("power", 64)(p)),
  isx86: family("x86"),
  isAarch32: family("arm", 32),
  isArmv7: (p: Parsed) => p.cpu.arch?.startsWith("armv7") ?? false,
  isAarch64: family("arm", 64),
  isAarch: family("arm"),
  isMicroBlaze: family("microblaze"),
  isMips: family("mips"),
  isMips32: family("mips", 32),
  isMips64: family("mips", 64),
  isMips64n32: (p: Parsed) => family("mips", 64)(p) && p.abi.abi === "n32",
  isMips64n64: (p: Parsed) => family("mips", 64)(p) && p.abi.abi === "64",
  isMmix: family("mmix"),
  isRiscV: family("riscv"),
  isRiscV32: family("riscv", 32),
  isRiscV64: family("riscv", 64),
  isRx: family("rx"),
  isSparc: family("sparc"),
  isSparc64: family("sparc", 64),
  isWasm: family("wasm"),
  isMsp430: family("msp430"),
  isVc4: family("vc4"),
  isAvr: family("avr"),
  isAlpha: family("alpha"),
  isOr1k: family("or1k"),
  isM68k: family("m68k"),
  isArc: family("arc"),
  isSh4: family("sh"),
  isS390: family("s390"),
  isS390x: family("s390", 64),
  isLoongArch64: family("loongarch", 64),
  isJavaScript: (p: Parsed) => p.cpu === cpuTypes.javascript,
  is32bit: (p: Parsed) => p.cpu.bits === 32,
  is64bit: (p: Parsed) => p.cpu.bits === 64,
  isILP32: (p: Parsed) => family("wasm", 32)(p) || ["n32", "ilp32", "x32"].includes(p.abi.abi ?? ""),
  isBigEndian: (p: Parsed) => p.cpu.significantByte === "bigEndian",
  isLittleEndian: (p: Parsed) => p.cpu.significantByte === "littleEndian",
  isBSD,
  isDarwin,
  isUnix: (p: Parsed) => isBSD(p) || isDarwin(p) || isLinux(p) || isSunOS(p) || isCygwin(p) || isRedox(p),
  isMacOS: kernelIs(kernels.macos),
  isiOS: kernelIs(kernels.ios),
  isLinux,
  isSunOS,
  // By name rather than record: the only kernel predicate written that way upstream.
  isFreeBSD: (p: Parsed) => p.kernel.name === "freebsd",
  isNetBSD: kernelIs(kernels.netbsd),
  isOpenBSD: kernelIs(kernels.openbsd),
  isWindows: kernelIs(kernels.windows),
  isCygwin,
  isMinGW: (p: Parsed) => p.kernel === kernels.windows && p.abi === abi("gnu"),
  isMsvc: (p: Parsed) => p.kernel === kernels.windows && p.abi === abi("msvc"),
  isWasi: kernelIs(kernels.wasi),
  isRedox,
  isGhcjs: kernelIs(kernels.ghcjs),
  isGenode: kernelIs(kernels.genode),
  isNone: kernelIs(kernels.none),
  isAndroid: abiIn("android", "androideabi"),
  isGnu: abiIn("gnuabi64", "gnuabin32", "gnu", "gnueabi", "gnueabihf", "gnuabielfv1", "gnuabielfv2"),
  isMusl: abiIn("musl", "musleabi", "musleabihf", "muslabin32", "muslabi64"),
  isUClibc: abiIn("uclibc", "uclibceabi", "uclibceabihf"),
  isEfi: (p: Parsed) =>
    (p.cpu.family === "arm" && ["6", "7", "8"].includes(p.cpu.version ?? "")) ||
    ["riscv", "x86", "loongarch"].includes(p.cpu.family),
  isUefi: kernelIs(kernels.uefi),
  isElf: (p: Parsed) => p.kernel.execFormat === "elf",
  isMacho: (p: Parsed) => p.kernel.execFormat === "macho",
  isPE: (p: Parsed) => p.kernel.execFormat === "pe",
  isEabi: (p: Parsed) => p.abi.eabi === true,
} satisfies Record<string, (p: Parsed) => boolean>;

export type PredicateName = keyof typeof predicateRules;
export type Predicates = Readonly<Record<PredicateName, boolean>>;

export const predicateNames = Object.freeze(Object.keys(predicateRules).sort() as PredicateName[]);

export function evaluatePredicates(parsed: Parsed): Predicates {
  const result = {} as Record<PredicateName, boolean>;
  for (const name of predicateNames) result[name] = predicateRules[name](parsed);
  return result;
}
