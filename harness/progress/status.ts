import { stripVTControlCharacters, styleText } from "node:util";
import { cellRecordStates, formatDuration, type CellRecord, type CellRecordState } from "../report/index.ts";
import type { ProgressEvent } from "./events.ts";
import type { NodeEstimate } from "./estimate.ts";

/**
 * A run's progress as the display shows it: cells done of all, each state's count, what is
 * building now and for how long, and an estimate of the time left from the store's recorded
 * build times. Fed with the worker's events and vitest's cell starts and ends; renders lines
 * (one per finished cell, one per derivation built) and the status area. Pure but for the
 * clock it is given.
 */

type Style = Parameters<typeof styleText>[0];
type Paint = (style: Style, text: string) => string;
const plain: Paint = (_style, text) => text;
const colored: Paint = (style, text) => styleText(style, text);

const stateStyle: Record<CellRecordState, Style> = {
  passed: "green",
  failed: "red",
  "known-broken": "yellow",
  fixed: "cyan",
  unsatisfiable: "gray",
  emulator: "gray",
  infrastructure: "magenta",
};

const firstLine = (text: string | undefined): string => (text ?? "").split("\n")[0]!.trim();

/** Cut to `width` columns (the status area must not wrap, or it cannot be redrawn in place). */
export function clip(line: string, width: number): string {
  const visible = stripVTControlCharacters(line);
  if (visible.length <= width) return line;
  // Clipping a coloured line: drop its colours rather than cut an escape in half.
  return `${visible.slice(0, Math.max(0, width - 1))}…`;
}

interface Building {
  name: string;
  since: number;
  cell: string;
}

export class RunProgress {
  matrix = "";
  total = 0;
  done = 0;
  jobs = 1;
  readonly states = Object.fromEntries(cellRecordStates.map((s) => [s, 0])) as Record<CellRecordState, number>;
  private readonly running = new Map<string, number>();
  private readonly building = new Map<string, Building>();
  private readonly estimates = new Map<string, NodeEstimate>();
  private readonly cellNodes = new Map<string, string[]>();
  /** Derivations built, reused or failed in this run: no time left for them. */
  private readonly settled = new Set<string>();
  private readonly finishedCells = new Set<string>();
  /** The latest line of provisioning (the engine, QEMU, images), shown until cells start. */
  private provisioning: string | null = null;

  constructor(
    readonly started: number,
    private readonly paint: Paint = plain,
  ) {}

  static colored(started: number): RunProgress {
    return new RunProgress(started, colored);
  }

  cellStarted(cell: string, at: number): void {
    if (!this.finishedCells.has(cell)) this.running.set(cell, at);
  }

  /** A finished cell: counted, and its line. */
  cellEnded(record: CellRecord): string[] {
    this.running.delete(record.cell);
    if (!this.finishedCells.has(record.cell)) {
      this.finishedCells.add(record.cell);
      this.done++;
      this.states[record.state]++;
    }
    const count = `[${String(this.done).padStart(String(this.total).length)}/${this.total}]`;
    const state = this.paint(stateStyle[record.state], record.state.padEnd(14));
    const why =
      record.state === "passed"
        ? ""
        : record.state === "failed" || record.state === "infrastructure"
          ? `  ${record.category ?? "no category"}: ${firstLine(record.message)}`
          : record.message !== undefined
            ? `  ${firstLine(record.message)}`
            : "";
    return [`${count} ${state} ${record.cell}  ${formatDuration(record.seconds)}${why}`, ...(record.notes ?? []).map((n) => `${" ".repeat(count.length)} ${n}`)];
  }

