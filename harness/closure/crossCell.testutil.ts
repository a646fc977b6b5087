/**
 * A cross cell for the closure's container tests: a package of a small catalog planned for
 * aarch64, realized in containers into a fresh store, and its closure checked as runCell checks
 * it (the root's attrs as its output checks, the snapshot written unless it has findings). Needs
 * the Docker engine and the base image: provisioned where the machine allows it (root on Debian),
 * else the provisioning's error says what to run. Never skipped.
 */
import { mkdtemp } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, expect } from "vitest";
import { provisionForRun, Scheduler, type PlanRealization } from "../engine/index.ts";
import { elaborate } from "../platform/index.ts";
import { Planner, type Catalog, type Plan } from "../planner/index.ts";
import { checkCell, type CellVerdict } from "./checkCell.ts";
import { DEFAULT_TOLERANCE } from "./tolerance.ts";

const host = elaborate("aarch64-linux");

/** Provisions the machine once before the file's tests (a ready machine costs a few reads). */
export function provisionBeforeAll(): void {
  beforeAll(async () => {
    await provisionForRun(() => undefined);
  }, 30 * 60_000);
}

export interface CrossCell {
  plan: Plan;
  store: string;
  realization: PlanRealization;
  verdict: CellVerdict;
}

export async function buildAndCheck(catalog: Catalog, pkg: string): Promise<CrossCell> {
  const store = await mkdtemp(join(tmpdir(), "crosscheck-store-"));
  const project = await mkdtemp(join(tmpdir(), "crosscheck-project-"));
  const plan = new Planner(catalog, "x86_64-linux").plan({ build: "x86_64-linux", host: "aarch64-linux", package: pkg });
  const realization = await new Scheduler({ store, cores: availableParallelism(), jobs: 1 }).realize(plan, { timeoutMs: 5 * 60_000 });
  expect(realization.failed).toBeNull();
  const root = plan.nodes[plan.root]!;
  const verdict = await checkCell({
    matrix: "test",
    cellId: `${pkg}-aarch64`,
    outputIds: [root.id],
    graph: realization.scans,
    rules: { host: { config: host.config, cpu: host.parsed.cpu } },
    outputChecks: { [root.id]: root.attrs },
    tolerance: DEFAULT_TOLERANCE,
    snapshotsDir: join(project, "snapshots"),
    cellsDir: join(project, "cells"),
    update: "all",
  });
  return { plan, store, realization, verdict };
}
