import { knownOutputs, type OutputName } from "./outputs.ts";
import type { Platform } from "../platform/index.ts";
import {
  dependencyLists,
  outputChecks,
  phaseHooks,
  type AllowedSymlinks,
  type BuildAttributes,
  type BuildSystem,
  type DependencyList,
  type Meta,
  type OutputCheck,
  type PhaseHook,
  type Source,
  type ToolchainInfo,
} from "./derivation.ts";
import { DependencyDirectionError, RecipeError, type UnsatisfiableReason } from "./errors.ts";
import { forbiddenLists, listInfo, type SpliceKey } from "./lists.ts";
import type { Stage } from "./stage.ts";

/**
 * A package as mkDerivation reads it: the derivation it stands for and, when callPackage gave it
 * spliced, its variants by splice key. Read by shape, as make-derivation.nix reads
 * `dep.__spliced.<key> or dep`; splice.ts's Package is the one the planner makes.
 */
export interface PackageRef {
  readonly drv: Derivation;
  readonly __spliced?: { readonly [key in SpliceKey]?: PackageRef };
}

function isPackageRef(value: unknown): value is PackageRef {
  return typeof value === "object" && value !== null && "drv" in value;
}

/** What a dependency list may hold: packages, nulls (skipped) and nested lists. */
export type DependencyElement = PackageRef | null | readonly DependencyElement[];

/** The arguments of `stdenv.mkDerivation`. */
export type MkDerivationArgs = {
  pname: string;
  version: string;
  src: Source;
  buildSystem?: BuildSystem;
  sourceRoot?: string;
  configureFlags?: string[];
  configurePlatforms?: ("build" | "host" | "target")[];
  makeFlags?: string[];
  installFlags?: string[];
  cmakeFlags?: string[];
  mesonFlags?: string[];
  env?: Record<string, string>;
  doCheck?: boolean;
  doInstallCheck?: boolean;
  installCheck?: string;
  strictDeps?: boolean;
  outputs?: string[];
  /** The outputs a dependent gets besides `dev` (Nixpkgs' propagatedBuildOutputs); by default
   * all but the documentation. */
  propagatedBuildOutputs?: string[];
  meta?: Meta;
  /** Links that may point outside the output and its dependencies: path in the output → why. */
  allowedSymlinks?: Readonly<AllowedSymlinks>;
} & { [list in DependencyList]?: readonly DependencyElement[] } & { [hook in PhaseHook]?: string } & OutputCheckArgs;

/** Nix's allowedReferences, disallowedReferences, allowedRequisites and disallowedRequisites:
 * packages, or `"out"` for the output itself (see derivation.ts). */
export type OutputCheckArgs = { [check in OutputCheck]?: readonly (PackageRef | "out")[] };

/** Why a derivation cannot be built for its platforms; the planner turns it into an
 * UnsatisfiableError naming the list that pulled it in. */
export interface UnsatisfiableCause {
  reason: UnsatisfiableReason;
  platform: Platform;
  detail: string;
}

/** The checks a recipe asked for, before the canExecute rule. */
export interface RequestedChecks {
  doCheck: boolean;
  doInstallCheck: boolean;
}

/** What `.override` takes: names that replace callPackage's arguments, and the recipe's options. */
export type Overrides = Readonly<Record<string, unknown>>;

/** What `.overrideAttrs` takes: a function of the previous mkDerivation arguments, or the
 * changes themselves, as Nixpkgs accepts both. */
export type AttrsOverride = ((old: MkDerivationArgs) => Partial<MkDerivationArgs>) | Partial<MkDerivationArgs>;

/** How a derivation was made by mkDerivation, so overrideAttrs can make it again. */
interface MadeBy {
  context: MkDerivationContext;
  args: MkDerivationArgs;
}

