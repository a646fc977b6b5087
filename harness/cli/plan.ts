import { parseArgs } from "node:util";
import { catalog } from "../../recipes/index.ts";
import { defaultStagePaths, describeStages, Planner, renderDot, renderTree } from "../planner/index.ts";
import { UserError } from "../userError.ts";

const usage = `usage:
  crosscheck plan --build B --host H [--target T] [--canadian] [--json | --dot] PACKAGE
  crosscheck plan --stages --json --local B [--cross H] [--path P]...`;

/** `crosscheck plan`: print one cell's plan (tree, JSON or Graphviz), or the stages of an import. */
export async function plan(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        build: { type: "string" },
        host: { type: "string" },
        target: { type: "string" },
        canadian: { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        dot: { type: "boolean", default: false },
        stages: { type: "boolean", default: false },
        local: { type: "string" },
        cross: { type: "string" },
        path: { type: "string", multiple: true, default: [] },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    throw new UserError(`${(error as Error).message}\n${usage}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(usage);
    return 0;
  }

  if (values.stages) {
    if (values.local === undefined) throw new UserError(`--stages needs --local\n${usage}`);
    const planner = new Planner(catalog, values.local);
    const view = describeStages(planner, values.cross ?? null, [...defaultStagePaths, ...values.path]);
    if (values.json) console.log(JSON.stringify(view, null, 2));
    else for (const [path, stage] of Object.entries(view)) console.log(`${path.padEnd(45)} ${stage.available ? stage.stage : "post-stage (only stdenv.cc)"}`);
    return 0;
  }

  const [pkg, ...extra] = positionals;
  if (pkg === undefined || extra.length > 0) throw new UserError(`give exactly one PACKAGE\n${usage}`);
  if (values.build === undefined || values.host === undefined) throw new UserError(`--build and --host are required\n${usage}`);
  if (values.json && values.dot) throw new UserError("--json and --dot exclude each other");
  const planner = new Planner(catalog, values.build);
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
