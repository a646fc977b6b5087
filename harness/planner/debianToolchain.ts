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
  matches(p: Platform): boolean;
}

const cpu = (p: Platform): string => p.parsed.cpu.name;
const abi = (p: Platform): string => p.parsed.abi.name;
const glibcLinux = (p: Platform): boolean => p.isLinux && p.libc === "glibc" && !p.isStatic;

/** Debian's glibc Linux architectures; the cpu/ABI rules follow Debian's baselines. */
const architectures: DebianArchitecture[] = [
  { arch: "amd64", triple: "x86_64-linux-gnu", matches: (p) => glibcLinux(p) && cpu(p) === "x86_64" },
  { arch: "arm64", triple: "aarch64-linux-gnu", matches: (p) => glibcLinux(p) && cpu(p) === "aarch64" },
  // armhf's baseline is ARMv7-A with VFPv3-D16: armv6l hard-float (Raspberry Pi 1) is not covered.
  {
    arch: "armhf",
    triple: "arm-linux-gnueabihf",
    matches: (p) => glibcLinux(p) && p.isArmv7 && abi(p) === "gnueabihf",
  },
  // armel's baseline is ARMv5TE soft-float, which ARMv5TE and later run.
  {
    arch: "armel",
    triple: "arm-linux-gnueabi",
    matches: (p) => glibcLinux(p) && p.isAarch32 && abi(p) === "gnueabi",
  },
  { arch: "i386", triple: "i686-linux-gnu", matches: (p) => glibcLinux(p) && cpu(p) === "i686" },
  { arch: "riscv64", triple: "riscv64-linux-gnu", matches: (p) => glibcLinux(p) && cpu(p) === "riscv64" },
  { arch: "ppc64el", triple: "powerpc64le-linux-gnu", matches: (p) => glibcLinux(p) && cpu(p) === "powerpc64le" },
  { arch: "s390x", triple: "s390x-linux-gnu", matches: (p) => glibcLinux(p) && cpu(p) === "s390x" },
  {
    arch: "mips64el",
    triple: "mips64el-linux-gnuabi64",
    matches: (p) => glibcLinux(p) && cpu(p) === "mips64el" && abi(p) === "gnuabi64",
  },
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
  const found = architectures.find((a) => a.matches(p));
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
  // musl-tools wraps the build machine's own gcc with a specs file, so it only targets the build
  // machine's cpu, and only amd64 is checked here.
  if (target.isLinux && target.isMusl && cpu(target) === "x86_64" && buildArch.arch === "amd64") {
    return {
      ok: true,
      toolchain: {
        debianPackages: ["binutils", "musl-tools"],
        debianTriple: "x86_64-linux-musl",
        targetPrefix,
        // What musl-gcc runs: the build machine's gcc with musl's specs, told where its assembler
        // and linker are (-B), since builds don't see the bare `as`/`ld` on PATH. C only (Debian has no musl C++ library);
        // binutils are the native ones.
        tools: Object.fromEntries(
          Object.entries(toolMap(targetPrefix, (tool) => (tool === "gcc" ? `${buildArch.triple}-gcc -B/usr/bin/ -specs /usr/lib/x86_64-linux-musl/musl-gcc.specs` : `${buildArch.triple}-${tool}`))).filter(
            ([exposed]) => !["c++", "g++"].includes(exposed.slice(targetPrefix.length)),
          ),
        ),
        sysroot: "/usr/lib/musl",
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
