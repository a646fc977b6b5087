/**
 * remove-references-to as a recipe uses it: a package whose install records the path of the
 * compiler it was built with (the cross gcc wrapper, for aarch64) fails its closure check; the
 * same package with removeReferencesTo in nativeBuildInputs and `remove-references-to -t $CC's
 * store path` in postInstall passes, guarded by disallowedReferences: [stdenv.cc].
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, expect, test } from "vitest";
import { overlay, type Package, type Stdenv } from "../harness/planner/index.ts";
import { createCellRunner } from "../harness/cell/index.ts";
import { resolveProject } from "../harness/project/index.ts";
import { catalog } from "./index.ts";

const recordCompiler = 'mkdir -p "$out/share"; echo "built with $(command -v "$CC")" > "$out/share/compiler"';
const ccStorePath = 'cc=$(command -v "$CC"); cc=${cc#/crosscheck/store/}; cc=/crosscheck/store/${cc%%/*}';
const recorder = (strip: boolean) =>
  ({ stdenv, removeReferencesTo }: { stdenv: Stdenv; removeReferencesTo: Package }) =>
    stdenv.mkDerivation({
      pname: strip ? "recorder-stripped" : "recorder",
      version: "1.0",
      src: { kind: "inline", files: { "README": "records $CC\n" } },
      buildSystem: "custom",
      buildPhase: ":",
      installPhase: recordCompiler,
      ...(strip
        ? {
            nativeBuildInputs: [removeReferencesTo],
            postInstall: `${ccStorePath}; remove-references-to -t "$cc" "$out/share/compiler"`,
            disallowedReferences: [stdenv.cc],
          }
        : {}),
    });

const recipes = overlay(catalog, { recorder: recorder(false), "recorder-stripped": recorder(true) });
const work = await mkdtemp(join(tmpdir(), "crosscheck-rrt-"));
const project = { ...(await resolveProject(process.cwd())), snapshotsDir: join(work, "snapshots"), cellsDir: join(work, "cells") };
const runner = await createCellRunner({ project, catalog: recipes, snapshotUpdate: "new" });
const matrixFile = join(work, "rrt.yaml");
await writeFile(matrixFile, "build: [x86_64-linux]\nhost: [aarch64-multiplatform]\npackage: [recorder, recorder-stripped]\ndefaults:\n  checks: [closure]\ninclude:\n  - { package: removeReferencesTo, host: x86_64-linux, checks: [installCheck] }\n");
const [plain, stripped, tool] = runner.loadMatrix(matrixFile).cells;

beforeAll(async () => {
  await runner.provision(() => undefined);
}, 30 * 60_000);

test("remove-references-to's installCheck overwrites a hash with e's", { timeout: 20 * 60_000 }, async () => {
  const run = await runner.run(tool!);
  expect(run.outcome.state, run.installCheck?.log).toBe("passed");
  expect(run.installCheck!.status).toBe("passed");
});

test("remove-references-to takes the compiler's path out of an output", { timeout: 20 * 60_000 }, async () => {
  const before = await runner.run(plain!);
  expect(before.outcome.state).toBe("failed");
  expect(before.closure!.findings.map((f) => [f.kind, f.file])).toContainEqual(["foreign-reference", "share/compiler"]);

  const after = await runner.run(stripped!);
  expect(after.outcome.state, after.closure?.report ?? after.outcome.message).toBe("passed");
  expect(after.closure!.findings).toEqual([]);
});
