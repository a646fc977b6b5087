/**
 * The smoke matrix against a fresh temporary store: cold (empty store), warm (same store,
 * nothing changed), and one recipe changed (zlib with an extra install step, through a catalog
 * overlay as suites/closureRegression.test.ts makes one). Cells go through the cell runner and one
 * Scheduler per phase (a new run, as a new night would be: new planners, new scheduler), all
 * cells of a phase at once as the matrix suite runs them.
 *
 *   npx tsx bench/smoke-store.ts [CELL-GLOBS=*~x86_64-linux,*~aarch64-multiplatform|all] [jobs=CROSSCHECK_JOBS or one per core] [warm repetitions=3]
 *
 * The default is a representative subset (11 of the 21 cells: every package natively on
 * x86_64 and cross to aarch64, plus tcc as an x86_64→aarch64 cross compiler); `all` runs the
 * whole matrix. Images must exist already (they are built first, untimed, if not: the run says
 * which); the cold phase fails if any image is built inside it. Cell records for `why` go to a
 * temporary directory, not the checkout's .crosscheck/.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { selectCells, type Cell } from "../harness/matrix/index.ts";
import { overlay, type Catalog, type Derivation, type Plan, type PlanNode } from "../harness/planner/index.ts";
import { catalog } from "../recipes/index.ts";
import { createCellRunner, type CellRun } from "../harness/cell/index.ts";
import { resolveProject } from "../harness/project/index.ts";
import { defaultJobs } from "../harness/engine/index.ts";
import { ensureNodeImage } from "../harness/engine/index.ts";
import { ObservedScheduler, loadavg, machine, median, seconds, table, tempStore, writeResults } from "./benchUtil.ts";

const selection = process.argv[2] ?? "*~x86_64-linux,*~aarch64-multiplatform";
const jobs = Number(process.argv[3] ?? defaultJobs());
const warmRepetitions = Number(process.argv[4] ?? 3);
if (!Number.isInteger(jobs) || jobs < 1) throw new Error(`jobs must be a positive integer, not ${process.argv[3]}`);
if (!Number.isInteger(warmRepetitions) || warmRepetitions < 1) throw new Error(`warm repetitions must be a positive integer, not ${process.argv[4]}`);

const repo = process.cwd();
const resultsPath = resolve(repo, "bench/smoke-store.results.md");
// Runs write cell records for `why`: keep them out of the checkout.
const project = { ...(await resolveProject(repo)), cellsDir: await mkdtemp(join(tmpdir(), "crosscheck-bench-cells-")) };
const allCells = (await createCellRunner({ project })).loadMatrix(resolve(repo, "matrices/smoke.yaml")).cells;
const cells: Cell[] = selection === "all" ? allCells : selectCells(allCells, selection);

/** zlib, changed in one phase only: an extra line at the end of its install, as an overlay. */
const changedZlib = overlay(catalog, {
  zlib: ({ prev }: { prev: Derivation }) => prev.overrideAttrs({ postInstall: 'echo "zlib: bench variant" >&2' }),
});

async function plansOf(recipes: Catalog): Promise<Plan[]> {
  const runner = await createCellRunner({ project, catalog: recipes });
  return cells.map((cell) => runner.plan(cell));
}

/** Every node a node's build needs, transitively. */
function closureOf(plan: Plan, id: string, seen = new Set<string>()): Set<string> {
  const node = plan.nodes[id]!;
  const direct = [...Object.values(node.inputs).flatMap((list) => list.map((i) => i.id)), ...node.deps.map((d) => d.id), ...(node.cc === null ? [] : [node.cc])];
  for (const d of direct) if (!seen.has(d)) closureOf(plan, d, seen.add(d));
  return seen;
}

interface Phase {
  name: string;
  wallMs: number;
  runs: CellRun[];
  started: PlanNode[];
  /** Summed start→done time of the node builds (they overlap up to `jobs` at once). */
  buildMs: number;
  cached: number;
  loadBefore: string;
  loadAfter: string;
}

