/**
 * One vitest test per matrix cell: `describe` by matrix and host, `test` per cell. Which project,
 * matrix, cells and shard come from the run's settings (the project's default matrix when run by
 * `npm test`).
 *
 * Under `crosscheck run` nothing here writes to the console: each cell's state goes in its
 * test's meta (the progress reporter and vitest's JSON read it there), what it builds goes to
 * the run's events file (harness/progress), and its build output stays in its logs and the
 * report.
 */
import { beforeAll, describe, test } from "vitest";
import * as allure from "allure-js-commons";
import { selectCells, shard, parseShard, failsTest, type Cell } from "../harness/matrix/index.ts";
import { createCellRunner, readRunSettings } from "../harness/cell/index.ts";
import { labelCell, attachArtifacts, labelNames, reportFailure, reportPass, runDirEnvVar } from "../harness/report/index.ts";
import { estimateNodes, progressChannel, recordedBuilds, type CellMeta, type EstimatedNode } from "../harness/progress/index.ts";
import type { RealizeEvent } from "../harness/engine/index.ts";
import { qemuVersion } from "../harness/emulate/index.ts";
import { displayPath } from "../harness/project/index.ts";

const settings = readRunSettings();
const runner = await createCellRunner({ project: settings.project, snapshotUpdate: settings.snapshotUpdate, rerunChecks: settings.rerunChecks });
// `crosscheck run` loaded the matrix first and printed its warnings; each worker would again.
const matrix = runner.loadMatrix(settings.matrix, settings.matrixWarned === true ? { onWarning: () => undefined } : {});
let cells: Cell[] = settings.cells === undefined ? matrix.cells : selectCells(matrix.cells, settings.cells);
if (settings.shard !== undefined) {
  const { index, count } = parseShard(settings.shard);
  cells = shard(cells, index, count);
}
const channel = progressChannel(process.env[runDirEnvVar]);

/** Images are built by the first cell that needs them: give every cell room for that. */
const imageAllowanceMs = 15 * 60_000;

/** The plans of the run's cells with each derivation's expected build time, for the display's ETA. */
function announcePlan(): void {
  const nodes = new Map<string, EstimatedNode>();
  const planned = cells.map((cell) => {
    try {
      const plan = runner.plan(cell);
      for (const id of plan.order) nodes.set(id, plan.nodes[id]!);
      return { cell: cell.id, nodes: plan.order };
    } catch {
      // Unsatisfiable, or a recipe error: the cell says so when it runs.
      return { cell: cell.id, nodes: [] };
    }
  });
  channel.emit({ kind: "plan", matrix: matrix.name, jobs: runner.jobs, nodes: estimateNodes([...nodes.values()], recordedBuilds(runner.store)), cells: planned });
}

/** The engine's events for one cell, as the display's: what starts and ends building, images built. */
function buildEvents(cell: Cell): (e: RealizeEvent) => void {
  const started = new Map<string, number>();
  const name = (storeName: string) => storeName.replace(/^[0-9a-z]{32}-/, "");
  return (e) => {
    const node = { cell: cell.id, id: e.node.id, name: name(e.node.storeName) };
    if (e.kind === "start") {
      started.set(e.node.id, Date.now());
      channel.emit({ kind: "build-start", ...node });
    } else if (e.kind === "cached") channel.emit({ kind: "cached", ...node });
    else if (e.kind === "image" && e.built) channel.emit({ kind: "image", cell: cell.id, image: e.image, ms: e.ms });
    else if (e.kind === "done" && e.build.status !== "cached") {
      const ms = e.build.record?.timings.totalMs ?? Date.now() - (started.get(e.node.id) ?? Date.now());
      channel.emit({ kind: "build-done", ...node, status: e.build.status, ms });
    }
  };
}

beforeAll(async () => {
  if (channel.live) announcePlan();
  await runner.provision((line) => (channel.live ? channel.emit({ kind: "provision", line }) : console.log(line)));
}, 30 * 60_000);

// Cells run side by side; the scheduler shares their common derivations and bounds the containers.
const hosts = [...new Set(cells.map((c) => c.host.name))];
describe.concurrent(matrix.name, () => {
  for (const host of hosts) {
    describe(host, () => {
      for (const cell of cells.filter((c) => c.host.name === host)) {
        test(cell.id, { timeout: cell.timeoutMs + imageAllowanceMs }, async (context) => {
          await labelCell(cell);
          const run = await runner.run(cell, { onEvent: buildEvents(cell) });
          await attachArtifacts({
            plan: run.planText,
            ...(run.closure ? { closureDiff: run.closure.report } : {}),
            ...(run.equivalence ? { equivalenceReport: run.equivalence.report } : {}),
            ...(run.installCheck?.status === "passed" || run.installCheck?.status === "failed" ? { installCheck: run.installCheck } : {}),
          });
          if (run.record !== null) {
            const ranWith = { image: run.record.image, versions: run.record.versions, qemu: await qemuVersion(), phases: run.record.phases };
            await allure.attachment("ran with", `${JSON.stringify(ranWith, null, 2)}\n`, "application/json");
          }
          const { state, message, skippedChecks } = run.outcome;
          const notes = skippedChecks.map((s) => `skipped ${s.check}: ${s.reason}`);
          if (run.closure?.snapshot === "written") notes.push(`wrote the snapshot ${displayPath(run.closure.snapshotPath)}: review and commit it`);
          const category = run.failure?.category.id ?? (state === "infrastructure" ? "infrastructure" : undefined);
          const meta = context.task.meta as { crosscheck?: CellMeta; skipReason?: string };
          meta.crosscheck = {
            matrix: cell.matrix,
            state,
            seconds: run.seconds,
            ...(state !== "passed" ? { message: message.slice(0, 2000) } : {}),
            ...(category !== undefined ? { category } : {}),
            ...(notes.length > 0 ? { notes } : {}),
          };
          if (!channel.live) {
            for (const note of notes) console.log(`${cell.id}: ${note}`);
            if (state !== "passed") console.log(`${cell.id}: ${state} in ${run.seconds.toFixed(0)}s: ${message}`);
          }
          await allure.label(labelNames.state, state);
          // The diagnosis is rendered whether or not it fails the test: a known-broken or an
          // emulator cell shows its category and log too.
          const failure = run.failure === null ? null : await reportFailure(cell, run.failure);
          if (failsTest(state)) throw failure ?? new Error(`${state}: ${message}`);
          if (state === "fixed") await reportPass(cell);
          if (state === "known-broken" || state === "unsatisfiable" || state === "emulator") {
            meta.skipReason = `${state}: ${message}`;
            context.skip(`${state}: ${message}`);
          }
        });
      }
    });
  }
});
