import type { KnownPlatform } from "./platformRegistry.ts";
import { accumulators, type Accumulator } from "./derivation.ts";

/** The six package sets every stage exposes (MODEL B.1); setup.sh's accumulators mirror them. */
export const setNames = accumulators;
export type SetName = Accumulator;

/** The historical names, defined in stage.nix as aliases of three of the six. */
export const setAliases = {
  buildPackages: "pkgsBuildHost",
  pkgs: "pkgsHostTarget",
  targetPackages: "pkgsTargetTarget",
} as const satisfies Record<string, SetName>;
export type SetAlias = keyof typeof setAliases;

export function isSetName(name: string): name is SetName | SetAlias {
  return (setNames as readonly string[]).includes(name) || Object.hasOwn(setAliases, name);
}

export function canonicalSetName(name: SetName | SetAlias): SetName {
  return Object.hasOwn(setAliases, name) ? setAliases[name as SetAlias] : (name as SetName);
}

/**
 * One bootstrapping stage: a package set whose stdenv has these (build, host, target). Its six
 * sets point at stages (or the post-stage) as the booter wires them.
 */
export class Stage {
  readonly kind = "stage";
  readonly id: string;
  /** Assigned once by the booter, right after all stages of a chain exist. */
  sets!: Readonly<Record<SetName, Stage | PostStage>>;
  /** The sets no sliding window through this stage gives, which the booter took from stages of
   * other chains (a Canadian cross's pkgsBuildTarget, pkgsHostHost, pkgsTargetTarget); none for
   * the stages Nixpkgs has. */
  addedSets: readonly SetName[] = [];

  constructor(
    readonly build: KnownPlatform,
    readonly host: KnownPlatform,
    readonly target: KnownPlatform,
    /** Self-built stages (native) have no adjacent packages: all six sets are the stage itself
     * and splicing is off. */
    readonly selfBuild: boolean,
    /** Why this stage exists when Nixpkgs has no such stage (Canadian cross), else null. */
    readonly beyondNixpkgs: string | null,
  ) {
    this.id = `(${build.key}, ${host.key}, ${target.key})`;
  }
}

/**
 * The booter's post-stage after the final stage: a raw set holding only `stdenv.cc`, the compiler
 * of the final stage's platform. It is the final stage's `targetPackages`.
 */
export class PostStage {
  readonly kind = "post";
  readonly id: string;
  constructor(readonly finalStage: Stage) {
    this.id = `post-stage after ${finalStage.id}`;
  }
}
