/**
 * What suites/recipeGuide.test.ts needs to run the examples of docs/recipes.md: the examples
 * themselves (every ```ts block, named by its first line), written out as a user's project
 * (a recipe directory, `node_modules/crosscheck` pointing at this checkout, so `import ... from
 * "crosscheck"` resolves through the package's exports as it does for a user), type-checked with
 * the checkout's compiler options, and the plan and build-script lookups the checks use.
 */
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Accumulator, DependencyList, Plan, PlanNode } from "../harness/planner/index.ts";
import { buildScript } from "../harness/engine/index.ts";
import { scriptContext } from "../harness/engine/index.ts";

export const repoRoot = join(import.meta.dirname, "..");

// Loaded by Node, not through vitest's transform (the config inlines everything under the
// package root, node_modules too, and the compiler is large).
const ts = createRequire(import.meta.url)("typescript") as typeof import("typescript");

export interface GuideExample {
  /** The path the example's first line names (`// recipes/greet.ts`), relative to the project. */
  file: string;
  /** The recipe directory a recipe example is in (`recipes`, `overlay`); null for other files. */
  dir: string | null;
  /** The attribute a recipe example defines: its file name without `.ts`; null for other files. */
  attr: string | null;
  code: string;
  /** 1-based line of the code's first line in the guide. */
  line: number;
  /** The first ```text block after the example and before the next ```ts block: what the
   * guide says the planner answers. */
  output: string | null;
}

/** Every ```ts block of the guide, in order. A block without a `// <path>` first line is an error. */
export function readGuide(text: string): GuideExample[] {
  const lines = text.split("\n");
  const examples: GuideExample[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)/.exec(lines[i]!);
    if (open === null) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end]!)) end++;
    if (end === lines.length) throw new Error(`docs/recipes.md:${i + 1}: a code block that never closes`);
    const body = lines.slice(start, end).join("\n");
    if (open[1] === "ts") {
      const named = /^\/\/ (\S+\.ts)$/.exec(lines[start] ?? "");
      if (named === null) throw new Error(`docs/recipes.md:${start + 1}: a ts example must start with a line \`// <file>.ts\` naming it`);
      const file = named[1]!;
      const recipe = /^([^/]+)\/([^/]+)\.ts$/.exec(file);
      examples.push({ file, dir: recipe?.[1] ?? null, attr: recipe?.[2] ?? null, code: `${body}\n`, line: start + 1, output: null });
    } else if (open[1] === "text") {
      const last = examples.at(-1);
      if (last !== undefined && last.output === null) last.output = body.trim();
    }
    i = end;
  }
  return examples;
}

/**
 * Writes the examples into `dir` as a project (recipes in `dir/recipes`), with
 * `dir/node_modules/crosscheck` a link to this checkout. Returns each example's absolute path.
 */
export function writeProject(dir: string, examples: readonly GuideExample[]): Map<GuideExample, string> {
  mkdirSync(join(dir, "node_modules"), { recursive: true });
  symlinkSync(repoRoot, join(dir, "node_modules", "crosscheck"), "dir");
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name: "recipe-guide-examples", private: true, type: "module" }, null, 2)}\n`);
  const paths = new Map<GuideExample, string>();
  for (const example of examples) {
    const path = join(dir, example.file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, example.code);
    paths.set(example, path);
  }
  return paths;
}

export interface TypeDiagnostic {
  line: number;
  message: string;
}

/**
 * Type-checks the files with the checkout's tsconfig options; each file's own diagnostics (what
 * crosscheck's sources say about themselves is `tsc --noEmit`'s business, not the guide's).
 */
export function typecheck(files: readonly string[]): Map<string, TypeDiagnostic[]> {
  const configPath = join(repoRoot, "tsconfig.json");
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  if (config.error !== undefined) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, "\n"));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, repoRoot, undefined, configPath);
  const program = ts.createProgram({ rootNames: [...files], options: { ...parsed.options, noEmit: true } });
  const global = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  if (global.length > 0) throw new Error(global.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")).join("\n"));
  return new Map(
    files.map((file) => {
      const source = program.getSourceFile(file);
      if (source === undefined) throw new Error(`${file} is not in the program`);
      const found = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
      return [
        file,
        found.map((d) => ({
          line: source.getLineAndCharacterOfPosition(d.start ?? 0).line + 1,
          message: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
        })),
      ];
    }),
  );
}

// Plan lookups.

export const B = "x86_64-unknown-linux-gnu";
export const A = "aarch64-unknown-linux-gnu";

export const rootOf = (plan: Plan): PlanNode => plan.nodes[plan.root]!;
export const nodeOf = (plan: Plan, id: string): PlanNode => {
  const node = plan.nodes[id];
  if (node === undefined) throw new Error(`no node ${id} in the plan of ${plan.cell.package}`);
  return node;
};

/** (build, host, target) configs of a node. */
export const triple = (node: PlanNode): [string, string, string] => [node.build.config, node.host.config, node.target.config];

/** The nodes a node lists in one dependency list, with the edge's dependency type. */
export function depsIn(plan: Plan, node: PlanNode, list: DependencyList): { node: PlanNode; type: string }[] {
  return node.deps.filter((d) => d.list === list).map((d) => ({ node: nodeOf(plan, d.id), type: d.type }));
}

/** One accumulator of a node: each input with its pname, host and what propagated it. */
export function inputsIn(plan: Plan, node: PlanNode, accumulator: Accumulator): { node: PlanNode; pname: string; host: string; propagatedBy: string | null }[] {
  return node.inputs[accumulator].map((entry) => {
    const input = nodeOf(plan, entry.id);
    return { node: input, pname: input.pname, host: input.host.config, propagatedBy: entry.propagatedBy === null ? null : nodeOf(plan, entry.propagatedBy).pname };
  });
}

/** The one input of a node's accumulator with this pname. */
export function inputNamed(plan: Plan, node: PlanNode, accumulator: Accumulator, pname: string) {
  const found = inputsIn(plan, node, accumulator).filter((i) => i.pname === pname);
  if (found.length !== 1) throw new Error(`${node.name}: ${found.length} inputs named ${pname} in ${accumulator}`);
  return found[0]!;
}

/** A node's store path in build containers. */
export const storePath = (node: PlanNode): string => `/crosscheck/store/${node.storeName}`;

/** The build script the engine runs for a node, as realize.ts makes it. */
export function scriptOf(plan: Plan, node: PlanNode, options: { emulatedCheck?: boolean } = {}): string {
  return buildScript(scriptContext(plan, node, { emulatedCheck: options.emulatedCheck ?? false }));
}

/** The lines of a script, trimmed, for exact-line assertions. */
export const linesOf = (script: string): string[] => script.split("\n").map((l) => l.trim());

/** The phases a script announces, in order (`unpack`, `configure`, …). */
export function phasesOf(script: string): string[] {
  return [...script.matchAll(/^echo "@@crosscheck-phase (\S+) /gm)].map((m) => m[1]!);
}
