/**
 * The installCheck of a built package, run where its host binaries can run: directly when the
 * build machine can execute the host, else under the host's emulator (QEMU user through binfmt,
 * with the cross libc as loader prefix; WASI modules under Node's WASI, wasi.ts; wine, from the check's image, for Windows, wine.ts), and a
 * compiler's programs for its target under the target's emulator too (targetEmulation). When no emulator is available the check is skipped and
 * says why; it never counts as passed. A pass is recorded in the store under the check's key
 * (engine/store/checkRecord.ts) and reused while nothing it depends on changes.
 */
import { readFile } from "node:fs/promises";
import { targetEmulator, type Plan, type PlanNode } from "../planner/index.ts";
import { runStep } from "../engine/index.ts";
import { inputMode } from "../engine/index.ts";
import { buildEnvironment } from "../engine/index.ts";
import { shellQuote } from "../engine/index.ts";
import { buildDir, containerStorePath, requisites } from "../engine/index.ts";
import { ensureNodeImage } from "../engine/index.ts";
import { outputPath } from "../engine/index.ts";
import { checkKey, checkLogPath, dropCheckRecord, readCheckRecord, writeCheckRecord } from "../engine/index.ts";
import type { StepInput } from "../engine/index.ts";
import { emulationFor, qemuVersion } from "./qemu.ts";
import { wasiRunner } from "./wasi.ts";
import { wineRunner } from "./wine.ts";
import { binfmtRegistration } from "../engine/index.ts";

export interface CheckRun {
  /** A failed check may still be the emulator's fault: the cell's diagnosis decides. */
  status: "passed" | "failed" | "skipped";
  /** How the host's binaries ran: `native`, `qemu-aarch64`, `node:wasi`, … */
  runner: string;
  reason: string;
  log: string;
  logPath: string | null;
  /** When the reused result ran (ISO 8601); null when the check ran now. */
  cachedFrom: string | null;
}

/** How host binaries run: the runner's name, and its identity with version for check keys. */
export interface HostRunner {
  runner: string;
  /** `native`, or the emulator and its version: a new QEMU runs every emulated check again. */
  emulator: string;
  env: Record<string, string>;
  /** What the check's container needs mounted besides the outputs: the WASI runner. */
  inputs: StepInput[];
  /** Debian packages the check's image needs besides the build's: the emulator, when it runs
   * from the image (wine) rather than from the machine (QEMU through binfmt's F flag). */
  packages: readonly string[];
}

/** How the build machine runs the node's host binaries: extra environment, or why it can't. */
export async function hostRunner(plan: Plan, node: PlanNode): Promise<HostRunner | { skip: string }> {
  const native = { runner: "native", emulator: "native", env: {}, inputs: [], packages: [] };
  if (node.checks.buildCanExecuteHost) return native;
  const { emulator } = node.checks;
  if (emulator === null) return { skip: `no emulator runs ${node.host.config} binaries on ${node.build.config}` };
  if (emulator.kind === "wasi") return wasiRunner();
  if (emulator.kind === "wine") return wineRunner(plan, node);
  if (emulator.kind !== "qemu") return { skip: `${emulator.command} (${emulator.kind}) is not provided in crosscheck's build images yet` };
  const toolchain = node.cc === null ? null : plan.nodes[node.cc]?.toolchain ?? null;
  if (toolchain === null) return { skip: `no toolchain says which libc ${node.host.config} binaries load` };
  const emulation = await emulationFor(toolchain.debianTriple);
  if (emulation.kind === "native") return native;
  if (emulation.kind === "none") return { skip: emulation.reason };
  const runner = `qemu-${emulation.qemu}`;
  return { runner, emulator: `${runner} ${(await qemuVersion(emulation.qemu)) ?? "of unknown version"}`, env: emulation.env, inputs: [], packages: [] };
}

/**
 * How the installCheck of a compiler whose target the build machine can't run also runs the
 * target's programs, which it may compile and run (tcc's Canadian cross does): through the
 * target's QEMU binfmt entry as the host's run, with the F flag, so they start by themselves in
 * the check's container; their loader is the one the compiler wrote into them (a store path), not
 * one under the host's QEMU_LD_PREFIX. Its version is part of the check key. Null where the node
 * has no such target.
 */