/** What a derivation is made of, by name. */
export interface DerivationFields {
  readonly pname: string;
  readonly version: string;
  readonly kind: "package" | "toolchain";
  readonly stage: Stage;
  /** Each list with the spliced variant already chosen, flattened, nulls removed. */
  readonly lists: Readonly<Record<DependencyList, readonly PackageRef[]>>;
  readonly attrs: BuildAttributes;
  readonly requested: RequestedChecks;
  /** The output checks the recipe set, packages as given; the planner resolves them to node ids. */
  readonly outputChecks: OutputCheckArgs;
  readonly hasTarget: boolean;
  /** The stdenv's C compiler, a default native build input; null for toolchain wrappers. */
  readonly cc: PackageRef | null;
  readonly toolchain: ToolchainInfo | null;
  readonly unsatisfiable: UnsatisfiableCause | null;
  /** How mkDerivation made it, for overrideAttrs; null for toolchain wrappers (see toolchain.ts). */
  readonly madeBy: MadeBy | null;
  /** callPackage's call of the recipe again with more overrides (makeOverridable); null until
   * callPackage returns the derivation. */
  readonly recall: ((overrides: Overrides) => Derivation) | null;
}

// A Derivation has its fields as properties of its own: the interface declares them, the
// constructor assigns them, so they are named once.
export interface Derivation extends DerivationFields {}

/** An instantiated derivation: a recipe called in one stage. Still holds packages, not nodes. */
export class Derivation {
  constructor(fields: DerivationFields) {
    Object.assign(this, fields);
  }

  /**
   * `drv.overrideAttrs (old: {...})`: mkDerivation again, with the same stdenv, on the previous
   * arguments updated by `f`. A derivation callPackage made stays overridable: `.override` on the
   * result calls the recipe again and applies `f` to that.
   */
  overrideAttrs(f: AttrsOverride): Derivation {
    if (this.madeBy === null) throw new RecipeError(this.pname, "the toolchain wrapper is not made by mkDerivation: it has no attributes to override");
    const { context, args } = this.madeBy;
    const changed = mkDerivation(context, { ...args, ...(typeof f === "function" ? f(args) : f) });
    const recall = this.recall;
    return recall === null ? changed : changed.withRecall((overrides) => recall(overrides).overrideAttrs(f));
  }

  /**
   * `drv.override {...}`: the recipe called again in the same package set, the given names
   * replacing its callPackage arguments and the whole object given as its second parameter
   * (`{ fixCross ? true }`). Overrides accumulate: `.override(a).override(b)` is `{ ...a, ...b }`.
   */
  override(overrides: Overrides): Derivation {
    if (this.recall === null) throw new RecipeError(this.pname, "only a derivation callPackage returned can be overridden: no other knows its recipe");
    return this.recall(overrides);
  }

  /** This derivation, overridable by `recall` (what callPackage's makeOverridable adds). */
  withRecall(recall: (overrides: Overrides) => Derivation): Derivation {
    return new Derivation({ ...this, recall });
  }
}

const knownArgs = new Set<string>([
  "pname", "version", "src", "buildSystem", "sourceRoot", "configureFlags", "configurePlatforms",
  "makeFlags", "installFlags", "cmakeFlags", "mesonFlags", "env", "doCheck", "doInstallCheck", "installCheck",
  "strictDeps", "outputs", "propagatedBuildOutputs", "meta", "allowedSymlinks", ...dependencyLists, ...phaseHooks, ...outputChecks,
]);

/** The platforms and compiler mkDerivation needs from its stdenv. */
export interface MkDerivationContext {
  stage: Stage;
  build: Platform;
  host: Platform;
  target: Platform;
  /** Whether the recipe has looked at `stdenv.targetPlatform` so far. */
  targetRead(): boolean;
  cc(): PackageRef | null;
  buildCanExecuteHost: boolean;
  hostIsBuild: boolean;
}

/** make-derivation.nix for the planner: a package built with its stdenv's compiler. */
export function mkDerivation(context: MkDerivationContext, args: MkDerivationArgs): Derivation {
  return new Derivation({
    pname: args.pname,
    version: args.version,
    kind: "package",
    stage: context.stage,
    ...resolveArgs(context, args),
    hasTarget: context.targetRead(),
    cc: context.cc(),
    toolchain: null,
    unsatisfiable: null,
    madeBy: { context, args },
    recall: null,
  });
}

