/**
 * One vitest test per matrix cell: `describe` by matrix and host, `test` per cell. Which project,
 * matrix, cells and shard come from the run's settings (the project's default matrix when run by
 * `npm test`).
 */
import { beforeAll, describe, test } from "vitest";
import * as allure from "allure-js-commons";
import { selectCells, shard, parseShard, failsTest, type Cell } from "../harness/matrix/index.ts";
import { createCellRunner, readRunSettings } from "../harness/cell/index.ts";
import { labelCell, attachArtifacts, reportFailure, reportPass } from "../harness/report/index.ts";
import { qemuVersion } from "../harness/emulate/index.ts";
import { displayPath } from "../harness/project/index.ts";

const settings = readRunSettings();
const runner = await createCellRunner({ project: settings.project, snapshotUpdate: settings.snapshotUpdate, rerunChecks: settings.rerunChecks });
const matrix = runner.loadMatrix(settings.matrix);
let cells: Cell[] = settings.cells === undefined ? matrix.cells : selectCells(matrix.cells, settings.cells);
if (settings.shard !== undefined) {
  const { index, count } = parseShard(settings.shard);
  cells = shard(cells, index, count);
}

/** Images are built by the first cell that needs them: give every cell room for that. */
const imageAllowanceMs = 15 * 60_000;

beforeAll(async () => {
  await runner.provision((line) => console.log(line));
}, 30 * 60_000);

// Cells run side by side; the scheduler shares their common derivations and bounds the containers.
const hosts = [...new Set(cells.map((c) => c.host.name))];
describe.concurrent(matrix.name, () => {
  for (const host of hosts) {
    describe(host, () => {
      for (const cell of cells.filter((c) => c.host.name === host)) {
        test(cell.id, { timeout: cell.timeoutMs + imageAllowanceMs }, async (context) => {
          await labelCell(cell);
          const run = await runner.run(cell, { onProgress: (line) => console.log(`${cell.id}: ${line}`) });
          await attachArtifacts({
            plan: run.planText,
            ...(run.closure ? { closureDiff: run.closure.report } : {}),
            ...(run.installCheck?.status === "passed" || run.installCheck?.status === "failed" ? { installCheck: run.installCheck } : {}),
          });
          if (run.record !== null) {
            const ranWith = { image: run.record.image, versions: run.record.versions, qemu: await qemuVersion(), phases: run.record.phases };
            await allure.attachment("ran with", `${JSON.stringify(ranWith, null, 2)}\n`, "application/json");
          }
          const { state, message, skippedChecks } = run.outcome;
          for (const s of skippedChecks) console.log(`${cell.id}: skipped ${s.check}: ${s.reason}`);
          if (run.closure?.snapshot === "written") console.log(`${cell.id}: wrote the snapshot ${displayPath(run.closure.snapshotPath)}: review and commit it`);
          console.log(`${cell.id}: ${state} in ${run.seconds.toFixed(0)}s${state === "passed" ? "" : `: ${message}`}`);
          await allure.label("state", state);
          // The diagnosis is rendered whether or not it fails the test: a known-broken or an
          // emulator cell shows its category and log too.
          const failure = run.failure === null ? null : await reportFailure(cell, run.failure);
          if (failsTest(state)) throw failure ?? new Error(`${state}: ${message}`);
          if (state === "fixed") await reportPass(cell);
          if (state === "known-broken" || state === "unsatisfiable" || state === "emulator") context.skip(`${state}: ${message}`);
        });
      }
    });
  }
});
