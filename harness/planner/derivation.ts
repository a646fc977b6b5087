/**
 * The plan schema: what the planner hands to the engine, the closure checker and the report.
 *
 * Everything here is plain JSON data (no functions, no class instances, no undefined values
 * inside arrays), so a plan can be printed, hashed, diffed, cached and read back with
 * `JSON.parse` and used as is.
 *
 * A plan is one cell (build, host, target) of a matrix applied to one package: the root node and
 * every node it needs, transitively, keyed by node id. A node is one instantiated derivation:
 * one recipe (or one toolchain wrapper) called in one stage, hence with one (build, host, target).
 *
 * For the engine, per node:
 * - `id` and `storeName` (`<id>-<name>`) give the output path `/nix/store/<id>-<name>` (or the
 *   engine's own store directory); ids are content hashes, so equal ids may be realized once.
 * - `toolchain` (wrapper nodes only): the Debian packages to install on the build machine and the
 *   tool names to expose; the wrapper is realized by writing `bin/<exposed>` scripts.
 * - `attrs`: how to build the package (source, build system, flags, phases, checks, outputs).
 * - `inputs`: the six setup.sh accumulators, each an ordered list of node ids. Put
 *   `bin/` of every input with host offset -1 (pkgsBuildBuild, pkgsBuildHost, pkgsBuildTarget) on
 *   PATH; put `include/` and `lib/` (and `lib/pkgconfig`) of pkgsHostHost and pkgsHostTarget
 *   inputs on the compiler and linker search paths of the host compiler; pkgsTargetTarget inputs
 *   are libraries for the package's target (only compilers care). With `attrs.strictDeps` false,
 *   setup.sh also puts `bin/` of every input on PATH.
 * - `checks.emulator`: when the build machine cannot execute host binaries, checks are disabled in
 *   `attrs` (as Nixpkgs does) and this says how the engine may still run them under emulation.
 */

import type { Emulator } from "../platform/index.ts";
import type { NodeOutput, OutputName } from "./outputs.ts";

/** The six accumulators of setup.sh `findInputs`, named after the package set they mirror. */
export const accumulators = [
  "pkgsBuildBuild",
  "pkgsBuildHost",
  "pkgsBuildTarget",
  "pkgsHostHost",
  "pkgsHostTarget",
  "pkgsTargetTarget",
] as const;
export type Accumulator = (typeof accumulators)[number];

/** The twelve dependency lists of mkDerivation, in the order setup.sh processes them. */
export const dependencyLists = [
  "depsBuildBuild",
  "depsBuildBuildPropagated",
  "nativeBuildInputs",
  "propagatedNativeBuildInputs",
  "depsBuildTarget",
  "depsBuildTargetPropagated",
  "depsHostHost",
  "depsHostHostPropagated",
  "buildInputs",
  "propagatedBuildInputs",
  "depsTargetTarget",
  "depsTargetTargetPropagated",
] as const;
export type DependencyList = (typeof dependencyLists)[number];

/**
 * The nine dependency types of the Nixpkgs manual: where the dependency runs → what it emits code
 * for, relative to the depending package; `*` when the dependency has no target (not a compiler).
 */
export type DependencyType =
  | "build→*"
  | "build→build"
  | "build→host"
  | "build→target"
  | "host→*"
  | "host→host"
  | "host→target"
  | "target→*"
  | "target→target";

/** A platform as the plan records it: the config to show, and the spec to re-elaborate it from. */
export interface PlatformRef {
  /** The LLVM-style triple (`aarch64-unknown-linux-gnu`), kept verbatim as elaborate gives it. */
  config: string;
  /** The Nix double (`aarch64-linux`). */
  system: string;
  /** The argument that was given to `elaborate` (an example name, a double, a config, an object). */
  spec: string | Record<string, unknown>;
  /** What the engine and the checks need of the platform, so none of them elaborates it again. */
  cpu: { name: string; family: string; bits: number; endian: "little" | "big" };
  /** What `uname -s` / `uname -p` say there (`Linux`, `Windows`; null where there is no such notion). */
  uname: { system: string | null; processor: string };
  /** Debian's name for the architecture (`arm64`), null where Debian has none. */
  debianArch: string | null;
  /** Whether its config is new enough that an old config.sub may not know it (Nixpkgs'
   * updateAutotoolsGnuConfigScriptsHook condition: not x86, or musl/wasilibc/relibc, iOS, Genode). */
  needsFreshGnuConfig: boolean;
  /** Whether its programs load shared libraries (`hasSharedLibraries`): where they don't (wasm32-wasi),
   * links get no run path, which wasm-ld refuses. */
  hasSharedLibraries: boolean;
}

