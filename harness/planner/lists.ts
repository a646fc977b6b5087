import type { Accumulator, DependencyList, DependencyType } from "./derivation.ts";

/** An offset relative to the package being built: build = -1, host = 0, target = 1. */
export type Offset = -1 | 0 | 1;

/** The key of `__spliced` that a list takes its dependencies from (splice.nix). */
export type SpliceKey = "buildBuild" | "buildHost" | "buildTarget" | "hostHost" | "hostTarget" | "targetTarget";

export interface ListInfo {
  /** (host offset, target offset) of a dependency in this list, relative to the package. */
  offsets: readonly [Offset, Offset];
  spliceKey: SpliceKey;
  /** The propagated twin shares the offsets; `propagated` tells which of the two this is. */
  propagated: boolean;
  /** The nix-support file the propagated list is written to (only for propagated lists). */
  file: string | null;
}

/** MODEL C.1 and C.2: for each of the twelve lists, its offsets, splice key and propagated file. */
export const listInfo: Record<DependencyList, ListInfo> = {
  depsBuildBuild: { offsets: [-1, -1], spliceKey: "buildBuild", propagated: false, file: null },
  depsBuildBuildPropagated: { offsets: [-1, -1], spliceKey: "buildBuild", propagated: true, file: "propagated-build-build-deps" },
  nativeBuildInputs: { offsets: [-1, 0], spliceKey: "buildHost", propagated: false, file: null },
  propagatedNativeBuildInputs: { offsets: [-1, 0], spliceKey: "buildHost", propagated: true, file: "propagated-native-build-inputs" },
  depsBuildTarget: { offsets: [-1, 1], spliceKey: "buildTarget", propagated: false, file: null },
  depsBuildTargetPropagated: { offsets: [-1, 1], spliceKey: "buildTarget", propagated: true, file: "propagated-build-target-deps" },
  depsHostHost: { offsets: [0, 0], spliceKey: "hostHost", propagated: false, file: null },
  depsHostHostPropagated: { offsets: [0, 0], spliceKey: "hostHost", propagated: true, file: "propagated-host-host-deps" },
  buildInputs: { offsets: [0, 1], spliceKey: "hostTarget", propagated: false, file: null },
  propagatedBuildInputs: { offsets: [0, 1], spliceKey: "hostTarget", propagated: true, file: "propagated-build-inputs" },
  depsTargetTarget: { offsets: [1, 1], spliceKey: "targetTarget", propagated: false, file: null },
  depsTargetTargetPropagated: { offsets: [1, 1], spliceKey: "targetTarget", propagated: true, file: "propagated-target-target-deps" },
};

const accumulatorByOffsets: Record<string, Accumulator> = {
  "-1,-1": "pkgsBuildBuild",
  "-1,0": "pkgsBuildHost",
  "-1,1": "pkgsBuildTarget",
  "0,0": "pkgsHostHost",
  "0,1": "pkgsHostTarget",
  "1,1": "pkgsTargetTarget",
};

/** The accumulator (and package set) for a (host, target) offset pair with host ≤ target. */
export function accumulatorFor(host: Offset, target: Offset): Accumulator {
  const accumulator = accumulatorByOffsets[`${host},${target}`];
  if (accumulator === undefined) throw new Error(`no accumulator for offsets (${host}, ${target})`);
  return accumulator;
}

const platformWord = { [-1]: "build", [0]: "host", [1]: "target" } as const;

/** The dependency type (manual, "Theory of dependency categorization") of a dependency at these
 * offsets: where it runs → what it emits for, `*` when it has no target. */
export function dependencyTypeAt(host: Offset, target: Offset, hasTarget: boolean): DependencyType {
  // Offsets come from listInfo or the propagation map, which keep host ≤ target, so the pair is
  // always one of the nine types.
  return `${platformWord[host]}→${hasTarget ? platformWord[target] : "*"}` as DependencyType;
}

/**
 * Lists Nixpkgs does not have because they would point from a later platform to an earlier one
 * (`deps<X><Y>` with X after Y). mkDerivation would silently ignore them; we refuse them, since
 * a recipe that writes one has misunderstood the model.
 */
export const forbiddenLists = [
  "depsHostBuild",
  "depsTargetBuild",
  "depsTargetHost",
  "depsHostBuildPropagated",
  "depsTargetBuildPropagated",
  "depsTargetHostPropagated",
] as const;
