/**
 * A deliberate regression in one recipe turns exactly its cells red: zlib's install is made to
 * record the full path of the compiler it was built with (the classic way a cross-built
 * library's closure drags in the build platform's gcc). zlib's cell and the cell of libpng,
 * which propagates zlib, must fail with the reference explained; hello, which does not use
 * zlib, must stay green against its committed snapshot.
 */
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { beforeAll, expect, test } from "vitest";
import { selectCells } from "../harness/matrix/index.ts";
import { overlay, type Derivation } from "../harness/planner/index.ts";
import { catalog } from "../recipes/index.ts";
import { createCellRunner, readRunSettings } from "../harness/cell/index.ts";
import { localStoreDir } from "../harness/engine/index.ts";
import { Scheduler } from "../harness/engine/index.ts";

const plantedBuildInfo = 'echo "CC=$(command -v "$CC")" > "$out/lib/zlib.buildinfo"';

// The regression comes as a user would plant it: an overlay over the catalog.
const regressed = overlay(catalog, {
  zlib: ({ prev }: { prev: Derivation }) => prev.overrideAttrs({ postInstall: plantedBuildInfo }),
});

const { project } = readRunSettings();
const runner = await createCellRunner({
  project,
  catalog: regressed,
  scheduler: new Scheduler({ store: localStoreDir(), cores: availableParallelism(), jobs: 1 }),
});
const cells = selectCells(runner.loadMatrix(join(project.root, "matrices/smoke.yaml")).cells, "zlib@*~aarch64-multiplatform,libpng@*~aarch64-multiplatform,hello@*~aarch64-multiplatform");
const run = runner.run;

beforeAll(async () => {
  await runner.provision(() => undefined);
}, 30 * 60_000);

test("a recipe that records its compiler's path turns exactly its cells red, and says why", { timeout: 40 * 60_000 }, async () => {
  const runs = new Map<string, Awaited<ReturnType<typeof run>>>();
  for (const cell of cells) runs.set(cell.package, await run(cell));

  const zlib = runs.get("zlib")!;
  expect(zlib.outcome.state).toBe("failed");
  expect(zlib.failure?.phase).toBe("closure");
  const finding = zlib.closure!.findings.find((f) => f.kind === "foreign-reference");
  expect(finding?.file).toBe("lib/zlib.buildinfo");
  expect(finding?.message).toMatch(/gcc-wrapper/);
  expect(zlib.closure!.report).toMatch(/x86_64-unknown-linux-gnu/);

  const libpng = runs.get("libpng")!;
  expect(libpng.outcome.state).toBe("failed");
  expect(libpng.closure!.report).toMatch(/zlib/);
  expect(libpng.closure!.report).toMatch(/gcc-wrapper/);

  expect(runs.get("hello")!.outcome).toMatchObject({ state: "passed" });
});
