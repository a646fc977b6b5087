/**
 * Nixpkgs' `lib.systems.examples` (master of 2026): the named platforms of `pkgsCross.*`.
 * Each is the attribute set handed to `elaborate`, with its hardware preset merged in.
 */
import type { PlatformArgs } from "./args.ts";
import { gccPresets } from "./gccPresets.ts";

type Mutable = Record<string, unknown>;

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** `lib.recursiveUpdate`: nested attribute sets merge, anything else is replaced. */
function recursiveUpdate(base: Readonly<Mutable>, update: Readonly<Mutable>): Mutable {
  const result: Mutable = { ...base };
  for (const [key, value] of Object.entries(update)) {
    const old = result[key];
    const bothSets = [old, value].every((v) => typeof v === "object" && v !== null && !Array.isArray(v));
    result[key] = bothSets ? recursiveUpdate(old as Mutable, value as Mutable) : value;
  }
  return result;
}

const riscv = (bits: string): PlatformArgs => ({ config: `riscv${bits}-unknown-linux-gnu` });
const embedded = (config: string): PlatformArgs => ({ config, libc: "newlib" });

const ppc64ElfV2: PlatformArgs = { config: "powerpc64-unknown-linux-gnuabielfv2" };
const raspberryPi: PlatformArgs = { config: "armv6l-unknown-linux-gnueabihf", ...gccPresets.raspberrypi };
const mipsel32r2: PlatformArgs = { config: "mipsel-unknown-linux-gnu", ...gccPresets.gcc_mips32r2_o32 };
const mingwMsvcrtI686: PlatformArgs = {
  config: "i686-w64-mingw32",
  // The libc is what tells the mingw (non-posix) toolchains apart.
  libc: "msvcrt",
};
const mingwMsvcrtX86_64: PlatformArgs = { config: "x86_64-w64-mingw32", libc: "msvcrt" };
const mingwUcrtX86_64: PlatformArgs = { config: "x86_64-w64-mingw32", libc: "ucrt" };
const mingwUcrtAarch64: PlatformArgs = {
  config: "aarch64-w64-mingw32",
  libc: "ucrt",
  rust: { rustcTarget: "aarch64-pc-windows-gnullvm" },
  // GCC does not support this platform yet.
  useLLVM: true,
};
const loongarch64Linux = recursiveUpdate(gccPresets["loongarch64-multiplatform"], {
  config: "loongarch64-unknown-linux-gnu",
});