async function runPhase(name: string, recipes: Catalog, store: string): Promise<Phase> {
  const scheduler = new ObservedScheduler({ store, cores: availableParallelism(), jobs });
  const runner = await createCellRunner({ project, catalog: recipes, store, scheduler });
  const loadBefore = loadavg();
  console.log(`[${name}] ${cells.length} cells, jobs=${jobs}, load ${loadBefore}`);
  const began = Date.now();
  const runs = await Promise.all(
    cells.map((cell) =>
      runner.run(cell, { onProgress: (line) => console.log(`[${name}] ${cell.id}: ${line}`) }),
    ),
  );
  const wallMs = Date.now() - began;
  const loadAfter = loadavg();
  const imageMs = scheduler.events.entries.reduce((sum, f) => sum + f.imageBuildMs, 0);
  if (imageMs > 0) throw new Error(`[${name}] images were built during the timed phase (${seconds(imageMs)} s): run again, the images now exist`);
  for (const run of runs) if (run.outcome.state === "infrastructure") throw new Error(`[${name}] ${run.cell.id}: infrastructure: ${run.outcome.message}`);
  const started = scheduler.events.started();
  const failed = started.filter((f) => f.status !== "built");
  if (failed.length > 0) console.warn(`[${name}] not built: ${failed.map((f) => `${f.node.storeName} ${f.status}`).join(", ")}`);
  console.log(`[${name}] ${seconds(wallMs)} s, ${started.length} node builds, ${scheduler.events.cached().length} cached (load ${loadAfter})`);
  return { name, wallMs, runs, started: started.map((f) => f.node), buildMs: started.reduce((sum, f) => sum + (f.wallMs ?? 0), 0), cached: scheduler.events.cached().length, loadBefore, loadAfter };
}

await (await createCellRunner({ project })).provision((line) => console.log(line));

// Images first, untimed: every image the cold, warm and changed plans need.
const imageNotes: string[] = [];
const originalPlans = await plansOf(catalog);
const changedPlans = await plansOf(changedZlib);
for (const plan of [...originalPlans, ...changedPlans]) {
  for (const id of plan.order) {
    await ensureNodeImage(plan, plan.nodes[id]!, (tag, built, ms) => {
      if (built) imageNotes.push(`built ${tag} in ${seconds(ms)} s before the cold phase`);
    });
  }
}
const imageNote = imageNotes.length === 0 ? "all images already present (base and every toolchain image: reused, not timed)" : imageNotes.join("; ");
console.log(imageNote);

const store = await tempStore("smoke");
const phases: Phase[] = [];
let changedReport = "";
try {
  phases.push(await runPhase("cold", catalog, store.dir));
  for (let i = 1; i <= warmRepetitions; i++) phases.push(await runPhase(`warm #${i}`, catalog, store.dir));
  const changed = await runPhase("zlib changed", changedZlib, store.dir);
  phases.push(changed);

  // Which nodes should have rebuilt: those of the changed plans that were not in the original
  // plans. Each must be zlib or need zlib; nothing else may rebuild.
  const originalIds = new Set(originalPlans.flatMap((p) => Object.keys(p.nodes)));
  const newIds = new Map<string, PlanNode>();
  for (const plan of changedPlans) for (const [id, node] of Object.entries(plan.nodes)) if (!originalIds.has(id)) newIds.set(id, node);
  const dependsOnZlib = (id: string): boolean => {
    const plan = changedPlans.find((p) => p.nodes[id] !== undefined)!;
    return plan.nodes[id]!.pname === "zlib" || [...closureOf(plan, id)].some((d) => plan.nodes[d]!.pname === "zlib");
  };
  const rebuiltIds = new Set(changed.started.map((n) => n.id));
  const unexpected = changed.started.filter((n) => !newIds.has(n.id) || !dependsOnZlib(n.id));
  const missing = [...newIds.values()].filter((n) => !rebuiltIds.has(n.id));
  const notZlib = [...newIds.values()].filter((n) => !dependsOnZlib(n.id));
  changedReport = [
    `Rebuilt after the change (${changed.started.length} node builds, ${rebuiltIds.size} distinct nodes; ${changed.cached} cached):`,
    "",
    ...[...new Map(changed.started.map((n) => [n.id, n])).values()].map((n) => `- ${n.storeName.slice(33)} (${n.host.config})${n.pname === "zlib" ? "" : " — needs zlib"}`),
    "",
    `Nodes whose id changed (planned): ${newIds.size}; of them zlib or needing zlib: ${newIds.size - notZlib.length}.`,
    unexpected.length === 0 ? "No node outside zlib and its dependents was rebuilt." : `**Rebuilt though unaffected by zlib: ${unexpected.map((n) => n.storeName).join(", ")}**`,
    missing.length === 0 ? "Every changed node was rebuilt." : `**Changed but not rebuilt: ${missing.map((n) => n.storeName).join(", ")}**`,
    notZlib.length === 0 ? "" : `**Changed ids that do not involve zlib: ${notZlib.map((n) => n.storeName).join(", ")}**`,
  ].join("\n");
} finally {
  await store.remove();
  await rm(project.cellsDir, { recursive: true, force: true });
}

