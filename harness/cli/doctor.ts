/**
 * `crosscheck doctor [--fix] [--json]`: every prerequisite and its state; with --fix, the
 * provisioning (engine, QEMU binfmt, wine binfmt, debootstrap), the base image, and a sweep of containers
 * left by killed runs. Without --fix it changes nothing and prints what to run. The run's
 * builders (CROSSCHECK_BUILDERS, else the project config's) are asked whether they answer.
 */
import { baseImageTag } from "../engine/index.ts";
import { localImage, localImagesOf } from "../engine/index.ts";
import { checkPrerequisites, type Check } from "../engine/index.ts";
import { provisionForRun } from "../engine/index.ts";
import { toolchainRepository } from "../engine/index.ts";
import { builderChecks, runBuilders } from "../engine/index.ts";
import { resolveProject } from "../project/index.ts";
import { qemuVersion } from "../emulate/index.ts";
import type { Invocation } from "./commands.ts";

async function imageChecks(engineAnswering: boolean): Promise<Check[]> {
  if (!engineAnswering) return [{ name: "base image", ok: false, detail: "unknown: no engine answers", fix: "crosscheck doctor --fix" }];
  const tag = await baseImageTag();
  const base = await localImage(tag);
  const toolchains = await localImagesOf(toolchainRepository);
  return [
    {
      name: "base image",
      ok: base !== undefined,
      detail: base ? `${tag} (${Math.round(base.sizeBytes / 1e6)} MB)` : `${tag} not built`,
      fix: "crosscheck doctor --fix   (debootstrap + docker import, a few minutes)",
    },
    { name: "toolchain images", ok: true, detail: toolchains.length ? toolchains.join(", ") : "none yet (built on demand)" },
  ];
}

async function report(): Promise<{ checks: Check[]; qemu?: string }> {
  const prerequisites = await checkPrerequisites();
  const builders = runBuilders(await resolveProject());
  const checks = [...prerequisites.checks, ...(await imageChecks(prerequisites.engine.answering)), ...(await builderChecks(builders))];
  const qemu = await qemuVersion();
  return qemu ? { checks, qemu } : { checks };
}

function print(checks: Check[], qemu: string | undefined): void {
  const width = Math.max(...checks.map((c) => c.name.length));
  for (const check of checks) {
    console.log(`${check.ok ? "ok  " : "MISS"} ${check.name.padEnd(width)}  ${check.detail}`);
  }
  if (qemu) console.log(`\nQEMU ${qemu}`);
  const fixes = [...new Set(checks.filter((c) => !c.ok && c.fix).map((c) => c.fix!))];
  if (fixes.length > 0) console.log(`\nTo repair, run \`crosscheck doctor --fix\` as root, or:\n${fixes.map((f) => `  ${f}`).join("\n")}`);
}

export async function doctor({ values: { fix, json } }: Invocation<"doctor">): Promise<number> {
  if (fix) {
    const log = (line: string) => (json ? console.error(line) : console.log(line));
    await provisionForRun(log);
    log("");
  }

  const { checks, qemu } = await report();
  if (json) console.log(JSON.stringify({ checks, qemu }, null, 2));
  else print(checks, qemu);
  return checks.every((c) => c.ok) ? 0 : 1;
}
