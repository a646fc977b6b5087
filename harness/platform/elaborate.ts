/**
 * `lib.systems.elaborate` (Nixpkgs master, 2026): from a spec to a full platform. Upstream
 * builds a self-referential record and merges the user's attributes over it (`// args`), so
 * every derived attribute sees the *final* value of the ones it depends on: a given
 * `useLLVM` changes `linker`, a given `isStatic` changes `hasSharedLibraries`, a given `gcc`
 * changes the feature predicates. Here each attribute is computed in dependency order and
 * the user's value, when given, is taken instead.
 */
import { UserError } from "../userError.ts";
import { architecturePredicateNames, architecturePredicateRules, type ArchitecturePredicates } from "./architectures.ts";
import type { PlatformArgs, PlatformSpec, RustArgs } from "./args.ts";
import { canExecute } from "./canExecute.ts";
import { exampleNames, examples } from "./examples.ts";
import { defaultGcc, type GccAttrs } from "./gccPresets.ts";
import { parseSystem, type Parsed } from "./parse.ts";
import type { Extensions, Platform, Uname } from "./platform.ts";
import { evaluatePredicates, predicateNames, type Predicates } from "./predicates.ts";
import { darwinArch as darwinArchOf, doubleFromParsed, tripleFromParsed } from "./render.ts";
import { rustAttrs } from "./rust.ts";
import { specToArgs } from "./spec.ts";
import { closestNames } from "../suggest.ts";

type Attrs = Readonly<Record<string, unknown>>;

const isAttrs = (value: unknown): value is Attrs =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The type each overridable attribute must have, so a typo'd spec fails here, not later. */
const expectedTypes: Readonly<Record<string, (value: unknown) => boolean>> = {
  config: (v) => typeof v === "string",
  system: (v) => typeof v === "string",
  libc: (v) => typeof v === "string" || v === null,
  linker: (v) => typeof v === "string",
  gcc: (v) => isAttrs(v) && (v["arch"] === undefined || typeof v["arch"] === "string"),
  rust: isAttrs,
  rustc: isAttrs,
  extensions: isAttrs,
  uname: isAttrs,
  ...Object.fromEntries(
    [
      ...predicateNames,
      ...architecturePredicateNames,
      "isStatic",
      "useLLVM",
      "hasSharedLibraries",
      "useAndroidPrebuilt",
      "useiOSPrebuilt",
    ].map((name) => [name, (v: unknown) => typeof v === "boolean"]),
  ),
};

function validate(args: PlatformArgs): void {
  for (const [name, value] of Object.entries(args)) {
    // Own entries only: an attribute named __proto__ or valueOf is the user's, not Object's.
    const check = Object.hasOwn(expectedTypes, name) ? expectedTypes[name] : undefined;
    if (check !== undefined && value !== undefined && !check(value)) {
      throw new UserError(`platform attribute '${name}' has the wrong type: ${JSON.stringify(value)}`);
    }
  }
  // Removed upstream in 26.11; elaborate refuses it rather than silently dropping it.
  if (Object.hasOwn(args, "linux-kernel")) {
    throw new UserError("platform attribute 'linux-kernel' has been removed from Nixpkgs (see the 26.11 release notes)");
  }
}

/** Known names a mistyped string spec was probably meant to be. */
function knownSpecNames(): string[] {
  const names = new Set(exampleNames);
  for (const args of Object.values(examples)) {
    if (args.config !== undefined) names.add(args.config);
    try {
      names.add(doubleFromParsed(parseSystem(args.config ?? "")));
    } catch {
      // An example that does not parse contributes only its name.
    }
  }
  return [...names];
}

/** Elaborates a spec; a spec that names no platform is a UserError naming the closest ones. */
export function elaborate(spec: PlatformSpec): Platform {
  const allArgs = specToArgs(spec);
  validate(allArgs);
  // `parsed` and `system` are always derived (from `config` when given), never taken as is.
  const { parsed: _ignoredParsed, system: givenSystem, _withoutFunctions: _ignored, ...args } = allArgs;
  const source = args.config ?? givenSystem;
  if (source === undefined) {
    // `{ confg: ... }`: the key that was probably meant to be one of them.
    const near = Object.keys(args).flatMap((key) => closestNames(key, ["config", "system"]).map((meant) => `'${key}' for '${meant}'`));
    throw new UserError(`a platform needs a 'config' or a 'system'${near.length === 0 ? "" : `; did you mean ${near.join(", ")}?`}`);
  }
  let parsed: Parsed;
  try {
    parsed = parseSystem(source);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    const closest = closestNames(typeof spec === "string" ? spec : source, knownSpecNames(), { onlyNear: false });
    throw new UserError(
      `bad platform ${typeof spec === "string" ? `'${spec}'` : JSON.stringify(spec)}: ${error.message}; ` +
        `closest known platforms: ${closest.join(", ")}`,
    );
  }
  return elaborateParsed(parsed, args);
}

