/**
 * One vitest test per matrix cell: `describe` by matrix and host, `test` per cell. Which matrix,
 * which cells and which shard come from the environment that `crosscheck run` sets (the default
 * matrix when run by `npm test`).
 */
import { availableParallelism } from "node:os";
import { beforeAll, describe, inject, test } from "vitest";
import * as allure from "allure-js-commons";
import { loadMatrix, selectCells, shard, parseShard, failsTest, type Cell } from "../harness/matrix/index.ts";
import { Planner } from "../harness/planner/index.ts";
import { catalog } from "../recipes/index.ts";
import { runCell } from "../harness/cell/runCell.ts";
import { localStoreDir } from "../harness/engine/localStore.ts";
import { Scheduler, defaultJobs } from "../harness/engine/scheduler.ts";
import { sharedCache } from "../harness/engine/sharedCache.ts";
import { provisionForRun } from "../harness/engine/provisionForRun.ts";
import { labelCell, attachArtifacts, reportFailure, reportPass } from "../harness/report/allureCell.ts";
import { runSettings } from "./runSettings.ts";
import { qemuVersion } from "../harness/emulate/qemu.ts";

const settings = runSettings(process.env);
const matrix = loadMatrix(settings.matrix);
let cells: Cell[] = settings.cells === undefined ? matrix.cells : selectCells(matrix.cells, settings.cells);
if (settings.shard !== undefined) {
  const { index, count } = parseShard(settings.shard);
  cells = shard(cells, index, count);
}
const scheduler = new Scheduler({ store: localStoreDir(), cores: availableParallelism(), jobs: defaultJobs(), sharedCache: sharedCache() });
const planners = new Map<string, Planner>();
const plannerFor = (cell: Cell) => {
  const key = JSON.stringify(cell.build.spec);
  if (!planners.has(key)) planners.set(key, new Planner(catalog, cell.build.spec));
  return planners.get(key)!;
};

/** Images are built by the first cell that needs them: give every cell room for that. */
const imageAllowanceMs = 15 * 60_000;

beforeAll(async () => {
  await provisionForRun((line) => console.log(line));
}, 30 * 60_000);

// Cells run side by side; the scheduler shares their common derivations and bounds the containers.
const hosts = [...new Set(cells.map((c) => c.host.name))];
describe.concurrent(matrix.name, () => {
  for (const host of hosts) {
    describe(host, () => {
      for (const cell of cells.filter((c) => c.host.name === host)) {
        test(cell.id, { timeout: cell.timeoutMs + imageAllowanceMs }, async (context) => {
          await labelCell(cell);
          const run = await runCell(cell, {
            planner: plannerFor(cell),
            scheduler,
            store: localStoreDir(),
            snapshotsDir: "snapshots",
            updateSnapshots: inject("updateSnapshots"),
            today: new Date(),
            onProgress: (line) => console.log(`${cell.id}: ${line}`),
          });
          await attachArtifacts({
            plan: run.planText,
            ...(run.closure ? { closureDiff: run.closure.report } : {}),
            ...(run.installCheck && run.installCheck.runner !== "native" ? { emulatorOutput: run.installCheck.log } : {}),
          });
          if (run.record !== null) {
            const ranWith = { image: run.record.image, versions: run.record.versions, qemu: await qemuVersion(), phases: run.record.phases };
            await allure.attachment("ran with", `${JSON.stringify(ranWith, null, 2)}\n`, "application/json");
          }
          const { state, message, skippedChecks } = run.outcome;
          for (const s of skippedChecks) console.log(`${cell.id}: skipped ${s.check}: ${s.reason}`);
          console.log(`${cell.id}: ${state} in ${run.seconds.toFixed(0)}s${state === "passed" ? "" : `: ${message}`}`);
          await allure.label("state", state);
          if (failsTest(state)) {
            if (run.failure !== null) throw await reportFailure(cell, run.failure);
            throw new Error(`${state}: ${message}`);
          }
          if (state === "known-broken" && run.failure !== null) await reportFailure(cell, run.failure);
          if (state === "fixed") await reportPass(cell);
          if (state === "known-broken" || state === "unsatisfiable" || state === "emulator") context.skip(`${state}: ${message}`);
        });
      }
    });
  }
});
