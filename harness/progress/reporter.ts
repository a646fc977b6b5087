import { closeSync, existsSync, fstatSync, openSync, readSync } from "node:fs";
import { join } from "node:path";
import { createLogUpdate } from "log-update";
import type { SerializedError } from "vitest";
import type { Reporter, TestCase, TestModule, TestRunEndReason, Vitest } from "vitest/node";
import type { UserConsoleLog } from "vitest";
import { appendCellRecord, cellRecordStates, readRunRecord, runFiles, type CellRecord, type CellRecordState } from "../report/index.ts";
import type { ProgressEvent } from "./events.ts";
import { clip, RunProgress } from "./status.ts";

/**
 * The progress display of `crosscheck run`, as a vitest reporter in vitest's main process
 * (it replaces vitest's default reporter there; the JSON and Allure reporters run beside it).
 * Cells' starts and ends come from vitest (onTestCaseReady, onTestCaseResult, the state in the
 * test's meta); what the worker builds comes from the run's events file (events.ts).
 *
 * On a terminal, one status area redrawn in place (log-update), finished cells printed above
 * it; off a terminal (CI, a pipe), one line per finished cell and one per derivation built,
 * without ANSI. Each cell's end is also appended to the run's cells.jsonl, so that an
 * interrupted run keeps it; the summary at the end is `crosscheck run`'s (runSummary.ts).
 */

/** What the matrix suite leaves in a cell test's meta: the state the runner decided. */
export interface CellMeta {
  matrix: string;
  state: CellRecordState;
  category?: string;
  message?: string;
  seconds: number;
  notes?: string[];
}

export type ProgressMode = "terminal" | "lines";

export interface ProgressReporterOptions {
  runDir: string;
  mode: ProgressMode;
  /** Where the display goes: stdout, or stderr when stdout carries data (`--reporter=json`). */
  stream?: "stdout" | "stderr";
  color?: boolean;
}

/** Reads the lines appended to a file since the last read. */
class Tail {
  private offset = 0;
  private rest = "";
  constructor(private readonly file: string) {}

  read(): string[] {
    if (!existsSync(this.file)) return [];
    const fd = openSync(this.file, "r");
    try {
      const size = fstatSync(fd).size;
      if (size <= this.offset) return [];
      const buffer = Buffer.alloc(size - this.offset);
      const got = readSync(fd, buffer, 0, buffer.length, this.offset);
      this.offset += got;
      const text = this.rest + buffer.subarray(0, got).toString("utf8");
      const lines = text.split("\n");
      this.rest = lines.pop() ?? "";
      return lines.filter((l) => l.trim() !== "");
    } finally {
      closeSync(fd);
    }
  }
}

export class ProgressReporter implements Reporter {
  private vitest: Vitest | undefined;
  private readonly progress: RunProgress;
  private readonly tail: Tail;
  private readonly out: NodeJS.WriteStream;
  private readonly area: ReturnType<typeof createLogUpdate> | null;
  private timers: NodeJS.Timeout[] = [];
  private drawing = false;
  private knownTotal = false;
  private restoreWrites: (() => void) | null = null;

