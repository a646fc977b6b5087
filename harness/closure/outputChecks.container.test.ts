/**
 * Output checks on a real cross build: a package that records the path of `$CC` in its output
 * refers to the compiler wrapper it was built with, and `disallowedReferences: [stdenv.cc]`
 * turns that into a finding that fails the cell's closure check; recording only the name
 * passes. Realized in containers, scanned and checked as a cell is (needs root: skipped
 * otherwise).
 */
import { availableParallelism, tmpdir } from "node:os";
import { mkdtemp } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, expect, test } from "vitest";
import { provisionForRun } from "../engine/index.ts";
import { Scheduler } from "../engine/index.ts";
import { canProvision } from "../engine/testing.ts";
import { elaborate } from "../platform/index.ts";
import { Planner, type Catalog, type Stdenv } from "../planner/index.ts";
import gcc from "../../recipes/gcc.ts";
import { checkCell, type CellVerdict } from "./checkCell.ts";
import { DEFAULT_TOLERANCE } from "./tolerance.ts";

/** Installs a file with `$CC` as `record` gives it, guarded against referring to the compiler. */
const recordsCc = (pname: string, record: string) =>
  (({ stdenv }: { stdenv: Stdenv }) =>
    stdenv.mkDerivation({
      pname,
      version: "1",
      src: { kind: "inline", files: { README: "records how it was compiled\n" } },
      buildSystem: "custom",
      buildPhase: "true",
      installPhase: `mkdir -p "$out/share" && ${record} > "$out/share/compiler"`,
      disallowedReferences: [stdenv.cc],
    })) as Catalog[string];

const catalog: Catalog = {
  gcc,
  "records-cc-path": recordsCc("records-cc-path", 'command -v "$CC"'),
  "records-cc-name": recordsCc("records-cc-name", 'echo "$CC"'),
};

const host = elaborate("aarch64-linux");

/** Plans the package for aarch64, realizes it, and checks its closure as runCell does. */
async function buildAndCheck(pkg: string): Promise<{ verdict: CellVerdict; ccStoreName: string }> {
  const store = await mkdtemp(join(tmpdir(), "crosscheck-store-"));
  const project = await mkdtemp(join(tmpdir(), "crosscheck-project-"));
  const plan = new Planner(catalog, "x86_64-linux").plan({ build: "x86_64-linux", host: "aarch64-linux", package: pkg });
  const result = await new Scheduler({ store, cores: availableParallelism(), jobs: 1 }).realize(plan, { timeoutMs: 5 * 60_000 });
  expect(result.failed).toBeNull();
  const root = plan.nodes[plan.root]!;
  const verdict = await checkCell({
    matrix: "test",
    cellId: `${pkg}-aarch64`,
    outputIds: [root.id],
    graph: result.scans,
    rules: { host: { config: host.config, cpu: host.parsed.cpu } },
    outputChecks: { [root.id]: root.attrs },
    tolerance: DEFAULT_TOLERANCE,
    snapshotsDir: join(project, "snapshots"),
    cellsDir: join(project, "cells"),
    update: "all",
  });
  return { verdict, ccStoreName: plan.nodes[root.cc!]!.storeName };
}

beforeAll(async () => {
  if (canProvision) await provisionForRun(() => undefined);
}, 30 * 60_000);

test.skipIf(!canProvision)("an output that records $CC's path breaks disallowedReferences: [stdenv.cc]", { timeout: 10 * 60_000 }, async () => {
  const { verdict, ccStoreName } = await buildAndCheck("records-cc-path");
  expect(verdict.ok).toBe(false);
  const disallowed = verdict.findings.filter((f) => f.kind === "disallowed-reference");
  expect(disallowed.map((f) => [f.output, f.file])).toEqual([["records-cc-path", "share/compiler"]]);
  expect(disallowed[0]!.message).toContain(`(/crosscheck/store/${ccStoreName}), which disallowedReferences forbids`);
});

test.skipIf(!canProvision)("an output that records only $CC's name passes the same check", { timeout: 10 * 60_000 }, async () => {
  const { verdict } = await buildAndCheck("records-cc-name");
  expect(verdict.findings).toEqual([]);
  expect(verdict.ok).toBe(true);
});