const cold = phases[0]!;
const warm = phases.filter((p) => p.name.startsWith("warm"));
const warmMedian = median(warm.map((p) => p.wallMs));
const states = (p: Phase) => {
  const counts = new Map<string, number>();
  for (const r of p.runs) counts.set(r.outcome.state, (counts.get(r.outcome.state) ?? 0) + 1);
  return [...counts].map(([s, n]) => `${n} ${s}`).join(", ");
};
const rows = phases.map((p) => [p.name, seconds(p.wallMs), `${((p.wallMs / cold.wallMs) * 100).toFixed(1)}%`, p.started.length, new Set(p.started.map((n) => n.id)).size, seconds(p.buildMs), p.cached, states(p), p.loadBefore, p.loadAfter]);
const cellRows = cells.map((cell, i) => [cell.id, ...phases.map((p) => `${p.runs[i]!.seconds.toFixed(1)} ${p.runs[i]!.outcome.state}`)]);
const notPassed = phases.flatMap((p) => p.runs.filter((r) => r.outcome.state !== "passed").map((r) => `- ${p.name}: ${r.cell.id}: ${r.outcome.state}: ${r.outcome.message.split("\n")[0]}`));

const markdown = [
  "# smoke-store: the smoke matrix against a fresh store — cold, warm, one recipe changed",
  "",
  `Command: \`npx tsx bench/smoke-store.ts '${selection}' ${jobs} ${warmRepetitions}\` — ${new Date().toISOString()}, ${machine()}, jobs=${jobs}, shared with other engineers' builds (load averages: /proc/loadavg 1/5/15 min).`,
  "",
  `Cells: ${cells.length} of the smoke matrix's ${allCells.length}${selection === "all" ? "" : ` (\`${selection}\`)`}; ${new Set(originalPlans.flatMap((p) => Object.keys(p.nodes))).size} distinct derivations. Images: ${imageNote}. Each phase is a new run (new planners and Scheduler) on the same temporary store, all cells at once through runCell (plan, realize, installCheck, emulated test suite, ELF and closure checks against the committed snapshots).`,
  "",
  table(["phase", "wall s", "of cold", "node builds", "distinct nodes built", "node build s (summed)", "cached", "cells", "load before", "load after"], rows),
  "",
  `Warm (median of ${warm.length}) is ${((warmMedian / cold.wallMs) * 100).toFixed(1)}% of cold (goal: at most 2%, issue 21).`,
  "",
  ...warm.filter((p) => p.started.length > 0).map((p) => `- ${p.name} built again, though nothing changed: ${p.started.map((n) => n.storeName.slice(33)).join(", ")} (${seconds(p.buildMs)} s of node builds)`),
  "",
  "## One recipe changed: zlib with an extra postInstall line",
  "",
  changedReport,
  "",
  "## Per cell (runCell seconds and state)",
  "",
  table(["cell", ...phases.map((p) => p.name)], cellRows),
  "",
  ...(notPassed.length > 0 ? ["Cells that did not pass (the state is the harness's verdict; timings still count):", "", ...notPassed, ""] : []),
].join("\n");
await writeResults(resultsPath, markdown);