const table: Record<string, PlatformArgs> = {
  // Linux
  powernv: { config: "powerpc64le-unknown-linux-gnu" },
  "musl-power": { config: "powerpc64le-unknown-linux-musl" },
  "ppc64-elfv1": { config: "powerpc64-unknown-linux-gnuabielfv1" },
  "ppc64-elfv2": ppc64ElfV2,
  ppc64: ppc64ElfV2,
  "ppc64-musl": { config: "powerpc64-unknown-linux-musl", gcc: { abi: "elfv2" } },
  ppc32: { config: "powerpc-unknown-linux-gnu", rust: { rustcTarget: "powerpc-unknown-linux-gnu" } },
  "armv5tel-multiplatform": { config: "armv5tel-unknown-linux-gnueabi" },
  raspberryPi,
  bluefield2: { config: "aarch64-unknown-linux-gnu", ...gccPresets.bluefield2 },
  remarkable1: { config: "armv7l-unknown-linux-gnueabihf", ...gccPresets["zero-gravitas"] },
  remarkable2: { config: "armv7l-unknown-linux-gnueabihf", ...gccPresets["zero-sugar"] },
  "armv7l-hf-multiplatform": { config: "armv7l-unknown-linux-gnueabihf" },
  "aarch64-multiplatform": { config: "aarch64-unknown-linux-gnu" },
  "armv7a-android-prebuilt": {
    config: "armv7a-unknown-linux-androideabi",
    rust: { rustcTarget: "armv7-linux-androideabi" },
    androidSdkVersion: "35",
    androidNdkVersion: "27",
    useAndroidPrebuilt: true,
    ...gccPresets["armv7a-android"],
  },
  "aarch64-android-prebuilt": {
    config: "aarch64-unknown-linux-android",
    rust: { rustcTarget: "aarch64-linux-android" },
    androidSdkVersion: "35",
    androidNdkVersion: "27",
    useAndroidPrebuilt: true,
  },
  "aarch64-android": {
    config: "aarch64-unknown-linux-android",
    androidSdkVersion: "35",
    androidNdkVersion: "27",
    libc: "bionic",
    useAndroidPrebuilt: false,
    useLLVM: true,
  },
  "ben-nanonote": { config: "mipsel-unknown-linux-uclibc", ...gccPresets.ben_nanonote },
  fuloongminipc: { config: "mipsel-unknown-linux-gnu", ...gccPresets.fuloong2f_n32 },
  "mips-linux-gnu": { config: "mips-unknown-linux-gnu", ...gccPresets.gcc_mips32r2_o32 },
  "mipsel-linux-gnu": mipsel32r2,
  "mips64-linux-gnuabin32": { config: "mips64-unknown-linux-gnuabin32", ...gccPresets.gcc_mips64r2_n32 },
  "mips64el-linux-gnuabin32": { config: "mips64el-unknown-linux-gnuabin32", ...gccPresets.gcc_mips64r2_n32 },
  "mips64-linux-gnuabi64": { config: "mips64-unknown-linux-gnuabi64", ...gccPresets.gcc_mips64r2_64 },
  "mips64el-linux-gnuabi64": { config: "mips64el-unknown-linux-gnuabi64", ...gccPresets.gcc_mips64r2_64 },
  muslpi: { ...raspberryPi, config: "armv6l-unknown-linux-musleabihf" },
  "aarch64-multiplatform-musl": { config: "aarch64-unknown-linux-musl" },
  gnu64: { config: "x86_64-unknown-linux-gnu" },
  gnu32: { config: "i686-unknown-linux-gnu" },
  musl64: { config: "x86_64-unknown-linux-musl" },
  musl32: { config: "i686-unknown-linux-musl" },
  riscv64: riscv("64"),
  riscv32: riscv("32"),
  "riscv64-musl": { config: "riscv64-unknown-linux-musl" },
  "riscv64-embedded": embedded("riscv64-none-elf"),
  "riscv32-embedded": embedded("riscv32-none-elf"),
  "mips64-embedded": embedded("mips64-none-elf"),
  "mips-embedded": embedded("mips-none-elf"),
  "loongarch64-linux": loongarch64Linux,
  "loongarch64-linux-embedded": recursiveUpdate(gccPresets["loongarch64-multiplatform"], {
    config: "loongarch64-unknown-linux-gnu",
    gcc: { arch: "loongarch64", "strict-align": true },
  }),
  mmix: embedded("mmix-unknown-mmixware"),
  "rx-embedded": embedded("rx-none-elf"),
  msp430: embedded("msp430-elf"),
  avr: { config: "avr" },
  vc4: embedded("vc4-elf"),
  or1k: embedded("or1k-elf"),
  m68k: { config: "m68k-unknown-linux-gnu" },
  arc: { config: "arc-unknown-linux-gnu" },
  sh4: { config: "sh4-unknown-linux-gnu" },
  s390: { config: "s390-unknown-linux-gnu" },
  s390x: { config: "s390x-unknown-linux-gnu" },
  "arm-embedded": embedded("arm-none-eabi"),
  "arm-embedded-nano": { config: "arm-none-eabi", libc: "newlib-nano" },
  "armhf-embedded": {
    config: "arm-none-eabihf",
    libc: "newlib",
    // GCC 8 and later do not build for it without an explicit arch and fpu.
    gcc: { arch: "armv5t", fpu: "vfp" },
  },
  "aarch64-embedded": { ...embedded("aarch64-none-elf"), rust: { rustcTarget: "aarch64-unknown-none" } },
  "aarch64be-embedded": embedded("aarch64_be-none-elf"),
  "ppc-embedded": embedded("powerpc-none-eabi"),
  "ppcle-embedded": embedded("powerpcle-none-eabi"),
  "i686-embedded": embedded("i686-elf"),
  "x86_64-embedded": embedded("x86_64-elf"),
  "microblaze-embedded": embedded("microblazeel-none-elf"),

  // Darwin
  iphone64: {
    config: "arm64-apple-ios",
    darwinSdkVersion: "14.3",
    xcodeVer: "12.3",
    xcodePlatform: "iPhoneOS",
    useiOSPrebuilt: true,
  },
  "iphone64-simulator": {
    config: "x86_64-apple-ios",
    darwinSdkVersion: "14.3",
    xcodeVer: "12.3",
    xcodePlatform: "iPhoneSimulator",
    darwinPlatform: "ios-simulator",
    useiOSPrebuilt: true,
  },
  "aarch64-darwin": { config: "arm64-apple-darwin", xcodePlatform: "MacOSX", platform: {} },
  "x86_64-darwin": { config: "x86_64-apple-darwin", xcodePlatform: "MacOSX", platform: {} },

  // UEFI
  "x86_64-unknown-uefi": { config: "x86_64-unknown-uefi", libc: null, useLLVM: true, linker: "lld" },
  "aarch64-unknown-uefi": { config: "aarch64-unknown-uefi", libc: null, useLLVM: true, linker: "lld" },

  // Windows
  "mingw-msvcrt-i686": mingwMsvcrtI686,
  "mingw-msvcrt-x86_64": mingwMsvcrtX86_64,
  "mingw-ucrt-x86_64": mingwUcrtX86_64,
  "mingw-ucrt-x86_64-llvm": {
    config: "x86_64-w64-mingw32",
    libc: "ucrt",
    rust: { rustcTarget: "x86_64-pc-windows-gnullvm" },
    useLLVM: true,
  },
  "mingw-ucrt-aarch64": mingwUcrtAarch64,
  // Older names of the mingw examples, kept upstream for compatibility.
  mingw32: mingwMsvcrtI686,
  mingwW64: mingwMsvcrtX86_64,
  ucrt64: mingwUcrtX86_64,
  ucrtAarch64: mingwUcrtAarch64,
  "x86_64-windows": { config: "x86_64-pc-windows-msvc", useLLVM: true },
  "aarch64-windows": { config: "aarch64-pc-windows-msvc", useLLVM: true },
  "x86_64-cygwin": { config: "x86_64-pc-cygwin" },

  // BSDs
  "aarch64-freebsd": { config: "aarch64-unknown-freebsd", useLLVM: true },
  "x86_64-freebsd": { config: "x86_64-unknown-freebsd", useLLVM: true },
  "x86_64-netbsd": { config: "x86_64-unknown-netbsd" },
  // Upstream notes this one never fully worked.
  "x86_64-netbsd-llvm": { config: "x86_64-unknown-netbsd", useLLVM: true },
  "x86_64-openbsd": { config: "x86_64-unknown-openbsd", useLLVM: true },

  // WASM
  wasi32: { config: "wasm32-unknown-wasi", useLLVM: true },
  "wasm32-unknown-none": {
    config: "wasm32-unknown-none",
    rust: { rustcTarget: "wasm32-unknown-unknown" },
    useLLVM: true,
  },

  // GHCJS: a triple special to GHC/Cabal, unknown to autotools.
  ghcjs: { config: "javascript-unknown-ghcjs" },
};

export const examples: Readonly<Record<string, PlatformArgs>> = deepFreeze(table);

export const exampleNames: readonly string[] = Object.freeze(Object.keys(examples));
