import type { Platform } from "../platform/index.ts";
import type { ToolchainInfo } from "./derivation.ts";

/**
 * Which Debian 12 packages give a C toolchain for a platform, on which build machines.
 *
 * All platform → Debian knowledge lives here. Debian names its architectures differently from
 * Nixpkgs (arm64, armhf, ppc64el) and its cross toolchains by GNU triple without vendor
 * (`aarch64-linux-gnu`); cross packages are `gcc-<triple>` (with `_` spelled `-`), the target's
 * libc comes as `libc6-dev-<arch>-cross` and lives in `/usr/<triple>`.
 */

interface DebianArchitecture {
  /** Debian architecture name (`dpkg --print-architecture`). */
  arch: string;
  triple: string;
  /** The triple of the architecture's musl (`musl-dev:<arch>`: `/usr/lib/<muslTriple>`, and a
   * `<muslTriple>-gcc` that runs the gnu gcc with musl's specs), where bookworm builds musl. */
  muslTriple?: string;
  /** What gcc needs besides musl's specs: Debian's gcc and libgcc are built for glibc. */
  muslGccFlags?: string;
  /** The cpu and ABI rules, whichever the libc: the ABI without its libc (`eabihf` of
   * `gnueabihf` and `musleabihf`). */
  matches(p: Platform): boolean;
}

const cpu = (p: Platform): string => p.parsed.cpu.name;
const abiVariant = (p: Platform): string => p.parsed.abi.name.replace(/^(gnu|musl)/, "");
const glibcLinux = (p: Platform): boolean => p.isLinux && p.libc === "glibc" && !p.isStatic;
const muslLinux = (p: Platform): boolean => p.isLinux && p.libc === "musl";

/** Debian's Linux architectures; the cpu/ABI rules follow Debian's baselines. */
const architectures: DebianArchitecture[] = [
  { arch: "amd64", triple: "x86_64-linux-gnu", muslTriple: "x86_64-linux-musl", matches: (p) => cpu(p) === "x86_64" },
  // libgcc's outline atomics (gcc 12's default on arm64) find the CPU's features through glibc's
  // __getauxval, which musl lacks: inline atomics keep libgcc's lse-init out of the link.
  { arch: "arm64", triple: "aarch64-linux-gnu", muslTriple: "aarch64-linux-musl", muslGccFlags: "-mno-outline-atomics", matches: (p) => cpu(p) === "aarch64" },
  // armhf's baseline is ARMv7-A with VFPv3-D16: armv6l hard-float (Raspberry Pi 1) is not covered.
  { arch: "armhf", triple: "arm-linux-gnueabihf", muslTriple: "arm-linux-musleabihf", matches: (p) => p.isArmv7 && abiVariant(p) === "eabihf" },
  // armel's baseline is ARMv5TE soft-float, which ARMv5TE and later run.
  { arch: "armel", triple: "arm-linux-gnueabi", muslTriple: "arm-linux-musleabi", matches: (p) => p.isAarch32 && abiVariant(p) === "eabi" },
  { arch: "i386", triple: "i686-linux-gnu", muslTriple: "i386-linux-musl", matches: (p) => cpu(p) === "i686" },
  // bookworm builds no musl for riscv64.
  { arch: "riscv64", triple: "riscv64-linux-gnu", matches: (p) => cpu(p) === "riscv64" },
  { arch: "ppc64el", triple: "powerpc64le-linux-gnu", muslTriple: "powerpc64le-linux-musl", matches: (p) => cpu(p) === "powerpc64le" },
  { arch: "s390x", triple: "s390x-linux-gnu", muslTriple: "s390x-linux-musl", matches: (p) => cpu(p) === "s390x" },
  { arch: "mips64el", triple: "mips64el-linux-gnuabi64", muslTriple: "mips64el-linux-musl", matches: (p) => cpu(p) === "mips64el" && abiVariant(p) === "abi64" },
];

/** Build machines crosscheck runs Debian on, and for which the cross packages below were checked
 * to exist in bookworm. */
const crossBuildArchitectures = new Set(["amd64"]);

const binutilsTools = ["ar", "as", "ld", "nm", "objcopy", "objdump", "ranlib", "readelf", "size", "strings", "strip"];
/** Nixpkgs' cc-wrapper exposes `cc`/`c++` beside `gcc`/`g++`; Debian only ships the gcc names. */
const compilerTools: Record<string, string> = { cc: "gcc", "c++": "g++", gcc: "gcc", "g++": "g++", cpp: "cpp" };

