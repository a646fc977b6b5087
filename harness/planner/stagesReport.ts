import { followPath } from "./attrPath.ts";
import type { PlatformRef } from "./derivation.ts";
import type { Planner, PlanRequest } from "./planner.ts";
import { canonicalSetName, isSetName, type Stage } from "./stage.ts";

/** The attribute paths `plan --stages` shows by default: those the conformance vectors pin. */
export const defaultStagePaths = [
  "<top>",
  "pkgs",
  "buildPackages",
  "targetPackages",
  "pkgsBuildBuild",
  "pkgsBuildHost",
  "pkgsBuildTarget",
  "pkgsHostHost",
  "pkgsHostTarget",
  "pkgsTargetTarget",
  "buildPackages.buildPackages",
  "buildPackages.buildPackages.buildPackages",
  "buildPackages.pkgsBuildBuild",
  "buildPackages.pkgsBuildHost",
  "buildPackages.pkgsBuildTarget",
  "buildPackages.pkgsHostHost",
  "buildPackages.pkgsHostTarget",
  "buildPackages.pkgsTargetTarget",
  "buildPackages.targetPackages",
  "pkgsBuildBuild.pkgsBuildBuild",
  "pkgsBuildBuild.pkgsBuildHost",
  "pkgsBuildBuild.pkgsTargetTarget",
  "pkgsBuildTarget.targetPackages",
  "pkgsHostHost.buildPackages",
] as const;

export type StageView =
  | {
      available: true;
      build: string;
      host: string;
      target: string;
      stage: string;
      /** Where Nixpkgs has no such stage, or the set is not the one its booter would give. */
      beyondNixpkgs?: string;
    }
  | { available: false };

/** Each path's stdenv platforms and stage identifier (equal identifiers = the same stage), from
 * the top-level set of `import nixpkgs { localSystem; crossSystem }`. */
export function describeStages(
  planner: Planner,
  crossSystem: PlatformRef["spec"] | null,
  paths: readonly string[],
): Record<string, StageView> {
  return describeFrom(planner, planner.top(crossSystem), paths);
}

/**
 * The same from the stage a cell is built in: for a Canadian cross, the stage Nixpkgs refuses,
 * whose pkgsBuildTarget, pkgsHostHost and pkgsTargetTarget the booter took from other chains
 * (each such set says so, as does the stage).
 */
export function describeCellStages(planner: Planner, cell: Omit<PlanRequest, "package">, paths: readonly string[]): Record<string, StageView> {
  return describeFrom(planner, planner.stageOf(cell), paths);
}

function describeFrom(planner: Planner, top: Stage, paths: readonly string[]): Record<string, StageView> {
  const out: Record<string, StageView> = {};
  for (const path of paths) {
    const found = followPath(planner, top, path);
    if (found.kind === "post") {
      out[path] = { available: false };
      continue;
    }
    const set = isSetName(path) ? canonicalSetName(path) : null;
    const added = set !== null && top.addedSets.includes(set);
    const beyond = found.beyondNixpkgs !== null ? "a Canadian cross: no Nixpkgs stage" : added ? `added: no sliding window through a Canadian stage gives its ${set}` : null;
    out[path] = {
      available: true,
      build: found.build.platform.config,
      host: found.host.platform.config,
      target: found.target.platform.config,
      stage: found.id,
      ...(beyond === null ? {} : { beyondNixpkgs: beyond }),
    };
  }
  return out;
}
