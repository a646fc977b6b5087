/**
 * Serial (jobs=1) versus parallel (jobs=N, default 2) on the same cold workload, and where the
 * time goes. The workload is the build DAG of the smoke-store subset (the union of its cells'
 * plans, shared derivations once) realized through one Scheduler into a fresh temporary store;
 * cell checks (installCheck, emulated test suites, closure comparison) are not part of it, so
 * jobs bounds every container that runs.
 *
 *   npx tsx bench/parallel.ts [CELL-GLOBS=*~x86_64-linux,*~aarch64-multiplatform|all] [parallel jobs=2] [repetitions=1]
 *
 * Each repetition runs serial then parallel (alternating, so drifting load hits both). Every
 * build gets all cores (`make -jN`, the container's CPU limit), as the matrix suite gives them.
 * Where the time goes, per node and summed: the container's start (create + start, from the
 * build record's timings), the build phases (the container's clock, from the record), output
 * collection, and what remains of the node's time between its start and done events (image
 * lookup, source, closure scan, records). The closure scan is also timed on its own: each
 * built output scanned again with scanOutput, with the same candidates and build-machine
 * paths realizeNode uses.
 */
import { availableParallelism } from "node:os";
import { loadMatrix, selectCells } from "../harness/matrix/index.ts";
import { Planner, type Plan } from "../harness/planner/index.ts";
import { catalog } from "../recipes/index.ts";
import { Scheduler } from "../harness/engine/index.ts";
import { storeObject, storeObjects } from "../harness/engine/index.ts";
import { outputPath } from "../harness/engine/index.ts";
import { builderUser } from "../harness/engine/index.ts";
import { buildDir } from "../harness/engine/index.ts";
import { ensureNodeImage, toolchainTriples } from "../harness/engine/index.ts";
import { provisionForRun } from "../harness/engine/index.ts";
import { scanOutput } from "../harness/closure/index.ts";
import { buildMachinePaths } from "../harness/closure/index.ts";
import { EventLog, loadavg, machine, median, nodeCount, requireBuilt, seconds, table, tempStore, writeResults, type NodeFigure } from "./benchUtil.ts";

const selection = process.argv[2] ?? "*~x86_64-linux,*~aarch64-multiplatform";
const parallelJobs = Number(process.argv[3] ?? 2);
const repetitions = Number(process.argv[4] ?? 1);
if (!Number.isInteger(parallelJobs) || parallelJobs < 2) throw new Error(`parallel jobs must be an integer ≥ 2, not ${process.argv[3]}`);
if (!Number.isInteger(repetitions) || repetitions < 1) throw new Error(`repetitions must be a positive integer, not ${process.argv[4]}`);
const resultsPath = "bench/parallel.results.md";
const cores = availableParallelism();
const timeoutMs = 60 * 60_000;

const allCells = loadMatrix("matrices/smoke.yaml").cells;
const cells = selection === "all" ? allCells : selectCells(allCells, selection);
const planner = new Planner(catalog, "x86_64-linux");
const plans: Plan[] = cells.map((cell) => {
  if (cell.build.name !== "x86_64-linux") throw new Error(`${cell.id}: this benchmark plans on x86_64-linux only`);
  return planner.plan({ build: cell.build.spec, host: cell.host.spec, target: cell.target.spec, canadian: cell.canadian, package: cell.package });
});
const distinct = nodeCount(plans);

await provisionForRun((line) => console.log(line));
for (const plan of plans) for (const id of plan.order) await ensureNodeImage(plan, plan.nodes[id]!);

interface Run {
  jobs: number;
  repetition: number;
  wallMs: number;
  figures: NodeFigure[];
  scanMs: number;
  scannedBytes: number;
  loadBefore: string;
  loadAfter: string;
}

async function coldRun(jobs: number, repetition: number): Promise<Run> {
  const store = await tempStore(`parallel-j${jobs}`);
  try {
    const events = new EventLog();
    const scheduler = new Scheduler({ store: store.dir, cores, jobs });
    const loadBefore = loadavg();
    console.log(`[jobs=${jobs} #${repetition}] ${distinct} derivations of ${cells.length} cells into ${store.dir} (load ${loadBefore})`);
    const began = Date.now();
    const realizations = await Promise.all(plans.map((plan) => scheduler.realize(plan, { timeoutMs, onEvent: events.onEvent })));
    const wallMs = Date.now() - began;
    const loadAfter = loadavg();
    realizations.forEach((r, i) => requireBuilt(`jobs=${jobs} ${cells[i]!.id}`, r.builds));
    const figures = events.built();
    if (figures.length !== distinct) throw new Error(`jobs=${jobs}: expected ${distinct} builds in an empty store, got ${figures.length} (and ${events.cached().length} cached)`);
    if (figures.some((f) => f.imageBuildMs > 0)) throw new Error(`jobs=${jobs}: an image was built during the timed run`);
    console.log(`[jobs=${jobs} #${repetition}] ${seconds(wallMs)} s (load ${loadAfter})`);

    // The closure scan on its own: every output scanned again, as realizeNode scans it.
    let scanMs = 0;
    let scannedBytes = 0;
    for (const figure of figures) {
      const plan = plans.find((p) => p.nodes[figure.node.id] !== undefined)!;
      const request = {
        object: storeObject(figure.node),
        directory: outputPath(store.dir, figure.node),
        candidates: storeObjects(Object.values(plan.nodes)),
        buildMachinePaths: buildMachinePaths({ buildDirectory: buildDir, home: builderUser.home, toolchainTriples: toolchainTriples(plan, figure.node) }),
      };
      const start = process.hrtime.bigint();
      const scan = await scanOutput(request);
      scanMs += Number(process.hrtime.bigint() - start) / 1e6;
      scannedBytes += scan.totalBytes;
    }
    return { jobs, repetition, wallMs, figures, scanMs, scannedBytes, loadBefore, loadAfter };
  } finally {
    await store.remove();
  }
}