/**
 * What mkDerivation makes of its arguments, for every derivation (the toolchain wrapper's too):
 * check them, pick each list's spliced variant (`elem.__spliced.<key> or elem`; nested lists pass
 * unspliced, as in Nixpkgs), and default the attributes, with the cross rules for strictDeps and
 * configurePlatforms and the canExecute rule for checks.
 */
export function resolveArgs(
  platforms: Pick<MkDerivationContext, "hostIsBuild" | "buildCanExecuteHost">,
  args: MkDerivationArgs,
): Pick<DerivationFields, "lists" | "attrs" | "requested" | "outputChecks"> {
  const recipe = typeof args.pname === "string" ? args.pname : "(unnamed)";
  for (const key of Object.keys(args)) {
    if (knownArgs.has(key)) continue;
    const backwards = /^deps(Build|Host|Target)(Build|Host|Target)/.exec(key);
    if ((forbiddenLists as readonly string[]).includes(key) && backwards !== null) {
      const offset = { Build: -1, Host: 0, Target: 1 } as const;
      const [, from, to] = backwards as unknown as [string, keyof typeof offset, keyof typeof offset];
      throw new DependencyDirectionError(`recipe '${recipe}': every dependency`, key, offset[from], offset[to]);
    }
    throw new RecipeError(recipe, `mkDerivation got an unknown attribute '${key}'`);
  }
  if (typeof args.version !== "string" || args.version === "") throw new RecipeError(recipe, "mkDerivation needs a version");

  const lists = {} as Record<DependencyList, PackageRef[]>;
  for (const list of dependencyLists) lists[list] = resolveList(recipe, list, args[list]);

  const requested = { doCheck: args.doCheck ?? false, doInstallCheck: args.doInstallCheck ?? false };
  const phases: BuildAttributes["phases"] = {};
  for (const hook of phaseHooks) {
    const text = args[hook];
    if (text !== undefined) phases[hook] = text;
  }
  const attrs: BuildAttributes = {
    src: args.src,
    buildSystem: args.buildSystem ?? "autotools",
    sourceRoot: args.sourceRoot ?? null,
    configureFlags: args.configureFlags ?? [],
    configurePlatforms: args.configurePlatforms ?? (platforms.hostIsBuild ? [] : ["build", "host"]),
    makeFlags: args.makeFlags ?? [],
    installFlags: args.installFlags ?? [],
    cmakeFlags: args.cmakeFlags ?? [],
    mesonFlags: args.mesonFlags ?? [],
    env: args.env ?? {},
    phases,
    // Nixpkgs forces both off unless the build machine runs host binaries; the plan keeps what
    // was asked in `checks` so the engine can run them under an emulator instead.
    doCheck: requested.doCheck && platforms.buildCanExecuteHost,
    doInstallCheck: requested.doInstallCheck && platforms.buildCanExecuteHost,
    installCheck: args.installCheck ?? null,
    strictDeps: args.strictDeps ?? !platforms.hostIsBuild,
    outputs: checkOutputs(recipe, "outputs", args.outputs ?? ["out"]),
    ...(args.propagatedBuildOutputs === undefined ? {} : { propagatedBuildOutputs: checkOutputs(recipe, "propagatedBuildOutputs", args.propagatedBuildOutputs, args.outputs ?? ["out"]) }),
    meta: args.meta ?? {},
    ...(args.allowedSymlinks === undefined ? {} : { allowedSymlinks: checkAllowedSymlinks(recipe, args.allowedSymlinks) }),
  };
  return { lists, attrs, requested, outputChecks: resolveOutputChecks(recipe, args) };
}

/**
 * The output checks as given, not spliced: a check names one derivation, and Nix takes it as
 * the recipe wrote it. A package from callPackage's arguments is then its default variant, the
 * host's (`perl` is the perl that runs on host); `buildPackages.perl` is the build machine's.
 * `stdenv.cc` is buildPackages' compiler wrapper, running on build and emitting for host: the
 * compiler this derivation is built with (its node's `cc`), which is what an output that
 * recorded `$CC` refers to, so `disallowedReferences: [stdenv.cc]` is the guard against that.
 */