function toolMap(targetPrefix: string, commandFor: (tool: string) => string): Record<string, string> {
  const tools: Record<string, string> = {};
  for (const [exposed, debian] of Object.entries(compilerTools)) tools[`${targetPrefix}${exposed}`] = commandFor(debian);
  for (const tool of binutilsTools) tools[`${targetPrefix}${tool}`] = commandFor(tool);
  return tools;
}

/**
 * Debian 12's LLVM 14 for wasm32-wasi, as Nixpkgs' useLLVM stdenv has it: clang told its target
 * (`--target=wasm32-wasi`) and wasi-libc as its sysroot, lld's wasm-ld, LLVM's binutils. Debian
 * installs wasi-libc in clang's multiarch sysroot layout under /usr (include/wasm32-wasi,
 * lib/wasm32-wasi); `-nostdlibinc` keeps the build machine's own /usr/include and
 * /usr/local/include, which clang's driver searches after the sysroot's headers, out of wasm
 * builds. C only: Debian's libc++ for wasm32 is not wrapped. No assembler: clang assembles.
 * ld is wasm-ld, lld's wasm linker, called as such (ld.lld is its ELF linker).
 */
const wasiClang = "--target=wasm32-wasi --sysroot=/usr -nostdlibinc -isystem /usr/include/wasm32-wasi";
const wasiCompilers: Record<string, string> = {
  cc: `clang-14 ${wasiClang}`,
  clang: `clang-14 ${wasiClang}`,
  cpp: `clang-cpp-14 ${wasiClang}`,
  ld: "wasm-ld-14",
};
/** LLVM's binutils, as Nixpkgs' llvmPackages.bintools exposes them. */
const llvmBinutils = ["ar", "nm", "objcopy", "objdump", "ranlib", "readelf", "size", "strings", "strip"];

/** The compiler a wrapper wraps: Debian's gcc, or its clang (cc-wrapper's `isClang`). */
export type CompilerFamily = "gcc" | "clang";

export type ToolchainLookup = { ok: true; toolchain: ToolchainInfo } | { ok: false; reason: string };

/** The Debian architecture of a platform, if Debian has one for it. */
export function debianArchitecture(p: Platform): { arch: string; triple: string } | null {
  const found = glibcLinux(p) ? architectures.find((a) => a.matches(p)) : undefined;
  return found === undefined ? null : { arch: found.arch, triple: found.triple };
}

/**
 * The Debian toolchain installed on a `build` machine that emits code for `target`, exposed under
 * Nixpkgs' names with `targetPrefix` (empty when native).
 */
