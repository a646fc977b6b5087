import { followPath } from "./attrPath.ts";
import type { PlatformRef } from "./derivation.ts";
import type { Planner } from "./planner.ts";

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
  | { available: true; build: string; host: string; target: string; stage: string }
  | { available: false };

/** Each path's stdenv platforms and stage identifier (equal identifiers = the same stage). */
export function describeStages(
  planner: Planner,
  crossSystem: PlatformRef["spec"] | null,
  paths: readonly string[],
): Record<string, StageView> {
  const top = planner.top(crossSystem);
  const out: Record<string, StageView> = {};
  for (const path of paths) {
    const found = followPath(planner, top, path);
    out[path] =
      found.kind === "post"
        ? { available: false }
        : {
            available: true,
            build: found.build.platform.config,
            host: found.host.platform.config,
            target: found.target.platform.config,
            stage: found.id,
          };
  }
  return out;
}
