/**
 * The one way to run cells, as vitest's createVitest is the one way to run tests: the matrix
 * suite, the closure regression suite, the benchmarks and `crosscheck repro` all make a cell
 * runner and ask it to load a matrix, plan a cell and run it. It owns what those have in common:
 * the project's package set, a planner per build platform, the scheduler shared by the cells of
 * a run, and provisioning.
 */
import { availableParallelism } from "node:os";
import { loadMatrix, type Cell, type Matrix, type MatrixOptions } from "../matrix/index.ts";
import { Planner, type Catalog, type Plan } from "../planner/index.ts";
import { displayPath, loadCatalog, type Project } from "../project/index.ts";
import { localStoreDir } from "../engine/index.ts";
import { Scheduler, defaultJobs, runBuilders, type RealizeEvent } from "../engine/index.ts";
import { sharedCache } from "../engine/index.ts";
import { provisionForRun } from "../engine/index.ts";
import type { SnapshotUpdate } from "../closure/index.ts";
import { runCell, type CellRun } from "./runCell.ts";

export interface CellRunnerOptions {
  project: Project;
  /** The package set; the project's (built-in catalog and recipe directories) by default. */
  catalog?: Catalog;
  /** The local store; CROSSCHECK_STORE or the user's cache by default. */
  store?: string;
  /** The scheduler the cells share; one with CROSSCHECK_JOBS containers and the shared cache by default. */
  scheduler?: Scheduler;
  /** Which closure snapshots runs write; none by default. */
  snapshotUpdate?: SnapshotUpdate;
  /** Run every check again instead of reusing recorded passes; false by default. */
  rerunChecks?: boolean;
}

export interface CellRunner {
  readonly project: Project;
  readonly catalog: Catalog;
  readonly store: string;
  /** A matrix of the project, its package names checked against the package set. */
  loadMatrix(file: string, options?: Pick<MatrixOptions, "onWarning">): Matrix;
  plan(cell: Cell): Plan;
  /** The Docker engine, QEMU and the base image, installed and started when missing. */
  provision(log: (line: string) => void): Promise<void>;
  run(cell: Cell, options?: { onProgress?: (line: string) => void; onEvent?: (event: RealizeEvent) => void; today?: Date }): Promise<CellRun>;
  /** Containers the scheduler runs at once. */
  readonly jobs: number;
}

export async function createCellRunner(options: CellRunnerOptions): Promise<CellRunner> {
  const { project } = options;
  const catalog = options.catalog ?? (await loadCatalog(project));
  const store = options.store ?? localStoreDir();
  const scheduler = options.scheduler ?? new Scheduler({ store, cores: availableParallelism(), jobs: defaultJobs(), sharedCache: sharedCache(), builders: runBuilders(project) });
  const planners = new Map<string, Planner>();
  const plannerOn = (build: Cell["build"]["spec"]) => {
    const key = JSON.stringify(build);
    if (!planners.has(key)) planners.set(key, new Planner(catalog, build));
    return planners.get(key)!;
  };
  const plannerFor = (cell: Cell) => plannerOn(cell.build.spec);
  const packages = Object.keys(catalog);
  return {
    project,
    catalog,
    store,
    loadMatrix: (file, loadOptions = {}) => loadMatrix(displayPath(file), { packages, ...loadOptions }),
    plan: (cell) => plannerFor(cell).plan({ build: cell.build.spec, host: cell.host.spec, target: cell.target.spec, canadian: cell.canadian, package: cell.package }),
    jobs: scheduler.options.jobs,
    provision: provisionForRun,
    run: (cell, runOptions = {}) =>
      runCell(cell, {
        planner: plannerFor(cell),
        plannerOn,
        scheduler,
        store,
        snapshotsDir: project.snapshotsDir,
        cellsDir: project.cellsDir,
        snapshotUpdate: options.snapshotUpdate ?? "none",
        rerunChecks: options.rerunChecks ?? false,
        today: runOptions.today ?? new Date(),
        ...(runOptions.onProgress ? { onProgress: runOptions.onProgress } : {}),
        ...(runOptions.onEvent ? { onEvent: runOptions.onEvent } : {}),
      }),
  };
}
