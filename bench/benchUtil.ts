/**
 * Shared by the benchmark scripts (run with `npx tsx bench/<name>.ts`): load averages, temporary
 * stores, the per-node figures a Scheduler run yields, and Markdown output. Measuring only: the
 * builds themselves go through the harness's own Scheduler, realizeNode and runCell.
 */
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import type { Plan, PlanNode } from "../harness/planner/index.ts";
import type { NodeBuild, RealizeEvent } from "../harness/engine/index.ts";
import { Scheduler, type CellRealizeOptions, type PlanRealization } from "../harness/engine/index.ts";

/** The 1-, 5- and 15-minute load averages as /proc/loadavg has them. */
export function loadavg(): string {
  return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
}

export function machine(): string {
  return `${cpus().length} cores (${cpus()[0]?.model ?? "?"}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`;
}

export async function tempStore(label: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `crosscheck-bench-${label}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export const seconds = (ms: number): string => (ms / 1000).toFixed(1);

export function median(values: number[]): number {
  if (values.length === 0) throw new Error("median of nothing");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.map(String).join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/** What one node's realization cost, from the Scheduler's events and the build record. */
export interface NodeFigure {
  node: PlanNode;
  status: NodeBuild["status"] | "pending";
  /** From the `start` event to the `done` event: image lookup, source, container, scan, record. */
  wallMs: number | null;
  /** Time in ensureNodeImage when the image had to be built (0 when it was reused). */
  imageBuildMs: number;
  /** The container's own timings (BuildRecord.timings). */
  startMs: number | null;
  runMs: number | null;
  collectMs: number | null;
  totalMs: number | null;
  /** Seconds per build phase (BuildRecord.phases), as the container's clock measured them. */
  phases: Record<string, number>;
}

/**
 * Collects per-node figures from RealizeEvents: pass `onEvent` to the Scheduler. One entry per
 * realization attempt: a node can be realized twice in a run (once plain as a dependency, once
 * with a cell's emulated check), and both count.
 */
export class EventLog {
  readonly entries: NodeFigure[] = [];
  private readonly current = new Map<string, NodeFigure & { startedAt: number }>();

  private entry(node: PlanNode, status: NodeFigure["status"]): NodeFigure {
    const figure: NodeFigure = { node, status, wallMs: null, imageBuildMs: 0, startMs: null, runMs: null, collectMs: null, totalMs: null, phases: {} };
    this.entries.push(figure);
    return figure;
  }

  readonly onEvent = (event: RealizeEvent): void => {
    switch (event.kind) {
      case "start":
        this.current.set(event.node.id, Object.assign(this.entry(event.node, "pending"), { startedAt: Date.now() }));
        break;
      case "cached":
        this.entry(event.node, "cached");
        break;
      case "image": {
        const figure = this.current.get(event.node.id);
        if (figure === undefined) throw new Error(`image event for ${event.node.storeName} before its start event`);
        if (event.built) figure.imageBuildMs += event.ms;
        break;
      }
      case "done": {
        const figure = this.current.get(event.node.id);
        if (figure === undefined) throw new Error(`done event for ${event.node.storeName} before its start event`);
        this.current.delete(event.node.id);
        figure.status = event.build.status;
        figure.wallMs = Date.now() - figure.startedAt;
        const record = event.build.record;
        if (record !== null) {
          figure.startMs = record.timings.startMs;
          figure.runMs = record.timings.runMs;
          figure.collectMs = record.timings.collectMs;
          figure.totalMs = record.timings.totalMs;
          for (const p of record.phases) if (p.seconds !== null) figure.phases[p.name] = (figure.phases[p.name] ?? 0) + p.seconds;
        }
        break;
      }
    }
  };

  /** Realizations that ran a container (started), whatever their end. */
  started(): NodeFigure[] {
    return this.entries.filter((f) => f.status !== "cached");
  }
  built(): NodeFigure[] {
    return this.entries.filter((f) => f.status === "built");
  }
  cached(): NodeFigure[] {
    return this.entries.filter((f) => f.status === "cached");
  }
  find(id: string): NodeFigure | undefined {
    return this.entries.find((f) => f.node.id === id && f.status !== "cached");
  }
}

/** Throws with the log's tail when a node of a realization did not build: no figure from a failed build. */
export function requireBuilt(what: string, builds: NodeBuild[]): void {
  const bad = builds.filter((b) => b.status !== "built" && b.status !== "cached");
  if (bad.length === 0) return;
  const first = bad[0]!;
  let tail = "";
  try {
    tail = readFileSync(first.logPath, "utf8").split("\n").slice(-30).join("\n");
  } catch {
    tail = "(no log)";
  }
  throw new Error(`${what}: ${bad.map((b) => `${b.node.storeName} ${b.status}`).join(", ")}\n--- ${first.logPath} (${first.failedPhase ?? "?"}):\n${tail}`);
}

export const nodeCount = (plans: Plan[]): number => new Set(plans.flatMap((p) => Object.keys(p.nodes))).size;

export async function writeResults(path: string, markdown: string): Promise<void> {
  await writeFile(path, markdown.endsWith("\n") ? markdown : `${markdown}\n`);
  console.log(markdown);
  console.log(`\n(written to ${path})`);
}

/**
 * The harness's Scheduler, unchanged, with every RealizeEvent also handed to an EventLog: runCell
 * passes its own onEvent, so this is the one place to see which nodes a cell run built.
 */
export class ObservedScheduler extends Scheduler {
  readonly events = new EventLog();
  override realize(plan: Plan, cell: CellRealizeOptions): Promise<PlanRealization> {
    return super.realize(plan, {
      ...cell,
      onEvent: (event) => {
        this.events.onEvent(event);
        cell.onEvent?.(event);
      },
    });
  }
}