const runs: Run[] = [];
for (let repetition = 1; repetition <= repetitions; repetition++) {
  runs.push(await coldRun(1, repetition));
  runs.push(await coldRun(parallelJobs, repetition));
}

const phaseNames = ["unpack", "patch", "configure", "build", "check", "install", "fixup"];
const sum = (figures: NodeFigure[], f: (n: NodeFigure) => number | null) => figures.reduce((s, n) => s + (f(n) ?? 0), 0);
const phaseSum = (figures: NodeFigure[], phase: string) => sum(figures, (n) => (n.phases[phase] ?? 0) * 1000);
/** Container run time not covered by a phase marker: shell start, the wrapper's setup, the last phase (its length is unknown). */
const unattributed = (n: NodeFigure) => (n.runMs ?? 0) - Object.values(n.phases).reduce((s, p) => s + p * 1000, 0);
const outside = (n: NodeFigure) => (n.wallMs ?? 0) - (n.totalMs ?? 0);

const breakdown = (run: Run): (string | number)[] => {
  const f = run.figures;
  const nodeTotal = sum(f, (n) => n.wallMs);
  return [
    `jobs=${run.jobs} #${run.repetition}`,
    seconds(run.wallMs),
    seconds(nodeTotal),
    `${(nodeTotal / run.wallMs).toFixed(2)}`,
    seconds(sum(f, (n) => n.startMs)),
    ...phaseNames.map((p) => seconds(phaseSum(f, p))),
    seconds(sum(f, unattributed)),
    seconds(sum(f, (n) => n.collectMs)),
    seconds(sum(f, outside)),
    seconds(run.scanMs),
    run.loadBefore,
    run.loadAfter,
  ];
};

const serial = median(runs.filter((r) => r.jobs === 1).map((r) => r.wallMs));
const parallel = median(runs.filter((r) => r.jobs === parallelJobs).map((r) => r.wallMs));
const lastSerial = runs.filter((r) => r.jobs === 1).at(-1)!;
const lastParallel = runs.filter((r) => r.jobs === parallelJobs).at(-1)!;
const nodeRows = lastSerial.figures
  .slice()
  .sort((a, b) => (b.wallMs ?? 0) - (a.wallMs ?? 0))
  .map((n) => {
    const p = lastParallel.figures.find((q) => q.node.id === n.node.id);
    return [n.node.storeName.slice(33), n.node.host.config, seconds(n.startMs ?? 0), ...["configure", "build", "check", "install"].map((ph) => String(n.phases[ph] ?? "–")), seconds(n.collectMs ?? 0), seconds(n.wallMs ?? 0), p ? seconds(p.wallMs ?? 0) : "?"];
  });

const markdown = [
  "# parallel: serial versus parallel on one cold workload, and where the time goes",
  "",
  `Command: \`npx tsx bench/parallel.ts '${selection}' ${parallelJobs} ${repetitions}\` — ${new Date().toISOString()}, ${machine()}, shared with other engineers' builds (load averages: /proc/loadavg 1/5/15 min).`,
  "",
  `Workload: the build DAG of ${cells.length} smoke cells${selection === "all" ? "" : ` (\`${selection}\`)`}: ${distinct} distinct derivations, realized by one Scheduler into a fresh temporary store (cold; images present), every build with all ${cores} cores. Cell checks are not included.`,
  "",
  table(["", "jobs=1 s", `jobs=${parallelJobs} s`, "speedup"], [["wall (median)", seconds(serial), seconds(parallel), `${(serial / parallel).toFixed(2)}×`]]),
  "",
  "## Where the time goes (seconds summed over all nodes)",
  "",
  "node time = start→done event per node; overlap = node time / wall (≈ containers busy at once); start = container create+start; phases from the container's clock (whole seconds, the last phase of each build uncounted, so they go to \"other in container\"); collect = copying the output out; outside = node time − container total (image lookup, source, closure scan, build records); scan = scanOutput again over every output, timed alone.",
  "",
  table(
    ["run", "wall", "node time", "overlap", "start", ...phaseNames, "other in container", "collect", "outside container", "scan (alone)", "load before", "load after"],
    runs.map(breakdown),
  ),
  "",
  `Closure scan: ${(lastSerial.scannedBytes / 1e6).toFixed(1)} MB over ${lastSerial.figures.length} outputs in ${seconds(lastSerial.scanMs)} s.`,
  "",
  `## Per node (jobs=1 #${lastSerial.repetition}, slowest first; last column: the same node at jobs=${parallelJobs})`,
  "",
  table(["node", "host", "start s", "configure", "build", "check", "install", "collect s", "node s (jobs=1)", `node s (jobs=${parallelJobs})`], nodeRows),
  "",
].join("\n");
await writeResults(resultsPath, markdown);