  constructor(private readonly options: ProgressReporterOptions) {
    this.out = options.stream === "stderr" ? process.stderr : process.stdout;
    this.progress = options.mode === "terminal" && options.color !== false ? RunProgress.colored(Date.now()) : new RunProgress(Date.now());
    this.tail = new Tail(join(options.runDir, runFiles.events));
    this.area = options.mode === "terminal" ? createLogUpdate(this.out) : null;
    // What the run is, before vitest has collected anything: `crosscheck run` wrote it.
    const record = readRunRecord(options.runDir);
    if (record !== null) {
      this.progress.matrix = record.matrix;
      this.progress.total = record.cells.length;
      this.knownTotal = true;
    }
  }

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
    this.timers.push(setInterval(() => this.poll(), 250));
    if (this.area !== null) {
      this.captureOtherOutput();
      this.timers.push(setInterval(() => this.redraw(), 1000));
    }
    for (const t of this.timers) t.unref();
    // vitest ends its process on SIGINT/SIGTERM right away: leave the terminal clean.
    process.once("exit", () => this.stop());
  }

  onTestModuleCollected(module: TestModule): void {
    if (!this.knownTotal) this.progress.total += [...module.children.allTests()].length;
    this.redraw();
  }

  onTestCaseReady(test: TestCase): void {
    this.progress.cellStarted(test.name, Date.now());
    this.redraw();
  }

  onTestCaseResult(test: TestCase): void {
    this.poll();
    const record = cellRecord(test);
    try {
      appendCellRecord(this.options.runDir, record);
    } catch (error) {
      this.print([`could not record ${record.cell} in ${this.options.runDir}: ${(error as Error).message}`]);
    }
    this.print(this.progress.cellEnded(record));
  }

  onUserConsoleLog(log: UserConsoleLog): void {
    // The matrix suite writes nothing to the console under crosscheck run; anything else that
    // does is shown, above the status area.
    this.print([log.content.replace(/\n$/, "")]);
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<SerializedError>, reason: TestRunEndReason): void {
    this.poll();
    this.stop();
    const problems: { title: string; error: SerializedError | Error }[] = [];
    for (const m of modules) for (const error of m.errors()) problems.push({ title: `${m.moduleId}: the suite failed outside its cells`, error });
    for (const error of errors) problems.push({ title: "unhandled error", error });
    for (const { title, error } of problems) {
      this.out.write(`\n${title}:\n`);
      const logger = this.vitest?.logger as { printError?: (e: unknown, o?: object) => void } | undefined;
      if (logger?.printError !== undefined) logger.printError(error, { fullStack: false });
      else this.out.write(`${(error as Error).stack ?? (error as Error).message}\n`);
    }
    if (reason === "interrupted") this.out.write("vitest: the run was interrupted\n");
  }

  private poll(): void {
    let lines: string[];
    try {
      lines = this.tail.read();
    } catch {
      return;
    }
    const printed: string[] = [];
    for (const line of lines) {
      let event: ProgressEvent;
      try {
        event = JSON.parse(line) as ProgressEvent;
      } catch {
        continue;
      }
      const said = this.progress.apply(event);
      // On a terminal the area shows builds and provisioning as they go; what stays above it
      // is cells and images built.
      if (this.area === null || event.kind === "image") printed.push(...said);
    }
    if (printed.length > 0) this.print(printed);
    else this.redraw();
  }

  private print(lines: string[]): void {
    if (lines.length === 0) return;
    if (this.area === null) {
      this.out.write(lines.map((l) => `${l}\n`).join(""));
      return;
    }
    this.drawing = true;
    try {
      // Clipped to the terminal's width, as the area is: the summary and the report have it all.
      this.area.persist(lines.map((l) => clip(l, Math.max(20, this.out.columns || 80))).join("\n"));
    } finally {
      this.drawing = false;
    }
    this.redraw();
  }

  private redraw(): void {
    if (this.area === null || this.restoreWrites === null) return;
    this.drawing = true;
    try {
      this.area(this.progress.area(Date.now(), Math.max(20, (this.out.columns || 80) - 1), Math.max(3, Math.min(12, (this.out.rows || 24) - 4))));
    } finally {
      this.drawing = false;
    }
  }

  /** Output from elsewhere in this process (vitest's own messages) goes above the area, not through it. */
  private captureOtherOutput(): void {
    const streams = [process.stdout, process.stderr];
    const originals = streams.map((s) => s.write.bind(s));
    streams.forEach((stream, i) => {
      const original = originals[i]!;
      stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        if (this.drawing || this.area === null) return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
        this.drawing = true;
        try {
          this.area.clear();
        } finally {
          this.drawing = false;
        }
        const result = (original as (...a: unknown[]) => boolean)(chunk, ...rest);
        this.redraw();
        return result;
      }) as typeof stream.write;
    });
    this.restoreWrites = () => streams.forEach((stream, i) => (stream.write = originals[i] as typeof stream.write));
  }

  private stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    if (this.area !== null && this.restoreWrites !== null) {
      this.drawing = true;
      this.area.clear();
      this.area.done();
      this.drawing = false;
      this.restoreWrites();
      this.restoreWrites = null;
    }
  }
}

/** A finished cell test as a cell record: the state the suite put in its meta, else (a harness error, vitest's timeout) infrastructure. */
export function cellRecord(test: TestCase): CellRecord {
  const meta = (test.meta() as { crosscheck?: CellMeta }).crosscheck;
  const result = test.result();
  const matrix = meta?.matrix ?? test.fullName.split(" > ")[0] ?? "";
  const seconds = (test.diagnostic()?.duration ?? 0) / 1000;
  const base = { cell: test.name, matrix, key: `${matrix}/${test.name}`, ended: new Date().toISOString() };
  if (meta !== undefined && (cellRecordStates as readonly string[]).includes(meta.state)) {
    return {
      ...base,
      state: meta.state,
      seconds: meta.seconds,
      ...(meta.category !== undefined ? { category: meta.category } : {}),
      ...(meta.message !== undefined && meta.state !== "passed" ? { message: meta.message } : {}),
      ...(meta.notes !== undefined && meta.notes.length > 0 ? { notes: meta.notes } : {}),
    };
  }
  const error = result.state === "failed" ? result.errors?.[0] : undefined;
  if (result.state === "passed") return { ...base, state: "passed", seconds };
  return { ...base, state: "infrastructure", category: "infrastructure", seconds, message: error?.message ?? `the test ended ${result.state} without a state` };
}
