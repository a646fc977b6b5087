/**
 * The installCheck of a built package, run where its host binaries can run: directly when the
 * build machine can execute the host, else under the host's emulator (QEMU user through binfmt,
 * with the cross libc as loader prefix). When no emulator is available the check is skipped and
 * says why; it never counts as passed.
 */
import { readFile } from "node:fs/promises";
import type { Plan, PlanNode } from "../planner/index.ts";
import { runStep } from "../engine/index.ts";
import { inputMode } from "../engine/index.ts";
import { buildEnvironment } from "../engine/index.ts";
import { shellQuote } from "../engine/index.ts";
import { buildDir, containerStorePath, requisites } from "../engine/index.ts";
import { outputPath } from "../engine/index.ts";
import { emulationFor } from "./qemu.ts";

export interface CheckRun {
  /** A failed check may still be the emulator's fault: the cell's diagnosis decides. */
  status: "passed" | "failed" | "skipped";
  /** How the host's binaries ran: `native`, `qemu-aarch64`, … */
  runner: string;
  reason: string;
  log: string;
  logPath: string | null;
}

/** How the build machine runs the node's host binaries: extra environment, or why it can't. */
export async function hostRunner(plan: Plan, node: PlanNode): Promise<{ runner: string; env: Record<string, string> } | { skip: string }> {
  if (node.checks.buildCanExecuteHost) return { runner: "native", env: {} };
  const { emulator } = node.checks;
  if (emulator === null) return { skip: `no emulator runs ${node.host.config} binaries on ${node.build.config}` };
  if (emulator.kind !== "qemu") return { skip: `${emulator.command} (${emulator.kind}) is not provided in crosscheck's build images yet` };
  const toolchain = node.cc === null ? null : plan.nodes[node.cc]?.toolchain ?? null;
  if (toolchain === null) return { skip: `no toolchain says which libc ${node.host.config} binaries load` };
  const emulation = await emulationFor(toolchain.debianTriple);
  if (emulation.kind === "native") return { runner: "native", env: {} };
  if (emulation.kind === "none") return { skip: emulation.reason };
  return { runner: `qemu-${emulation.qemu}`, env: emulation.env };
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

export async function runInstallCheck(plan: Plan, node: PlanNode, options: { store: string; image: string; timeoutMs: number }): Promise<CheckRun> {
  const command = node.attrs.installCheck;
  if (command === null) return { status: "skipped", runner: "-", reason: `${node.pname} has no installCheck`, log: "", logPath: null };
  // As Nixpkgs' installCheckPhase, only where the recipe asks for it (doInstallCheck).
  if (!node.checks.requestedDoInstallCheck) return { status: "skipped", runner: "-", reason: `${node.pname} does not set doInstallCheck`, log: "", logPath: null };
  const runner = await hostRunner(plan, node);
  if ("skip" in runner) return { status: "skipped", runner: "-", reason: runner.skip, log: "", logPath: null };
  const logPath = `${outputPath(options.store, node)}.installCheck.log`;
  const result = await runStep({
    image: options.image,
    // The command is shown as written, then run: printing it must not expand it.
    script: installCheckScript(plan, node, command),
    inputs: [node, ...requisites(plan, node)].map((r) => ({ hostPath: outputPath(options.store, r), containerPath: containerStorePath(r), mode: inputMode() })),
    workdir: buildDir,
    env: runner.env,
    timeoutMs: options.timeoutMs,
    logPath,
    name: `${node.storeName}-installCheck`,
  });
  const log = await readFile(logPath, "utf8");
  if (result.status === "succeeded") return { status: "passed", runner: runner.runner, reason: `installCheck passed (${runner.runner})`, log, logPath };
  const why = result.status === "timed-out" ? "timed out" : `exited with ${result.exitCode}`;
  return { status: "failed", runner: runner.runner, reason: `installCheck \`${command}\` ${why} (${runner.runner})`, log, logPath };
}
