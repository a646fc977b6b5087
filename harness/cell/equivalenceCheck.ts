/**
 * The `equivalence` check of a cross cell: the same package built natively for the host (planned
 * with build = host, realized in containers of the host's architecture, every process under the
 * host's emulator through binfmt), its installCheck run there too, and both builds compared
 * (closure/equivalence.ts). Slow by nature (a native build under QEMU: hello's took 13 to 24 min
 * here), so no matrix runs it unless it asks.
 */
import type { Cell } from "../matrix/index.ts";
import { Planner, UnsatisfiableError, debianArchitecture, type Plan, type PlanNode } from "../planner/index.ts";
import { elaborate, type PlatformSpec } from "../platform/index.ts";
import { baseImageUnavailable, outputPath, readBuildRecord, type RealizeEvent, type Scheduler } from "../engine/index.ts";
import { hostRunner, runInstallCheck, type CheckRun } from "../emulate/index.ts";
import { compareBuilds, outputName, type EquivalenceVerdict } from "../closure/index.ts";
import type { FailureEvidence } from "../diagnosis/index.ts";
import { builtPhase } from "../diagnosis/index.ts";

export interface EquivalenceOptions {
  /** A planner whose build platform is the cell's host. */
  nativePlanner: Planner;
  scheduler: Scheduler;
  store: string;
  timeoutMs: number;
  /** The cross build's installCheck, when the cell ran it already. */
  crossInstallCheck: CheckRun | null;
  crossImage: string;
  rerunInstallCheck: boolean;
  onEvent?: (event: RealizeEvent) => void;
}

export type EquivalenceResult =
  | { kind: "skipped"; reason: string }
  /** The native build failed: the cell fails with its diagnosis, as a cross build's failure would. */
  | { kind: "native-failed"; evidence: FailureEvidence; nativePlan: Plan }
  | { kind: "compared"; verdict: EquivalenceVerdict; nativePlan: Plan };

/** Each output of each node of the plans, with the name messages give it (`hello`, `zlib.dev`). */
function storeNames(plans: readonly Plan[]): { storeName: string; label: string }[] {
  return plans.flatMap((plan) =>
    Object.values(plan.nodes).flatMap((node) => node.outputs.map((o, n) => ({ storeName: o.storeName, label: outputName({ pname: node.pname, output: n === 0 ? undefined : o.name }) }))),
  );
}

const installCheckResult = (run: CheckRun) => ({ status: run.status, runner: run.runner, reason: run.reason });

export async function checkEquivalence(cell: Cell, plan: Plan, root: PlanNode, options: EquivalenceOptions): Promise<EquivalenceResult> {
  if (root.checks.buildCanExecuteHost) return { kind: "skipped", reason: `the cell builds on ${root.build.config} for itself: it is the native build` };
  const runner = await hostRunner(plan, root);
  if ("skip" in runner) return { kind: "skipped", reason: `no native build: ${runner.skip}` };
  let nativePlan: Plan;
  try {
    nativePlan = options.nativePlanner.plan({ build: cell.host.spec, host: cell.host.spec, target: cell.target.spec, package: cell.package });
  } catch (error) {
    if (error instanceof UnsatisfiableError) return { kind: "skipped", reason: `no native build on ${root.host.config}: ${error.message}` };
    throw error;
  }
  const nativeRoot = nativePlan.nodes[nativePlan.root]!;
  const arch = debianArchitecture(elaborate(cell.host.spec as PlatformSpec))?.arch;
  const unavailable = arch === undefined ? `${root.host.config} is not a Debian architecture` : await baseImageUnavailable({ arch });
  if (unavailable !== null) return { kind: "skipped", reason: `no native build: ${unavailable}` };
  const realization = await options.scheduler.realize(nativePlan, { timeoutMs: options.timeoutMs, ...(options.onEvent ? { onEvent: options.onEvent } : {}) });
  if (realization.failed !== null) {
    const failed = realization.failed;
    const what = failed.node.id === nativeRoot.id ? "" : ` (the dependency ${failed.node.name})`;
    return {
      kind: "native-failed",
      nativePlan,
      evidence: {
        phase: builtPhase(failed.failedPhase ?? "build"),
        log: `(while building ${cell.package} natively on ${root.host.config}${what} under ${runner.runner}, for the equivalence check)\n${failed.phases.at(-1)?.text ?? ""}`,
        exit: failed.status === "timed-out" ? { timedOut: true } : { code: 1 },
        emulator: runner.runner,
      },
    };
  }
  const nativeRecord = await readBuildRecord(options.store, nativeRoot);
  const check = { store: options.store, timeoutMs: options.timeoutMs, rerun: options.rerunInstallCheck };
  const crossCheck = options.crossInstallCheck ?? (await runInstallCheck(plan, root, { ...check, image: options.crossImage }));
  const nativeCheck = await runInstallCheck(nativePlan, nativeRoot, { ...check, image: nativeRecord?.image ?? "" });
  const nativeOutputs = new Map(nativeRoot.outputs.map((o) => [o.name, o]));
  const verdict = await compareBuilds({
    subject: `${root.pname} ${root.version} for ${root.host.config}`,
    outputs: root.outputs.flatMap((o) => {
      const native = nativeOutputs.get(o.name);
      return native === undefined ? [] : [{ name: o.name, cross: outputPath(options.store, o), native: outputPath(options.store, native) }];
    }),
    storeNames: storeNames([plan, nativePlan]),
    installCheck: { cross: installCheckResult(crossCheck), native: installCheckResult(nativeCheck) },
  });
  return { kind: "compared", verdict, nativePlan };
}