/** Where the source comes from; always pinned by sha256 (hex) except for inline fixtures. */
export type Source =
  | {
      kind: "debian";
      /** Debian source package name (`libpng1.6`). */
      package: string;
      /** Debian version of the source package (`1.6.39-2+deb12u6`); the engine may fetch any
       * revision whose upstream tarball is `origTarball`, the sha256 pins the bytes. */
      version: string;
      /** File name of the upstream tarball in the Debian archive (`libpng1.6_1.6.39.orig.tar.gz`). */
      origTarball: string;
      sha256: string;
    }
  | { kind: "url"; url: string; sha256: string }
  | { kind: "path"; path: string; sha256: string }
  | { kind: "inline"; files: Record<string, string> }
  /** Toolchain wrappers: nothing to unpack, the build writes scripts. */
  | { kind: "none" };

export type BuildSystem = "autotools" | "cmake" | "meson" | "make" | "custom" | "toolchain-wrapper";

/** Phase hooks as shell text, run by the engine at the named point (Nixpkgs' names). */
export const phaseHooks = [
  "postUnpack",
  "postPatch",
  "preConfigure",
  "postConfigure",
  "preBuild",
  "buildPhase",
  "postBuild",
  "preCheck",
  "checkPhase",
  "postCheck",
  "preInstall",
  "installPhase",
  "postInstall",
  "preInstallCheck",
  "postInstallCheck",
  "postFixup",
] as const;
export type PhaseHook = (typeof phaseHooks)[number];

export interface Meta {
  description?: string;
  homepage?: string;
  license?: string;
  /** Platforms the package supports: Nix doubles (`x86_64-linux`) or partial platform patterns
   * matched against the elaborated platform (`{ "parsed": { "kernel": { "name": "linux" } } }`). */
  platforms?: PlatformPattern[];
  badPlatforms?: PlatformPattern[];
  /** Set when the recipe knows this cross build to be broken, with the reason. */
  crossUnsupported?: string;
}
export type PlatformPattern = string | { [key: string]: JsonValue };
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Nix's checks of what a built output may refer to: its references (the store paths its files
 * hold) or its requisites (its whole runtime closure, itself excepted, as Nix's non-structured
 * attributes have it). As in Nix they fail the output, here as closure findings of the cell.
 */
export const outputChecks = ["allowedReferences", "disallowedReferences", "allowedRequisites", "disallowedRequisites"] as const;
export type OutputCheck = (typeof outputChecks)[number];

/** Each check as the plan carries it: node ids, or `"out"` for the output itself. A check the
 * recipe does not set is absent, not empty: an empty allowed list allows nothing, and an absent
 * field keeps the node id of every recipe that sets none. */
export type OutputChecks = { [check in OutputCheck]?: string[] };

/**
 * Links of the output that may point outside it and its dependencies (at a path the device
 * provides, as `/etc/localtime`), each by its path in the output with the reason. Every other
 * symlink must lead to an existing file of the output or of a dependency (Nixpkgs'
 * noBrokenSymlinks, stricter: a link out of the store fails too). Absent when the recipe
 * allows none, so recipes that set none keep their node ids.
 */
export type AllowedSymlinks = Record<string, string>;

/** Everything the engine needs to realize a node besides its inputs. Part of the node id. */
export interface BuildAttributes extends OutputChecks {
  allowedSymlinks?: AllowedSymlinks;
  src: Source;
  buildSystem: BuildSystem;
  /** Sub-directory of the unpacked source to build in (`sourceRoot`), if not the top one. */
  sourceRoot: string | null;
  /** Passed to configure (autotools: after `--prefix`, and `--build`/`--host`[/`--target`] as
   * given by `configurePlatforms`). */
  configureFlags: string[];
  /** Which of `--build`, `--host`, `--target` the autotools configure gets (Nixpkgs defaults to
   * build and host when cross, none when native). */
  configurePlatforms: ("build" | "host" | "target")[];
  /** For every make invocation (build and install). */
  makeFlags: string[];
  /** For `make install` only (after makeFlags). */
  installFlags: string[];
  cmakeFlags: string[];
  mesonFlags: string[];
  /** Extra environment variables for every phase. */
  env: Record<string, string>;
  phases: Partial<Record<PhaseHook, string>>;
  /** Effective values: false whenever the build machine cannot execute host binaries. */
  doCheck: boolean;
  doInstallCheck: boolean;
  /** Shell command run after install to exercise the installed program (`$out/bin/hello`). */
  installCheck: string | null;
  strictDeps: boolean;
  /** Output names (outputs.ts); the first is the default (`out`), `dev` is what dependents see if present. */
  outputs: OutputName[];
  /** The outputs dependents get besides dev (Nixpkgs' propagatedBuildOutputs); absent: the default. */
  propagatedBuildOutputs?: OutputName[];
  meta: Meta;
}