function resolveOutputChecks(recipe: string, args: MkDerivationArgs): OutputCheckArgs {
  const checks: OutputCheckArgs = {};
  for (const check of outputChecks) {
    const given = args[check];
    if (given === undefined) continue;
    if (!Array.isArray(given)) throw new RecipeError(recipe, `${check} must be a list`);
    for (const element of given as readonly unknown[]) {
      if (isPackageRef(element) || element === "out") continue;
      // crosscheck realizes one store path per derivation, so no other output name can be meant.
      throw new RecipeError(recipe, `${check}: each element must be a package or "out" (the output itself), not ${JSON.stringify(element) ?? typeof element}`);
    }
    checks[check] = given;
  }
  return checks;
}

/** A list of output names: known to the split (outputs.ts), each once; `outputs` holds `out`, and
 * `propagatedBuildOutputs` only names outputs the derivation has. */
function checkOutputs(recipe: string, attribute: string, given: unknown, outputs?: readonly string[]): OutputName[] {
  if (!Array.isArray(given) || given.some((o) => typeof o !== "string")) throw new RecipeError(recipe, `${attribute} must be a list of output names, e.g. ["out", "dev"]`);
  const names = given as string[];
  for (const name of names) {
    if (!(knownOutputs as readonly string[]).includes(name)) throw new RecipeError(recipe, `${attribute}: unknown output '${name}'; crosscheck splits ${knownOutputs.join(", ")}`);
    if (outputs !== undefined && !outputs.includes(name)) throw new RecipeError(recipe, `${attribute}: '${name}' is not one of the outputs (${outputs.join(", ")})`);
  }
  const repeated = names.find((name, n) => names.indexOf(name) !== n);
  if (repeated !== undefined) throw new RecipeError(recipe, `${attribute}: '${repeated}' is named twice`);
  if (outputs === undefined && !names.includes("out")) throw new RecipeError(recipe, `outputs must include "out" (the derivation's main output), got [${names.join(", ")}]`);
  return names as OutputName[];
}

/**
 * A recipe's allowed links as the plan carries them. Each key is a link's path in the output as
 * the closure check names it (`share/zoneinfo`: relative, no `.` or `..`, no trailing slash), so
 * a key that could never match is refused here rather than silently allowing nothing; each
 * value is the reason, which the check shows.
 */
function checkAllowedSymlinks(recipe: string, given: unknown): AllowedSymlinks {
  if (typeof given !== "object" || given === null || Array.isArray(given)) {
    throw new RecipeError(recipe, 'allowedSymlinks must be an object from a link\'s path in the output to the reason, e.g. { "share/zoneinfo": "the device\'s tzdata" }');
  }
  const allowed: AllowedSymlinks = {};
  for (const [path, reason] of Object.entries(given)) {
    if (path.split("/").some((part) => part === "" || part === "." || part === "..")) {
      throw new RecipeError(recipe, `allowedSymlinks: ${JSON.stringify(path)} is not a path in the output (relative, as share/zoneinfo, without . or ..)`);
    }
    if (typeof reason !== "string" || reason.trim() === "") throw new RecipeError(recipe, `allowedSymlinks: ${path} needs the reason the link may point outside, not ${JSON.stringify(reason) ?? typeof reason}`);
    allowed[path] = reason;
  }
  return allowed;
}

function resolveList(recipe: string, list: DependencyList, elements: readonly DependencyElement[] | undefined): PackageRef[] {
  // Most of the twelve lists are not given or empty: nothing to walk.
  if (elements === undefined) return [];
  if (!Array.isArray(elements)) throw new RecipeError(recipe, `${list} must be a list`);
  if (elements.length === 0) return [];
  const key = listInfo[list].spliceKey;
  const out: PackageRef[] = [];
  const walk = (items: readonly DependencyElement[], spliced: boolean): void => {
    for (const element of items) {
      if (element === null) continue;
      if (Array.isArray(element)) walk(element, false);
      else if (isPackageRef(element)) out.push(spliced ? (element.__spliced?.[key] ?? element) : element);
      else throw new RecipeError(recipe, `${list}: dependency is not of a valid type (${typeof element})`);
    }
  };
  walk(elements, true);
  return out;
}