async function targetEmulation(node: PlanNode): Promise<{ runner: string; emulator: string } | { skip: string } | null> {
  const runs = targetEmulator(node);
  if (runs === null) return null;
  const { emulator } = runs;
  if (emulator === null || emulator.kind !== "qemu") return { skip: `no emulator runs ${node.target.config} programs (${node.pname}'s target) here` };
  const registration = await binfmtRegistration(emulator.command);
  if (registration === undefined || !registration.enabled || !registration.fixBinary) {
    return { skip: `${emulator.command}, which runs ${node.pname}'s target's programs, is not registered with binfmt_misc with the F flag (crosscheck doctor --fix)` };
  }
  return { runner: emulator.command, emulator: `${emulator.command} ${(await qemuVersion(emulator.command.replace(/^qemu-/, ""))) ?? "of unknown version"}` };
}

/**
 * The installCheck as the check's container runs it: the build's environment, preInstallCheck,
 * the command (shown as written, then run: printing it must not expand it), postInstallCheck,
 * as setup.sh's installCheckPhase runs its hooks around it.
 */
export function installCheckScript(plan: Plan, node: PlanNode, command: string): string {
  const environment = buildEnvironment({ plan, node, source: null, updateGnuConfig: false });
  const { preInstallCheck, postInstallCheck } = node.attrs.phases;
  return [environment, preInstallCheck, `printf '%s\\n' ${shellQuote(`$ ${command}`)}`, command, postInstallCheck, ""].filter((part) => part !== undefined).join("\n");
}

const check = "installCheck";

/**
 * Runs the node's installCheck, or reuses its recorded pass when nothing it depends on changed
 * (`rerun` runs it anyway).
 */
export async function runInstallCheck(plan: Plan, node: PlanNode, options: { store: string; image: string; timeoutMs: number; rerun: boolean }): Promise<CheckRun> {
  const command = node.attrs.installCheck;
  const skipped = (reason: string): CheckRun => ({ status: "skipped", runner: "-", reason, log: "", logPath: null, cachedFrom: null });
  if (command === null) return skipped(`${node.pname} has no installCheck`);
  // As Nixpkgs' installCheckPhase, only where the recipe asks for it (doInstallCheck).
  if (!node.checks.requestedDoInstallCheck) return skipped(`${node.pname} does not set doInstallCheck`);
  const host = await hostRunner(plan, node);
  if ("skip" in host) return skipped(host.skip);
  const target = await targetEmulation(node);
  if (target !== null && "skip" in target) return skipped(target.skip);
  const runner = target === null ? host : { ...host, runner: `${host.runner} + ${target.runner}`, emulator: `${host.emulator} + ${target.emulator}` };
  const mounted = [node, ...requisites(plan, node)].flatMap((r) => r.outputs);
  const script = installCheckScript(plan, node, command);
  // An emulator that runs from the image runs in the check's image: the build's and its packages.
  const image = runner.packages.length === 0 ? options.image : (await ensureNodeImage(plan, node, undefined, runner.packages)).tag;
  const key = checkKey({ outputs: mounted.map((r) => r.id), script, image, emulator: runner.emulator });
  const logPath = checkLogPath(options.store, node, check);
  const passed = `installCheck passed (${runner.runner})`;
  const recorded = options.rerun ? undefined : await readCheckRecord(options.store, node, check, key);
  if (recorded !== undefined) {
    return { status: "passed", runner: recorded.runner, reason: `${passed}, cached from ${recorded.ranAt}`, log: await readFile(logPath, "utf8"), logPath, cachedFrom: recorded.ranAt };
  }
  const ranAt = new Date();
  const result = await runStep({
    image,
    // The command is shown as written, then run: printing it must not expand it.
    script,
    inputs: [...mounted.map((r) => ({ hostPath: outputPath(options.store, r), containerPath: containerStorePath(r), mode: inputMode() })), ...runner.inputs],
    workdir: buildDir,
    env: runner.env,
    timeoutMs: options.timeoutMs,
    logPath,
    name: `${node.storeName}-installCheck`,
  });
  const log = await readFile(logPath, "utf8");
  if (result.status === "succeeded") {
    await writeCheckRecord(options.store, node, { check, key, runner: runner.runner, reason: passed, ranAt: ranAt.toISOString(), seconds: (Date.now() - ranAt.getTime()) / 1000 });
    return { status: "passed", runner: runner.runner, reason: passed, log, logPath, cachedFrom: null };
  }
  await dropCheckRecord(options.store, node, check);
  const why = result.status === "timed-out" ? "timed out" : `exited with ${result.exitCode}`;
  return { status: "failed", runner: runner.runner, reason: `installCheck \`${command}\` ${why} (${runner.runner})`, log, logPath, cachedFrom: null };
}