export function debianToolchain(build: Platform, target: Platform, targetPrefix: string, compiler: CompilerFamily = "gcc"): ToolchainLookup {
  const buildArch = debianArchitecture(build);
  if (buildArch === null) return { ok: false, reason: `the build platform ${build.config} is not a Debian architecture` };
  if (compiler === "clang") return debianClang(buildArch, target, targetPrefix);
  const targetArch = debianArchitecture(target);

  if (targetArch !== null && targetArch.arch === buildArch.arch) {
    return {
      ok: true,
      toolchain: {
        debianPackages: ["binutils", "g++", "gcc", "libc6-dev"],
        debianTriple: buildArch.triple,
        targetPrefix,
        // Debian installs the native tools under their triple-prefixed names too; the bare
        // names are what builds must not find when cross-compiling.
        tools: toolMap(targetPrefix, (tool) => `${buildArch.triple}-${tool}`),
        sysroot: null,
      },
    };
  }
  if (!crossBuildArchitectures.has(buildArch.arch)) {
    return { ok: false, reason: `no Debian cross toolchains are known for build machines of architecture ${buildArch.arch}` };
  }
  if (targetArch !== null) {
    const packageTriple = targetArch.triple.replaceAll("_", "-");
    return {
      ok: true,
      toolchain: {
        debianPackages: [
          `binutils-${packageTriple}`,
          `g++-${packageTriple}`,
          `gcc-${packageTriple}`,
          `libc6-dev-${targetArch.arch}-cross`,
          // The build machine runs i386 code natively (canExecute), which needs its loader and
          // libc where the binaries look for them, not only the cross sysroot.
          ...(targetArch.arch === "i386" && buildArch.arch === "amd64" ? ["libc6-i386"] : []),
        ],
        debianTriple: targetArch.triple,
        targetPrefix,
        tools: toolMap(targetPrefix, (tool) => `${targetArch.triple}-${tool}`),
        sysroot: `/usr/${targetArch.triple}`,
      },
    };
  }
  // musl-dev:<arch> is musl for gcc's <arch> compiler: musl's specs file, which points gcc at
  // musl's headers, crt files and libc, and its loader (musl:<arch>, /lib/ld-musl-*.so.1) for QEMU.
  // C only (Debian has no musl C++ library); binutils are the gnu toolchain's.
  const musl = muslLinux(target) ? architectures.find((a) => a.matches(target)) : undefined;
  if (musl?.muslTriple !== undefined) {
    const muslFlags = [musl.muslGccFlags, `-specs /usr/lib/${musl.muslTriple}/musl-gcc.specs`].filter((flag) => flag !== undefined).join(" ");
    const native = musl.arch === buildArch.arch;
    const packageTriple = musl.triple.replaceAll("_", "-");
    return {
      ok: true,
      toolchain: {
        debianPackages: native ? ["binutils", "musl-tools"] : [`binutils-${packageTriple}`, `gcc-${packageTriple}`, `musl-dev:${musl.arch}`],
        debianTriple: musl.muslTriple,
        targetPrefix,
        // Natively, gcc is told where its assembler and linker are (-B): builds don't see the
        // bare `as`/`ld` on PATH; a cross gcc finds its own.
        tools: Object.fromEntries(
          Object.entries(toolMap(targetPrefix, (tool) => (tool === "gcc" ? `${musl.triple}-gcc ${native ? "-B/usr/bin/ " : ""}${muslFlags}` : `${musl.triple}-${tool}`))).filter(
            ([exposed]) => !["c++", "g++"].includes(exposed.slice(targetPrefix.length)),
          ),
        ),
        sysroot: `/usr/lib/${musl.muslTriple}`,
      },
    };
  }
  if (target.isMinGW && (cpu(target) === "x86_64" || cpu(target) === "i686")) {
    const mingwTriple = `${cpu(target)}-w64-mingw32`;
    const packageArch = cpu(target).replaceAll("_", "-");
    return {
      ok: true,
      toolchain: {
        debianPackages: [
          `binutils-mingw-w64-${packageArch}`,
          `g++-mingw-w64-${packageArch}`,
          `gcc-mingw-w64-${packageArch}`,
          `mingw-w64-${packageArch}-dev`,
        ],
        debianTriple: mingwTriple,
        targetPrefix,
        tools: toolMap(targetPrefix, (tool) => `${mingwTriple}-${tool}`),
        sysroot: `/usr/${mingwTriple}`,
      },
    };
  }
  // wasm32 has no gcc: its platforms are useLLVM's, whose stdenv.cc is the catalog's clang.
  const llvmOnly = target.isWasm ? " (wasm is LLVM's: a useLLVM platform, compiled by the catalog's clang)" : "";
  return { ok: false, reason: `Debian 12 has no gcc toolchain for ${target.config} on ${buildArch.arch}${llvmOnly}` };
}

/** Debian's clang for `target`: the build machine's own, or wasm32-wasi with wasi-libc on amd64. */
function debianClang(buildArch: { arch: string; triple: string }, target: Platform, targetPrefix: string): ToolchainLookup {
  const llvmTools = (prefix: string) => Object.fromEntries(llvmBinutils.map((tool) => [`${prefix}${tool}`, `llvm-${tool}-14`]));
  if (debianArchitecture(target)?.arch === buildArch.arch) {
    const native = { cc: "clang-14", clang: "clang-14", "c++": "clang++-14", "clang++": "clang++-14", cpp: "clang-cpp-14", ld: "ld.lld-14" };
    return {
      ok: true,
      toolchain: {
        // clang-14 links with the native gcc's crt files and libgcc, as Debian's clang does.
        debianPackages: ["clang-14", "libc6-dev", "lld-14", "llvm-14"],
        debianTriple: buildArch.triple,
        targetPrefix,
        tools: { ...Object.fromEntries(Object.entries(native).map(([tool, command]) => [`${targetPrefix}${tool}`, command])), ...llvmTools(targetPrefix) },
        sysroot: null,
      },
    };
  }
  if (!(target.isWasi && cpu(target) === "wasm32")) {
    return { ok: false, reason: `crosscheck wraps Debian 12's clang for the build machine and wasm32-wasi only, not for ${target.config}` };
  }
  if (!crossBuildArchitectures.has(buildArch.arch)) {
    return { ok: false, reason: `no Debian cross toolchains are known for build machines of architecture ${buildArch.arch}` };
  }
  return {
    ok: true,
    toolchain: {
      debianPackages: ["clang-14", "libclang-rt-14-dev-wasm32", "lld-14", "llvm-14", "wasi-libc"],
      debianTriple: "wasm32-wasi",
      targetPrefix,
      tools: { ...Object.fromEntries(Object.entries(wasiCompilers).map(([tool, command]) => [`${targetPrefix}${tool}`, command])), ...llvmTools(targetPrefix) },
      sysroot: "/usr",
    },
  };
}
