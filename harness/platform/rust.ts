/**
 * The `rust` attributes of an elaborated platform: rustc's target name and the cfg values
 * (`target_arch`, `target_os`, …) for it. Rust names some targets differently from LLVM
 * triples (armv7, riscv64gc, wasm32-wasip1), hence the adjustments below.
 */
import type { RustArgs } from "./args.ts";
import type { Parsed } from "./parse.ts";
import type { Predicates } from "./predicates.ts";

export interface RustPlatform {
  readonly arch: unknown;
  readonly os: unknown;
  readonly "target-family": unknown;
  readonly vendor: unknown;
  readonly [attribute: string]: unknown;
}

export interface RustAttrs {
  readonly platform: RustPlatform;
  /** The standard target name, or the custom target spec file name. */
  readonly rustcTargetSpec: string;
  readonly rustcTarget: string;
  /** The name Cargo uses for its target subdirectory. */
  readonly cargoShortTarget: string;
  /** The target as it appears in Cargo environment variable names. */
  readonly cargoEnvVarTarget: string;
  readonly isNoStdTarget: boolean;
  readonly [attribute: string]: unknown;
}

const rustCpuNames: Readonly<Record<string, string>> = {
  armv7a: "armv7",
  armv7l: "armv7",
  armv6l: "arm",
  armv5tel: "armv5te",
  riscv32: "riscv32gc",
  riscv64: "riscv64gc",
};

type Attrs = Readonly<Record<string, unknown>>;

const attrsOf = (value: unknown): Attrs | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Attrs) : undefined;
const stringOf = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/**
 * `given` is the user's `rust` (or deprecated `rustc`) attribute set; `rustArgs`/`rustcArgs`
 * are the two as given, since a few settings are read from one spelling only.
 */
export function rustAttrs(
  parsed: Parsed,
  is: Predicates,
  rustArgs: RustArgs | undefined,
  rustcArgs: Attrs | undefined,
): RustAttrs {
  const given: Attrs = rustArgs ?? rustcArgs ?? {};
  const givenPlatform = attrsOf(given["platform"]);
  const { cpu, vendor, kernel, abi } = parsed;

  const arch =
    givenPlatform !== undefined
      ? givenPlatform["arch"]
      : is.isAarch32
        ? "arm"
        : is.isMips64
          ? "mips64" // never with an "el" suffix
          : is.isPower64
            ? "powerpc64" // never with an "le" suffix
            : cpu.name;
  const os =
    givenPlatform !== undefined
      ? (givenPlatform["os"] ?? "none")
      : is.isDarwin
        ? "macos"
        : is.isWasm && !is.isWasi
          ? "unknown" // for wasm32-unknown-unknown
          : kernel.name;
  const rustcFamily = attrsOf(rustcArgs?.["platform"])?.["target-family"];
  const targetFamily =
    attrsOf(rustArgs?.platform)?.["target-family"] ??
    (rustcFamily !== undefined
      ? // rustc's target-family became a list (rust-lang/rust#84072).
        Array.isArray(rustcFamily)
        ? rustcFamily
        : [rustcFamily]
      : [...(is.isUnix ? ["unix"] : []), ...(is.isWindows ? ["windows"] : []), ...(is.isWasm ? ["wasm"] : [])]);
  const rustVendor = givenPlatform?.["vendor"] ?? (vendor.name === "w64" ? "pc" : vendor.name);
  const platform: RustPlatform = { ...givenPlatform, arch, os, "target-family": targetFamily, vendor: rustVendor };

  const cpuName = stringOf(givenPlatform?.["arch"]) ?? rustCpuNames[cpu.name] ?? cpu.name;
  // Nixpkgs is explicit about the POWER ELF ABI with glibc; Rust only knows "gnu".
  const abiName = cpu.name.startsWith("powerpc") && abi.name.startsWith("gnuabielfv") ? "gnu" : abi.name;
  const inferred = is.isWasi
    ? // Rust spells WASI `wasm32-wasip1`; 0.1 stays the default for compatibility.
      `${cpuName}-wasip1`
    : `${cpuName}-${String(rustVendor)}-${kernel.name}${abi.name === "unknown" ? "" : `-${abiName}`}`;
  const rustcTargetSpec =
    stringOf(rustArgs?.rustcTargetSpec) ??
    stringOf(rustcArgs?.["config"]) ??
    (givenPlatform !== undefined
      ? // Upstream writes the custom spec to a store file named like this; its store hash
        // is not modelled.
        `${stringOf(given["rustcTarget"]) ?? inferred}.json`
      : (stringOf(rustArgs?.rustcTarget) ?? inferred));
  const cargoShortTarget = rustcTargetSpec.slice(rustcTargetSpec.lastIndexOf("/") + 1).replace(/\.json$/, "");
  const rustcTarget = stringOf(given["rustcTarget"]) ?? cargoShortTarget;
  return {
    ...given,
    platform,
    rustcTargetSpec,
    rustcTarget,
    cargoShortTarget,
    cargoEnvVarTarget: cargoShortTarget.toUpperCase().replaceAll("-", "_"),
    isNoStdTarget: ["-none", "nvptx", "switch", "-uefi"].some((infix) => rustcTarget.includes(infix)),
  };
}