function elaborateParsed(parsed: Parsed, args: PlatformArgs): Platform {
  const given = (name: string): boolean => Object.hasOwn(args, name);
  const attr = <T>(name: string, derive: () => T): T => (given(name) ? (args[name] as T) : derive());

  const is: Predicates = overridden(evaluatePredicates(parsed), args);

  const system = doubleFromParsed(parsed);
  const config = attr("config", () => tripleFromParsed(parsed));
  const useLLVM = attr("useLLVM", () => is.isFreeBSD || is.isOpenBSD);
  const libc = attr<string | null>("libc", () => defaultLibc(is));
  // "bfd" rather than "binutils" because gold comes from binutils too.
  const linker = attr("linker", () => (useLLVM ? "lld" : is.isDarwin ? "cctools" : "bfd"));
  const libDir = attr("libDir", () =>
    is.isLinux ? (is.isx86_64 || is.isMips64 || is.isPower64 ? "lib64" : "lib") : null,
  );
  // WASI and Redox have no dynamic loader, so everything links statically there.
  const isStatic = attr("isStatic", () => is.isWasi || is.isRedox);
  // Must be false wherever there is no dynamic loader: gcc's build quietly omits shared
  // objects there, and packages then fail far from the cause.
  const hasSharedLibraries = attr(
    "hasSharedLibraries",
    () =>
      (is.isAndroid || is.isGnu || is.isMusl || is.isDarwin || is.isSunOS || is.isOpenBSD || is.isFreeBSD ||
        is.isNetBSD || is.isCygwin || is.isMinGW || is.isWindows || is.isWasm) &&
      !isStatic,
  );
  const extensions = attr<Extensions>("extensions", () => {
    const windowsLike = is.isWindows || is.isCygwin;
    const sharedLibrary = hasSharedLibraries ? (is.isDarwin ? ".dylib" : windowsLike ? ".dll" : ".so") : undefined;
    const staticLibrary = is.isWindows ? ".lib" : ".a";
    const library = isStatic ? staticLibrary : sharedLibrary;
    return {
      ...(sharedLibrary === undefined ? {} : { sharedLibrary }),
      staticLibrary,
      ...(library === undefined ? {} : { library }),
      executable: windowsLike ? ".exe" : "",
    };
  });
  const useAndroidPrebuilt = attr("useAndroidPrebuilt", () => false);
  const useiOSPrebuilt = attr("useiOSPrebuilt", () => false);
  const darwinArch = attr("darwinArch", () => darwinArchOf(parsed.cpu));
  const uname = attr<Uname>("uname", () => ({
    system: unameSystems[parsed.kernel.name] ?? null,
    processor: is.isPower64
      ? `ppc64${is.isLittleEndian ? "le" : ""}`
      : is.isPower
        ? `ppc${is.isLittleEndian ? "le" : ""}`
        : is.isMips64
          ? "mips64" // endianness is not part of it on mips64
          : is.isDarwin
            ? darwinArch
            : parsed.cpu.name,
    release: null,
  }));
  const gcc = attr<GccAttrs>("gcc", () => defaultGcc(parsed, is));
  const gccArch = typeof gcc["arch"] === "string" ? gcc["arch"] : "default";
  const architecturePredicates: ArchitecturePredicates = overridden(
    Object.fromEntries(architecturePredicateNames.map((name) => [name, architecturePredicateRules[name](gccArch)])) as ArchitecturePredicates,
    args,
  );
  const rustc = attr<Attrs>("rustc", () => ({}));
  const linuxArch = attr("linuxArch", () => linuxArchOf(is, parsed.cpu.name));
  const derived = {
    system,
    config,
    parsed,
    libc,
    isStatic,
    useLLVM,
    linker,
    hasSharedLibraries,
    libDir,
    extensions,
    useAndroidPrebuilt,
    useiOSPrebuilt,
    uname,
    gcc,
    rustc,
    linuxArch,
    // u-boot agrees with Linux except that it says x86 and tells mips64 apart.
    ubootArch: attr("ubootArch", () => (is.isx86_32 ? "x86" : is.isMips64 ? "mips64" : linuxArch)),
    qemuArch: attr("qemuArch", () => qemuArchOf(is, uname.processor)),
    efiArch: attr("efiArch", () =>
      is.isx86_32 ? "ia32" : is.isx86_64 ? "x64" : is.isAarch32 ? "arm" : is.isAarch64 ? "aa64" : parsed.cpu.name,
    ),
    darwinArch,
    darwinPlatform: attr("darwinPlatform", () => (is.isMacOS ? "macos" : is.isiOS ? "ios" : null)),
    // `sdkVer` is the older name some platforms still give.
    darwinSdkVersion: attr("darwinSdkVersion", () => (typeof args["sdkVer"] === "string" ? args["sdkVer"] : "14.4")),
    darwinMinVersion: attr("darwinMinVersion", () => "14.0"),
    darwinMinVersionVariable: attr("darwinMinVersionVariable", () =>
      is.isMacOS ? "MACOSX_DEPLOYMENT_TARGET" : is.isiOS ? "IPHONEOS_DEPLOYMENT_TARGET" : null,
    ),
    androidSdkVersion: attr("androidSdkVersion", () => null),
    androidNdkVersion: attr("androidNdkVersion", () => null),
  };
  // `rust` is recomputed after the user's attributes are merged, so it is never taken as is.
  const rust = rustAttrs(parsed, is, args.rust as RustArgs | undefined, args["rustc"] as Attrs | undefined);

  // Object.assign, not spread syntax: V8 takes a slow path (~1 ms) spreading this many
  // attributes into a literal that also holds a function.
  const platform = Object.assign({}, derived, is, architecturePredicates, args, {
    rust,
    rustcTarget: rust.rustcTarget,
    canExecute: (other: Platform): boolean => canExecute(platform, other),
  }) as Platform;

  checkAssertions(platform);
  // Not frozen at run time: `readonly` guards it, and freezing ~130 attributes costs more
  // than the rest of elaboration.
  return platform;
}

