import { defaultStagePaths, describeCellStages, describeStages, Planner, renderDot, renderTree, type StageView } from "../planner/index.ts";
import { loadCatalog, resolveProject } from "../project/index.ts";
import type { Invocation } from "./commands.ts";
import { UsageError } from "./usageError.ts";

/**
 * `crosscheck plan`: print one cell's plan (tree, JSON or Graphviz), or the stages of an import,
 * with the project's package set: what `crosscheck run` would build there.
 */
export async function plan({ values, positionals: [pkg] }: Invocation<"plan">): Promise<number> {
  if (values.stages) {
    const paths = [...defaultStagePaths, ...values.path];
    let view: Record<string, StageView>;
    if (values.build !== undefined || values.host !== undefined) {
      // A cell's stage: the stage its package is built in, Canadian crosses too.
      if (values.build === undefined || values.host === undefined) throw new UsageError("--stages of a cell needs --build and --host");
      if (values.local !== undefined || values.cross !== undefined) throw new UsageError("--stages takes a cell (--build, --host) or an import (--local, --cross), not both");
      const planner = new Planner(await loadCatalog(await resolveProject()), values.build);
      view = describeCellStages(planner, { build: values.build, host: values.host, ...(values.target === undefined ? {} : { target: values.target }), canadian: values.canadian }, paths);
    } else {
      if (values.local === undefined) throw new UsageError("--stages needs --local, or a cell's --build and --host");
      const planner = new Planner(await loadCatalog(await resolveProject()), values.local);
      view = describeStages(planner, values.cross ?? null, paths);
    }
    if (values.json) console.log(JSON.stringify(view, null, 2));
    else for (const [path, stage] of Object.entries(view)) console.log(stageLine(path, stage));
    return 0;
  }

  if (pkg === undefined) throw new UsageError("missing PACKAGE");
  if (values.build === undefined || values.host === undefined) throw new UsageError("--build and --host are required");
  if (values.json && values.dot) throw new UsageError("--json and --dot exclude each other");
  const planner = new Planner(await loadCatalog(await resolveProject()), values.build);
  const result = planner.plan({
    build: values.build,
    host: values.host,
    ...(values.target === undefined ? {} : { target: values.target }),
    canadian: values.canadian,
    package: pkg,
  });
  if (values.json) console.log(JSON.stringify(result, null, 2));
  else if (values.dot) console.log(renderDot(result));
  else console.log(renderTree(result));
  return 0;
}

/** One attribute path's stage, and where it goes beyond Nixpkgs. */
function stageLine(path: string, stage: StageView): string {
  if (!stage.available) return `${path.padEnd(45)} post-stage (only stdenv.cc)`;
  return `${path.padEnd(45)} ${stage.stage}${stage.beyondNixpkgs === undefined ? "" : `  ${stage.beyondNixpkgs}`}`;
}
