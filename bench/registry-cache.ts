/**
 * The smoke matrix, cold, with an OCI registry as the shared cache (Debian's docker-registry
 * on 127.0.0.1, as the tests run it): first with the registry empty (last night: every
 * derivation built here and pushed), then on another empty store with the registry holding
 * those builds (tonight on a fresh CI runner: every derivation fetched). Wall time, node builds,
 * fetches and the bytes pushed and pulled (blobs and manifests, as sent and received) of each.
 * Cells go through the cell runner and one Scheduler per phase, all cells at once, as
 * smoke-store.ts runs them.
 *
 *   npx tsx bench/registry-cache.ts [CELL-GLOBS|all=all] [jobs=CROSSCHECK_JOBS or one per core]
 *
 * Images are made ready first, untimed, and pushed to the registry then (its storage growth is
 * reported); the timed phases use the machine's engine, which has them, so image pulls are not
 * part of them (suites/registryCache.test.ts pulls them into an empty engine).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { spawnSync } from "node:child_process";
import { selectCells, type Cell } from "../harness/matrix/index.ts";
import { catalog } from "../recipes/index.ts";
import { createCellRunner, type CellRun } from "../harness/cell/index.ts";
import { resolveProject } from "../harness/project/index.ts";
import { defaultJobs, ensureNodeImage, parseRegistryLocation, RegistryCache, sharedCache, sharedCacheEnvVar, type RegistryTraffic } from "../harness/engine/index.ts";
import { startLocalRegistry } from "../harness/engine/store/localRegistry.testutil.ts";
import { ObservedScheduler, loadavg, machine, seconds, table, tempStore, writeResults } from "./benchUtil.ts";

const selection = process.argv[2] ?? "all";
const jobs = Number(process.argv[3] ?? defaultJobs());
if (!Number.isInteger(jobs) || jobs < 1) throw new Error(`jobs must be a positive integer, not ${process.argv[3]}`);

const repo = process.cwd();
const resultsPath = resolve(repo, "bench/registry-cache.results.md");
const project = { ...(await resolveProject(repo)), cellsDir: await mkdtemp(join(tmpdir(), "crosscheck-bench-cells-")) };
const allCells = (await createCellRunner({ project })).loadMatrix(resolve(repo, "matrices/smoke.yaml")).cells;
const cells: Cell[] = selection === "all" ? allCells : selectCells(allCells, selection);

const registry = await startLocalRegistry();
// The images go through the same registry: ensureBaseImage and ensureToolchainImage read the setting.
process.env[sharedCacheEnvVar] = registry.cacheUrl("crosscheck/bench");
const imageCache = sharedCache() as RegistryCache;
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
const stored = () => Number(spawnSync("du", ["-sb", registry.dir], { encoding: "utf8" }).stdout.split("\t")[0]);

interface Phase {
  name: string;
  wallMs: number;
  runs: CellRun[];
  built: number;
  fetched: number;
  traffic: RegistryTraffic;
  loadBefore: string;
  loadAfter: string;
}

async function runPhase(name: string, store: string): Promise<Phase> {
  // A cache of its own per phase: its traffic is this phase's, as a new run's process would count.
  const cache = new RegistryCache(parseRegistryLocation(registry.cacheUrl("crosscheck/bench"), sharedCacheEnvVar), { warn: (w) => console.warn(`[${name}] warning: ${w}`) });
  const scheduler = new ObservedScheduler({ store, cores: availableParallelism(), jobs, sharedCache: cache });
  const runner = await createCellRunner({ project, catalog, store, scheduler });
  const loadBefore = loadavg();
  console.log(`[${name}] ${cells.length} cells, jobs=${jobs}, load ${loadBefore}`);
  const began = Date.now();
  const runs = await Promise.all(cells.map((cell) => runner.run(cell, { onProgress: (line) => console.log(`[${name}] ${cell.id}: ${line}`) })));
  const wallMs = Date.now() - began;
  const loadAfter = loadavg();
  if (!cache.reachable) throw new Error(`[${name}] the registry stopped answering: no figure from this run`);
  for (const run of runs) if (run.outcome.state === "infrastructure") throw new Error(`[${name}] ${run.cell.id}: infrastructure: ${run.outcome.message}`);
  const imageMs = scheduler.events.entries.reduce((sum, f) => sum + f.imageBuildMs, 0);
  if (imageMs > 0) throw new Error(`[${name}] images were built during the timed phase (${seconds(imageMs)} s): run again, the images now exist`);
  const built = scheduler.events.built().length;
  console.log(`[${name}] ${seconds(wallMs)} s, ${built} built, ${cache.traffic.fetched} fetched, ${mib(cache.traffic.pushedBytes)} MiB pushed, ${mib(cache.traffic.pulledBytes)} MiB pulled (load ${loadAfter})`);
  return { name, wallMs, runs, built, fetched: cache.traffic.fetched, traffic: { ...cache.traffic }, loadBefore, loadAfter };
}

const phases: Phase[] = [];
let imageNote = "";
try {
  // Provisioning pushes the base image (ensureBaseImage), the toolchain images follow.
  const before = stored();
  const imagesBegan = Date.now();
  await (await createCellRunner({ project })).provision((line) => console.log(line));
  const runner = await createCellRunner({ project });
  const tags = new Set<string>();
  for (const cell of cells) {
    const plan = runner.plan(cell);
    for (const id of plan.order) {
      await ensureNodeImage(plan, plan.nodes[id]!, (tag, built) => {
        tags.add(tag);
        if (built) console.log(`built ${tag} before the timed phases`);
      });
    }
  }
  if (!imageCache.reachable) throw new Error("the registry stopped answering while the images were pushed");
  imageNote = `provisioning and ${tags.size} toolchain images, with the base image pushed to the registry through the Docker engine before the timed phases, in ${seconds(Date.now() - imagesBegan)} s; the registry's storage grew by ${mib(stored() - before)} MiB`;
  console.log(imageNote);

  const lastNight = await tempStore("registry-last-night");
  const tonight = await tempStore("registry-tonight");
  try {
    phases.push(await runPhase("cold, registry empty (builds and pushes)", lastNight.dir));
    phases.push(await runPhase("cold, registry holding those builds (fetches)", tonight.dir));
  } finally {
    await lastNight.remove();
    await tonight.remove();
  }
} finally {
  await registry.destroy();
  await rm(project.cellsDir, { recursive: true, force: true });
}

const [empty, holding] = phases as [Phase, Phase];
const states = (p: Phase) => {
  const counts = new Map<string, number>();
  for (const r of p.runs) counts.set(r.outcome.state, (counts.get(r.outcome.state) ?? 0) + 1);
  return [...counts].map(([s, n]) => `${n} ${s}`).join(", ");
};
const rows = phases.map((p) => [p.name, seconds(p.wallMs), `${((p.wallMs / empty.wallMs) * 100).toFixed(1)}%`, p.built, p.fetched, p.traffic.published, mib(p.traffic.pushedBytes), mib(p.traffic.pulledBytes), states(p), p.loadBefore, p.loadAfter]);
const cellRows = cells.map((cell, i) => [cell.id, ...phases.map((p) => `${p.runs[i]!.seconds.toFixed(1)} ${p.runs[i]!.outcome.state}`)]);
const notPassed = phases.flatMap((p) => p.runs.filter((r) => r.outcome.state !== "passed").map((r) => `- ${p.name}: ${r.cell.id}: ${r.outcome.state}: ${r.outcome.message.split("\n")[0]}`));

const markdown = [
  "# registry-cache: the smoke matrix cold, with an OCI registry as the shared cache — empty, and holding last night's builds",
  "",
  `Command: \`npx tsx bench/registry-cache.ts '${selection}' ${jobs}\` — ${new Date().toISOString()}, ${machine()}, jobs=${jobs}, shared with other engineers' builds (load averages: /proc/loadavg 1/5/15 min). Registry: Debian's docker-registry on 127.0.0.1 (loopback: the figures are the harness's cost, not a network's).`,
  "",
  `Cells: ${cells.length} of the smoke matrix's ${allCells.length}. Images: ${imageNote}. Each phase is a new run (new planners, Scheduler and registry client) on an empty temporary store, all cells at once through runCell.`,
  "",
  table(["phase", "wall s", "of the first", "node builds", "fetched", "published", "MiB pushed", "MiB pulled", "cells", "load before", "load after"], rows),
  "",
  `With the registry holding the builds, a cold run took ${((holding.wallMs / empty.wallMs) * 100).toFixed(1)}% of the time (${seconds(holding.wallMs)} s against ${seconds(empty.wallMs)} s), building ${holding.built} derivations and fetching ${holding.fetched}. What it still spends is the checks: installChecks and emulated test suites run again on a new machine (their recorded passes are the local store's), and the closure and ELF checks.`,
  "",
  "## Per cell (runCell seconds and state)",
  "",
  table(["cell", ...phases.map((p) => p.name)], cellRows),
  "",
  ...(notPassed.length > 0 ? ["Cells that did not pass (the state is the harness's verdict; timings still count):", "", ...notPassed, ""] : []),
].join("\n");
await writeResults(resultsPath, markdown);