/** `derived` with the user's values for those of its attributes the user gave. */
function overridden<T extends Readonly<Record<string, boolean>>>(derived: T, args: PlatformArgs): T {
  const result: Record<string, boolean> = { ...derived };
  for (const name of Object.keys(args)) {
    if (Object.hasOwn(derived, name)) result[name] = args[name] as boolean;
  }
  return result as T;
}

function defaultLibc(is: Predicates): string | null {
  if (is.isDarwin) return "libSystem";
  if (is.isMsvc) return "ucrt";
  if (is.isMinGW) return "msvcrt";
  if (is.isCygwin) return "cygwin";
  if (is.isWasi) return "wasilibc";
  if (is.isWasm) return null;
  if (is.isRedox) return "relibc";
  if (is.isMusl) return "musl";
  if (is.isUClibc) return "uclibc";
  if (is.isAndroid) return "bionic";
  if (is.isLinux) return "glibc";
  if (is.isFreeBSD) return "fblibc";
  if (is.isOpenBSD) return "oblibc";
  if (is.isNetBSD) return "nblibc";
  if (is.isAvr) return "avrlibc";
  if (is.isGhcjs) return null;
  if (is.isNone) return "newlib";
  return "native/impure";
}

const unameSystems: Readonly<Record<string, string>> = {
  linux: "Linux",
  windows: "Windows",
  cygwin: "CYGWIN_NT",
  darwin: "Darwin",
  netbsd: "NetBSD",
  freebsd: "FreeBSD",
  openbsd: "OpenBSD",
  wasi: "Wasi",
  redox: "Redox",
  genode: "Genode",
};

function linuxArchOf(is: Predicates, cpuName: string): string {
  if (is.isAarch32) return "arm";
  if (is.isAarch64) return "arm64";
  if (is.isx86_32) return "i386";
  if (is.isx86_64) return "x86_64";
  // The kernel tells neither microblaze endianness nor mips word size apart.
  if (is.isMicroBlaze) return "microblaze";
  if (is.isMips) return "mips";
  if (is.isPower) return "powerpc";
  if (is.isRiscV) return "riscv";
  if (is.isSh4) return "sh";
  if (is.isS390) return "s390";
  if (is.isLoongArch64) return "loongarch";
  return cpuName;
}

function qemuArchOf(is: Predicates, processor: string): string | null {
  if (is.isAarch32) return "arm";
  if (is.isAarch64) return `aarch64${is.isBigEndian ? "_be" : ""}`;
  // QEMU has no user-mode emulator for 31-bit s390.
  if (is.isS390 && !is.isS390x) return null;
  if (is.isx86_64) return "x86_64";
  if (is.isx86) return "i386";
  if (is.isMips64n32) return `mipsn32${is.isLittleEndian ? "el" : ""}`;
  if (is.isMips64) return `mips64${is.isLittleEndian ? "el" : ""}`;
  return processor;
}

function checkAssertions(platform: Platform): void {
  if (platform.useAndroidPrebuilt && !platform.isAndroid) {
    throw new UserError(`platform '${platform.config}': useAndroidPrebuilt needs an Android platform`);
  }
  for (const assertion of platform.parsed.abi.assertions ?? []) {
    if (!assertion.holds(platform)) throw new UserError(`platform '${platform.config}': ${assertion.message}`);
  }
}
