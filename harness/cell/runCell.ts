/**
 * One matrix cell from start to end: plan it, realize the plan in containers, run its
 * installCheck (emulated when needed), check its ELF files and its closure, compare it with a
 * native build when asked (equivalenceCheck.ts), and decide its state against the matrix's
 * expectation. Every fault ends in a state of the cell; nothing
 * here throws for a cell's own trouble, so other cells go on.
 */
import type { Cell, Outcome, RawResult, SkippedCheck } from "../matrix/index.ts";
import { decideOutcome, mustBeClean } from "../matrix/index.ts";
import { Planner, UnsatisfiableError, renderTree, type Plan } from "../planner/index.ts";
import { elaborate, type PlatformSpec } from "../platform/index.ts";
import { UserError } from "../userError.ts";
import type { Scheduler, PlanRealization, CellRealizeOptions, RealizeEvent } from "../engine/index.ts";
import { InfrastructureError } from "../engine/index.ts";
import { SourceMismatchError } from "../engine/index.ts";
import { readBuildRecord, type BuildRecord } from "../engine/index.ts";
import { hostRunner, runInstallCheck, type CheckRun } from "../emulate/index.ts";
import { checkCell, type CellVerdict, type EquivalenceVerdict, type SnapshotUpdate } from "../closure/index.ts";
import { findContamination, renderFinding } from "../closure/index.ts";
import { builtPhase, diagnose, type Diagnosis, type FailureEvidence } from "../diagnosis/index.ts";
import { checkEquivalence } from "./equivalenceCheck.ts";

export interface CellRunOptions {
  planner: Planner;
  /** A planner for another build platform: the host's, for the equivalence check's native build. */
  plannerOn: (build: Cell["build"]["spec"]) => Planner;
  /** Shared by the cells of a run, so they build common derivations once. */
  scheduler: Scheduler;
  store: string;
  snapshotsDir: string;
  /** Where the cell's outputs are remembered for `crosscheck why`. */
  cellsDir: string;
  snapshotUpdate: SnapshotUpdate;
  /** Run every check again instead of reusing its recorded pass (`--rerun-checks`). */
  rerunChecks: boolean;
  today: Date;
  onProgress?: (line: string) => void;
  /** The engine's events as they come (a derivation starts, is reused, ends; an image is built): for a progress display. */
  onEvent?: (event: RealizeEvent) => void;
}

export interface CellRun {
  cell: Cell;
  outcome: Outcome;
  plan: Plan | null;
  /** The plan as the `plan` command prints it. */
  planText: string;
  /** Why the cell did not pass, diagnosed once here; the report renders it. */
  failure: Diagnosis | null;
  installCheck: CheckRun | null;
  closure: CellVerdict | null;
  /** The cross build compared with the native one (the `equivalence` check), when it ran to the comparison. */
  equivalence: EquivalenceVerdict | null;
  /** The root's build record: image, toolchain versions, phase times. */
  record: BuildRecord | null;
  seconds: number;
}

function planCell(planner: Planner, cell: Cell): Plan {
  return planner.plan({ build: cell.build.spec, host: cell.host.spec, target: cell.target.spec, canadian: cell.canadian, package: cell.package });
}

