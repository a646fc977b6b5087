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

/** By host offset + 1, then target offset + 1 (a table, not a text key: findInputs asks for
 * every dependency it visits). */
const accumulatorByOffsets: readonly (readonly (Accumulator | undefined)[])[] = [
  ["pkgsBuildBuild", "pkgsBuildHost", "pkgsBuildTarget"],
  [undefined, "pkgsHostHost", "pkgsHostTarget"],
  [undefined, undefined, "pkgsTargetTarget"],
];

/** The accumulator (and package set) for a (host, target) offset pair with host ≤ target. */
export function accumulatorFor(host: Offset, target: Offset): Accumulator {
  const accumulator = accumulatorByOffsets[host + 1]?.[target + 1];
  if (accumulator === undefined) throw new Error(`no accumulator for offsets (${host}, ${target})`);
  return accumulator;
}

const platformWord = { [-1]: "build", [0]: "host", [1]: "target" } as const;
const offsets = [-1, 0, 1] as const;

/** By host offset + 1, then target offset + 1 or 3 for `*`: every edge of every node has one. */
const dependencyTypes = offsets.map((host) => [
  ...offsets.map((target) => `${platformWord[host]}→${platformWord[target]}`),
  `${platformWord[host]}→*`,
]) as DependencyType[][];

/** The dependency type (manual, "Theory of dependency categorization") of a dependency at these
 * offsets: where it runs → what it emits for, `*` when it has no target. */
export function dependencyTypeAt(host: Offset, target: Offset, hasTarget: boolean): DependencyType {
  // Offsets come from listInfo or the propagation map, which keep host ≤ target, so the pair is
  // always one of the nine types.
  return dependencyTypes[host + 1]![hasTarget ? target + 1 : 3]!;
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