  /** An event from the worker; the lines it makes off a terminal (one per derivation built, image built, provisioning). */
  apply(event: ProgressEvent): string[] {
    switch (event.kind) {
      case "plan":
        this.matrix = event.matrix;
        this.jobs = Math.max(1, event.jobs);
        for (const n of event.nodes) this.estimates.set(n.id, n);
        for (const c of event.cells) this.cellNodes.set(c.cell, c.nodes);
        return [];
      case "build-start":
        this.building.set(event.id, { name: event.name, since: event.at, cell: event.cell });
        return [];
      case "build-done": {
        this.building.delete(event.id);
        this.settled.add(event.id);
        if (event.status === "not-built") return [];
        const verb = event.status === "built" ? "built" : event.status === "timed-out" ? "timed out building" : "failed to build";
        return [`${this.paint(event.status === "built" ? "dim" : "red", verb)} ${event.name} in ${formatDuration(event.ms / 1000)}`];
      }
      case "cached":
        this.settled.add(event.id);
        return [];
      case "image":
        return [`${this.paint("dim", "built image")} ${event.image} in ${formatDuration(event.ms / 1000)}`];
      case "provision":
        this.provisioning = event.line;
        return [event.line];
    }
  }

  /** Build time left: the estimates of the derivations unfinished cells still need, spread over the build slots; null before the plan is known. */
  eta(now: number): { ms: number; unknown: number } | null {
    if (this.estimates.size === 0) return null;
    const needed = new Set<string>();
    for (const [cell, nodes] of this.cellNodes) if (!this.finishedCells.has(cell)) for (const n of nodes) needed.add(n);
    let ms = 0;
    let unknown = 0;
    for (const id of needed) {
      const estimate = this.estimates.get(id);
      if (estimate === undefined || this.settled.has(id) || (estimate.stored && !this.building.has(id))) continue;
      if (estimate.estimateMs === null) {
        unknown++;
        continue;
      }
      const building = this.building.get(id);
      ms += building === undefined ? estimate.estimateMs : Math.max(0, estimate.estimateMs - (now - building.since));
    }
    return { ms: ms / this.jobs, unknown };
  }

  /** The status area: a header line, then what is building (or which cells run checks). */
  area(now: number, width: number, maxLines = 10): string {
    const counts = cellRecordStates.filter((s) => this.states[s] > 0 || s === "passed" || s === "failed").map((s) => this.paint(stateStyle[s], `${this.states[s]} ${s}`));
    const eta = this.eta(now);
    const etaText =
      eta === null
        ? ""
        : eta.ms === 0 && eta.unknown === 0
          ? ""
          : eta.ms === 0
            ? `  ETA unknown (${eta.unknown} never built here)`
            : `  ETA ~${formatDuration(eta.ms / 1000)}${eta.unknown > 0 ? ` + ${eta.unknown} never built here` : ""}`;
    const head = `${this.paint("bold", this.matrix || "cells")}  ${this.done}/${this.total} cells  ${counts.join(" · ")}  ${formatDuration((now - this.started) / 1000)}${etaText}`;
    const lines = [clip(head, width)];
    const building = [...this.building.values()].sort((a, b) => a.since - b.since);
    const nameWidth = Math.min(56, Math.max(0, ...building.map((b) => b.name.length)));
    for (const b of building.slice(0, maxLines - 2)) {
      const estimate = [...this.estimates.values()].find((e) => e.name === b.name)?.estimateMs;
      const of = estimate === undefined || estimate === null ? "" : ` of ~${formatDuration(estimate / 1000)}`;
      lines.push(clip(`  ${this.paint("cyan", "building")} ${b.name.padEnd(nameWidth)}  ${formatDuration((now - b.since) / 1000)}${of}`, width));
    }
    if (building.length > maxLines - 2) lines.push(clip(`  … and ${building.length - (maxLines - 2)} more building`, width));
    const buildingCells = new Set(building.map((b) => b.cell));
    const checking = [...this.running.keys()].filter((c) => !buildingCells.has(c));
    if (checking.length > 0) lines.push(clip(`  ${this.paint("dim", "running")}  ${checking.join(", ")}`, width));
    if (this.done === 0 && this.running.size === 0 && building.length === 0) {
      lines.push(clip(`  ${this.paint("dim", "starting")} ${this.provisioning ?? "vitest and its worker"}`, width));
    }
    return lines.join("\n");
  }
}
