import { defaultStagePaths, describeStages, Planner, renderDot, renderTree } from "../planner/index.ts";
import { loadCatalog, resolveProject } from "../project/index.ts";
import type { Invocation } from "./commands.ts";
import { UsageError } from "./usageError.ts";

/**
 * `crosscheck plan`: print one cell's plan (tree, JSON or Graphviz), or the stages of an import,
 * with the project's package set: what `crosscheck run` would build there.
 */
export async function plan({ values, positionals: [pkg] }: Invocation<"plan">): Promise<number> {
  if (values.stages) {
    if (values.local === undefined) throw new UsageError("--stages needs --local");
    const planner = new Planner(await loadCatalog(await resolveProject()), values.local);
    const view = describeStages(planner, values.cross ?? null, [...defaultStagePaths, ...values.path]);
    if (values.json) console.log(JSON.stringify(view, null, 2));
    else for (const [path, stage] of Object.entries(view)) console.log(`${path.padEnd(45)} ${stage.available ? stage.stage : "post-stage (only stdenv.cc)"}`);
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