/** The Debian cross (or native) toolchain a wrapper node wraps. */
export interface ToolchainInfo {
  /** Packages to `apt-get install` on the build machine. */
  debianPackages: string[];
  /** The Debian GNU triple whose tools are wrapped (`aarch64-linux-gnu`). */
  debianTriple: string;
  /** Nixpkgs' target prefix: `<target config>-` when the wrapper's target differs from its host,
   * else empty (native tools are unprefixed, as in Nixpkgs). */
  targetPrefix: string;
  /** Exposed name (`aarch64-unknown-linux-gnu-cc`) → the Debian command line it runs, relative to
   * /usr/bin (`aarch64-linux-gnu-gcc`, or with fixed arguments for musl). */
  tools: Record<string, string>;
  /** For the engine's sysroot handling: where Debian keeps the target's libc (`/usr/aarch64-linux-gnu`),
   * null for the native toolchain. */
  sysroot: string | null;
}

/** One explicit dependency as the recipe listed it. */
export interface DependencyEdge {
  list: DependencyList;
  /** Node id of the resolved dependency. */
  id: string;
  type: DependencyType;
}

/** One entry of an accumulator. `propagatedBy` is null for a direct dependency (or the stdenv's
 * default inputs), else the id of the node whose propagated list brought it in. */
export interface AccumulatedInput {
  id: string;
  propagatedBy: string | null;
}

/** How the engine may run host binaries when the build machine cannot (qemu-user, wine, …). */
export interface CheckPlan {
  /** What the recipe asked for, before Nixpkgs' canExecute rule disabled it. */
  requestedDoCheck: boolean;
  requestedDoInstallCheck: boolean;
  /** True when `build.canExecute(host)`; then `attrs.doCheck`/`doInstallCheck` are the requested ones. */
  buildCanExecuteHost: boolean;
  /** The emulator the platform model names for running host binaries on the build machine, or
   * null when none exists or none is needed. */
  emulator: Emulator | null;
}

export interface PlanNode {
  id: string;
  /** Nixpkgs-style: `pname-version`, with `-<host config>` after pname when host ≠ build. */
  name: string;
  /** `<id>-<name>`, the store path base name of the default output. */
  storeName: string;
  /** Every output with its own store path; the first is the default one (`id`, `storeName`). */
  outputs: NodeOutput[];
  pname: string;
  version: string;
  kind: "package" | "toolchain";
  build: PlatformRef;
  host: PlatformRef;
  target: PlatformRef;
  /** Whether the package depends on its target platform (compilers); decides `X→*` vs `X→target`
   * in the dependency types of the edges that point at it. */
  hasTarget: boolean;
  /** Stage identifier (see stages.ts); equal for nodes built in the same bootstrapping stage. */
  stage: string;
  attrs: BuildAttributes;
  toolchain: ToolchainInfo | null;
  /** Id of the stdenv's C compiler wrapper (also in `inputs.pkgsBuildHost`), null for wrappers. */
  cc: string | null;
  deps: DependencyEdge[];
  inputs: Record<Accumulator, AccumulatedInput[]>;
  checks: CheckPlan;
}

export interface Plan {
  /** Schema version; bump on incompatible changes. */
  schema: 1;
  cell: { build: PlatformRef; host: PlatformRef; target: PlatformRef; canadian: boolean; package: string };
  root: string;
  /** Node ids in dependency order (every node after all of its dependencies). */
  order: string[];
  nodes: Record<string, PlanNode>;
  /** Things a reader should know, e.g. that a Canadian cross goes beyond what Nixpkgs does. */
  notes: string[];
}
