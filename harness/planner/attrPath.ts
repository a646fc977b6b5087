import { exampleNames } from "../platform/index.ts";
import { UserError } from "../userError.ts";
import type { Planner } from "./planner.ts";
import { canonicalSetName, isSetName, setAliases, setNames, type PostStage, type Stage } from "./stage.ts";
import { didYouMean } from "../suggest.ts";

/**
 * Follows a dotted attribute path of package sets from the top-level set, as Nix would:
 * `buildPackages.pkgsBuildTarget`, `pkgsCross.riscv64.buildPackages`. `<top>` (or the empty path)
 * is the top itself. `pkgsCross.<example>` re-imports with that crossSystem and the same
 * localSystem (MODEL B.4).
 */
export function followPath(planner: Planner, top: Stage, path: string): Stage | PostStage {
  if (path === "" || path === "<top>") return top;
  const segments = path.split(".");
  let current: Stage | PostStage = top;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string;
    if (current.kind === "post") {
      throw new UserError(`${path}: ${current.id} is the booter's post-stage, which only has stdenv.cc`);
    }
    if (segment === "pkgsCross") {
      const example = segments[++i];
      if (example === undefined || !exampleNames.includes(example)) {
        throw new UserError(`${path}: pkgsCross needs an example platform name${example === undefined ? "" : didYouMean(example, exampleNames)}`);
      }
      current = planner.top(example);
      continue;
    }
    if (!isSetName(segment)) {
      const names = [...setNames, ...Object.keys(setAliases), "pkgsCross"];
      throw new UserError(`${path}: '${segment}' is not a package set${didYouMean(segment, names)}`);
    }
    current = current.sets[canonicalSetName(segment)];
  }
  return current;
}
