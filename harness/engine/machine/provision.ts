/**
 * Make the machine ready: a Docker engine, QEMU registered with binfmt_misc (F flag), wasm
 * modules registered for the WASI runner (wasiBinfmt.ts), wine registered for PE files (wineBinfmt.ts), and debootstrap. Idempotent: every step first checks, so a ready machine costs a few reads and
 * one engine ping. Only root on Debian is changed; anyone else gets the commands to run.
 */
import { UserError } from "../../userError.ts";
import { binfmtMounted, enableBinfmts, mountBinfmt, qemuRegistrations } from "./binfmt.ts";
import { aptInstall, hostFacts } from "./hostSystem.ts";
import { engineStatus, startDockerd } from "./dockerEngine.ts";
import { checkPrerequisites, hostPackages, requiredQemu, type PrerequisiteReport } from "./prerequisites.ts";
import { InfrastructureError } from "./infrastructureError.ts";
import { registerWasiBinfmt } from "./wasiBinfmt.ts";
import { registerWineBinfmt } from "./wineBinfmt.ts";

export interface ProvisionStep {
  what: string;
  /** true when something had to be done, false when it was already in place. */
  changed: boolean;
  ms: number;
}

export interface ProvisionResult {
  steps: ProvisionStep[];
  after: PrerequisiteReport;
}

export interface ProvisionOptions {
  /** Called as each step starts, for progress output. */
  onStep?: (what: string) => void;
}

export async function provision(options: ProvisionOptions = {}): Promise<ProvisionResult> {
  const host = await hostFacts();
  if (!host.root || !host.debian) {
    const report = await checkPrerequisites();
    const todo = report.checks.filter((c) => !c.ok && c.fix).map((c) => `  ${c.fix}`);
    if (todo.length === 0) return { steps: [], after: report };
    throw new UserError(
      `cannot provision: ${host.root ? "" : "not root"}${!host.root && !host.debian ? ", " : ""}${host.debian ? "" : "not Debian"}. Run:\n${[...new Set(todo)].join("\n")}`,
    );
  }
  const steps: ProvisionStep[] = [];
  const step = async (what: string, run: () => Promise<boolean>) => {
    options.onStep?.(what);
    const started = Date.now();
    try {
      steps.push({ what, changed: await run(), ms: Date.now() - started });
    } catch (error) {
      if (error instanceof InfrastructureError) throw error;
      throw new InfrastructureError("provision", `${what} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  };

  await step("Docker engine", async () => {
    if ((await engineStatus()).answering) return false;
    if (process.env.DOCKER_HOST !== undefined) {
      throw new InfrastructureError("engine", `DOCKER_HOST=${process.env.DOCKER_HOST} does not answer; start that engine or unset DOCKER_HOST`);
    }
    await aptInstall([...hostPackages.docker]);
    await startDockerd();
    return true;
  });

  await step("QEMU binfmt", async () => {
    let changed = false;
    // Mount first: binfmt-support's postinst registers formats only if binfmt_misc is there.
    if (!(await binfmtMounted())) {
      await mountBinfmt();
      changed = true;
    }
    if ((await aptInstall([...hostPackages.qemu])).length > 0) changed = true;
    const ready = async () => {
      const registrations = await qemuRegistrations();
      return requiredQemu.every((arch) => registrations.some((r) => r.name === `qemu-${arch}` && r.enabled && r.fixBinary));
    };
    if (!(await ready())) {
      await enableBinfmts();
      changed = true;
      if (!(await ready())) {
        const registrations = await qemuRegistrations();
        const bad = requiredQemu.filter((arch) => !registrations.some((r) => r.name === `qemu-${arch}` && r.enabled && r.fixBinary));
        throw new InfrastructureError("emulator", `qemu binfmt registration missing or without the F flag for: ${bad.join(", ")}`);
      }
    }
    return changed;
  });

  // After QEMU's step, which mounts binfmt_misc.
  await step("WASI binfmt", registerWasiBinfmt);

  // After QEMU's step: binfmt_misc is mounted and binfmt-support installed by then.
  await step("wine binfmt", registerWineBinfmt);

  await step("debootstrap", async () => (await aptInstall([...hostPackages.debootstrap])).length > 0);

  return { steps, after: await checkPrerequisites() };
}
