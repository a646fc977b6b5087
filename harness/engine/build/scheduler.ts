/**
 * Realizing many cells' plans as one DAG: a node shared by several plans (the same id: the
 * same derivation) is built once, even when cells ask for it at the same time; independent
 * nodes build in parallel, up to `jobs` containers at once; a cell's plan is done as soon as its
 * own nodes are. Across processes (shards on one machine) a lock per node keeps a build from
 * running twice: the second process waits, then finds it in the store. With builders
 * (builders.ts) each derivation goes to one of their engines, `jobs` being theirs together.
 */
import { availableParallelism, totalmem } from "node:os";
import type { Plan, PlanNode } from "../../planner/index.ts";
import type { OutputScan } from "../../closure/index.ts";
import { readScan, scanRecordPath } from "../../closure/index.ts";
import { withFileLock } from "../machine/fileLock.ts";
import { nodeLockPath } from "../store/localStore.ts";
import type { SharedCache } from "../store/sharedCache.ts";
import { nodeImageTags } from "../images/nodeImage.ts";
import { BuilderPool, type BuilderSpec } from "./builders.ts";
import { realizeNode, storeObjects, type NodeBuild, type RealizeOptions } from "./realize.ts";

export interface SchedulerOptions {
  store: string;
  /** Cores each build may use (`make -jN`). */
  cores: number;
  /** Containers at once (with builders: ignored, theirs together). */
  jobs: number;
  /** Engines to dispatch derivations to (CROSSCHECK_BUILDERS, the config's `builders`); none: the process's engine. */
  builders?: BuilderSpec[];
  /** A cache shared with other machines (CROSSCHECK_SHARED_CACHE), if any. */
  sharedCache?: SharedCache | null;
}

export interface PlanRealization {
  builds: NodeBuild[];
  /** The first node (in dependency order) that failed to build; what needs it was not built. */
  failed: NodeBuild | null;
  /** The recorded scans of every realized node, by id. */
  scans: Map<string, OutputScan>;
}

/** Containers at once: CROSSCHECK_JOBS, else one per core as far as memory allows 4 GiB each
 * (the build containers' memory limit). */
export function defaultJobs(env: NodeJS.ProcessEnv = process.env): number {
  const asked = Number(env["CROSSCHECK_JOBS"]);
  if (Number.isInteger(asked) && asked > 0) return asked;
  return Math.max(1, Math.min(availableParallelism(), Math.floor(totalmem() / 2 ** 32)));
}

export type CellRealizeOptions = Pick<RealizeOptions, "timeoutMs" | "emulatedCheck" | "onEvent">;

/** The nodes a node's build waits for: everything it mounts. */
function dependencyIds(node: PlanNode): string[] {
  const ids = new Set<string>();
  for (const list of Object.values(node.inputs)) for (const input of list) ids.add(input.id);
  for (const dep of node.deps) ids.add(dep.id);
  if (node.cc !== null) ids.add(node.cc);
  return [...ids];
}

export class Scheduler {
  private readonly inFlight = new Map<string, Promise<NodeBuild>>();
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly pool: BuilderPool | null;
  readonly options: SchedulerOptions;

  constructor(options: SchedulerOptions) {
    this.pool = options.builders === undefined || options.builders.length === 0 ? null : new BuilderPool(options.builders);
    this.options = this.pool === null ? options : { ...options, jobs: this.pool.jobs };
  }

  private async slot<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.options.jobs) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await work();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  private build(plan: Plan, id: string, cell: CellRealizeOptions): Promise<NodeBuild> {
    const node = plan.nodes[id]!;
    const emulated = cell.emulatedCheck?.id === id ? cell.emulatedCheck : undefined;
    const key = emulated === undefined ? id : `${id}+${emulated.runner}`;
    let promise = this.inFlight.get(key);
    if (promise === undefined) {
      promise = (async (): Promise<NodeBuild> => {
        const dependencies = await Promise.all(dependencyIds(node).map((d) => this.build(plan, d, { ...cell, emulatedCheck: undefined })));
        const broken = dependencies.find((d) => d.status !== "built" && d.status !== "cached");
        if (broken !== undefined) return { node, status: "not-built", logPath: broken.logPath, failedPhase: null, phases: [], record: null };
        const lock = await nodeLockPath(this.options.store, node);
        const options = { store: this.options.store, cores: this.options.cores, sharedCache: this.options.sharedCache ?? null, timeoutMs: cell.timeoutMs, ...(emulated ? { emulatedCheck: emulated } : {}), ...(cell.onEvent ? { onEvent: cell.onEvent } : {}) };
        const pool = this.pool;
        if (pool === null) return this.slot(() => withFileLock(lock, () => realizeNode(plan, node, options)));
        return pool.run(node.build.system, await nodeImageTags(plan, node), (provideImages) => withFileLock(lock, () => realizeNode(plan, node, { ...options, provideImages })));
      })();
      this.inFlight.set(key, promise);
    }
    return promise;
  }

  /** Realizes one plan, sharing work with every other plan this scheduler realizes. */
  async realize(plan: Plan, cell: CellRealizeOptions): Promise<PlanRealization> {
    const builds = await Promise.all(plan.order.map((id) => this.build(plan, id, cell)));
    const failed = builds.find((b) => b.status === "failed" || b.status === "timed-out") ?? null;
    const scans = new Map<string, OutputScan>();
    if (failed === null) {
      for (const b of builds) for (const object of storeObjects([b.node])) scans.set(object.id, await readScan(scanRecordPath(this.options.store, { object })));
    }
    return { builds, failed, scans };
  }
}