export async function runCell(cell: Cell, options: CellRunOptions): Promise<CellRun> {
  const began = Date.now();
  const skipped: SkippedCheck[] = [];
  const run: Omit<CellRun, "outcome" | "seconds"> = { cell, plan: null, planText: "", failure: null, installCheck: null, closure: null, equivalence: null, record: null };
  const finish = (raw: RawResult): CellRun => ({ ...run, outcome: decideOutcome(cell.expectation, raw, options.today), seconds: (Date.now() - began) / 1000 });
  const fail = (evidence: FailureEvidence): CellRun => {
    run.failure = diagnose(evidence);
    return finish({ status: "failed", failure: run.failure, skippedChecks: skipped });
  };

  // The machinery saying itself that it failed (the engine, a container, the disk), anywhere in
  // the cell's course: there is no log to diagnose, and the package is not to blame.
  try {
    let plan: Plan;
    try {
      plan = planCell(options.planner, cell);
    } catch (error) {
      if (error instanceof UnsatisfiableError) return finish({ status: "unsatisfiable", reason: error.message, skippedChecks: skipped });
      if (error instanceof UserError) return fail({ phase: "plan", log: error.message });
      throw error;
    }
    run.plan = plan;
    run.planText = renderTree(plan);
    const root = plan.nodes[plan.root]!;

    const rerun = (check: "checkPhase" | "installCheck") => options.rerunChecks || cell.rerunChecks.includes(check);
    let emulatedCheck: NonNullable<CellRealizeOptions["emulatedCheck"]> | undefined;
    if (cell.checks.includes("checkPhase")) {
      if (!root.checks.requestedDoCheck) skipped.push({ check: "checkPhase", reason: `${root.pname} has no check phase` });
      else if (!root.checks.buildCanExecuteHost) {
        const runner = await hostRunner(plan, root);
        if ("skip" in runner) skipped.push({ check: "checkPhase", reason: runner.skip });
        else emulatedCheck = { id: root.id, ...runner, rerun: rerun("checkPhase") };
      }
    }

    const realization: PlanRealization = await options.scheduler.realize(plan, {
      timeoutMs: cell.timeoutMs,
      ...(emulatedCheck ? { emulatedCheck } : {}),
      onEvent: (e) => {
        options.onEvent?.(e);
        if (e.kind === "start") options.onProgress?.(`building ${e.node.storeName}`);
        if (e.kind === "image" && e.built) options.onProgress?.(`built image ${e.image} in ${(e.ms / 1000).toFixed(0)}s`);
      },
    });
    if (realization.failed !== null) {
      const failed = realization.failed;
      const phase = builtPhase(failed.failedPhase ?? "build");
      const where = failed.node.id === root.id ? "" : `(while building the dependency ${failed.node.name})\n`;
      // Only the root's check phase runs under the emulator (the cell's `checkPhase` check).
      const emulator = phase === "checkPhase" && failed.node.id === root.id ? emulatedCheck?.runner : undefined;
      return fail({
        phase,
        log: `${where}${failed.phases.at(-1)?.text ?? ""}`,
        exit: failed.status === "timed-out" ? { timedOut: true } : { code: 1 },
        ...(emulator !== undefined ? { emulator } : {}),
      });
    }
    run.record = (await readBuildRecord(options.store, root)) ?? null;

    if (cell.checks.includes("installCheck")) {
      const check = await runInstallCheck(plan, root, { store: options.store, image: run.record?.image ?? "", timeoutMs: cell.timeoutMs, rerun: rerun("installCheck") });
      run.installCheck = check;
      if (check.status === "skipped") skipped.push({ check: "installCheck", reason: check.reason });
      if (check.status === "failed") return fail({ phase: "installCheckPhase", log: check.log, ...(check.runner !== "native" ? { emulator: check.runner } : {}) });
    }

    const host = root.host;
    const execFormat = elaborate(cell.host.spec as PlatformSpec).parsed.kernel.execFormat;
    const rules = {
      host: { config: host.config, cpu: { ...host.cpu, significantByte: host.cpu.endian === "big" ? ("bigEndian" as const) : ("littleEndian" as const) }, execFormat },
      ...(root.hasTarget && root.target.config !== host.config ? { target: root.target.config } : {}),
    };
    if (cell.checks.includes("closure")) {
      const verdict = await checkCell({
        matrix: cell.matrix,
        cellId: cell.id,
        outputIds: root.outputs.map((o) => o.id),
        warnOnlyIds: root.outputs.filter((o) => !mustBeClean(cell, o.name)).map((o) => o.id),
        graph: realization.scans,
        rules,
        outputChecks: Object.fromEntries(root.outputs.map((o) => [o.id, root.attrs])),
        tolerance: { closureGrowth: cell.closureGrowth, slackKiB: 4 },
        snapshotsDir: options.snapshotsDir,
        cellsDir: options.cellsDir,
        update: options.snapshotUpdate,
      });
      run.closure = verdict;
      if (!verdict.ok) {
        // Wrong-machine findings belong to the `elf` check: without it they don't fail the cell.
        const machineChecked = cell.checks.includes("elf");
        const findings = verdict.findings.filter((f) => machineChecked || f.kind !== "wrong-machine");
        if (findings.length > 0 || verdict.differences.some((d) => d.severity === "fail")) {
          return fail({
            phase: "closure",
            log: verdict.report,
            closureFindings: findings.filter((f) => f.kind !== "wrong-machine").map((f) => ({ kind: f.kind === "build-machine-path" ? "build-path" : "build-reference", path: f.message, file: f.file })),
            elfFindings: findings.filter((f) => f.kind === "wrong-machine").map((f) => ({ file: f.file, expected: host.config, actual: f.message })),
          });
        }
      }
    } else if (cell.checks.includes("elf")) {
      const wrong = root.outputs.flatMap((o) => findContamination(o.id, realization.scans, rules)).filter((f) => f.kind === "wrong-machine");
      if (wrong.length > 0) {
        return fail({ phase: "elf", log: wrong.map(renderFinding).join("\n"), elfFindings: wrong.map((f) => ({ file: f.file, expected: host.config, actual: f.message })) });
      }
    }

    if (cell.checks.includes("equivalence")) {
      const result = await checkEquivalence(cell, plan, root, {
        nativePlanner: options.plannerOn(cell.host.spec),
        scheduler: options.scheduler,
        store: options.store,
        timeoutMs: cell.timeoutMs,
        crossInstallCheck: run.installCheck,
        crossImage: run.record?.image ?? "",
        rerunInstallCheck: rerun("installCheck"),
        ...(options.onEvent ? { onEvent: options.onEvent } : {}),
      });
      if (result.kind === "skipped") skipped.push({ check: "equivalence", reason: result.reason });
      else if (result.kind === "native-failed") return fail(result.evidence);
      else {
        run.equivalence = result.verdict;
        if (!result.verdict.ok) {
          return fail({ phase: "equivalence", log: result.verdict.report, equivalenceFindings: result.verdict.differences.map((d) => ({ file: d.file, difference: d.lines[0] ?? "differs" })) });
        }
      }
    }
    return finish({ status: "passed", skippedChecks: skipped });
  } catch (error) {
    if (error instanceof InfrastructureError) return finish({ status: "infrastructure", reason: `${error.fault}: ${error.message}`, skippedChecks: skipped });
    if (error instanceof SourceMismatchError) return fail({ phase: "fetch", log: error.message });
    throw error;
  }
}
