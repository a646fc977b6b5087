/**
 * What the harness needs from the machine, each checked on its own so `doctor` can show the
 * state of every one and the exact command that repairs it. Checking never changes anything;
 * provision.ts does the repairs.
 */
import { $ } from "zx";
import { binfmtMounted, qemuRegistrations, type BinfmtRegistration } from "./binfmt.ts";
import { wineRegisterCommand, wineRegistration, wineRegistrationProblem } from "./wineBinfmt.ts";
import { commandPath, hostFacts, installedVersion, type HostFacts } from "./hostSystem.ts";
import { wasiRegisterLine, wasiRegistration, wasiRegistrationProblem } from "./wasiBinfmt.ts";
import { engineEndpoint, engineStatus, dockerdLogPath, type EngineStatus } from "./dockerEngine.ts";

/** The foreign CPUs the smoke and nightly matrices emulate; each needs a qemu-* registration. */
export const requiredQemu = ["aarch64", "arm", "riscv64", "ppc64le", "s390x", "mips64el"] as const;

export const hostPackages = {
  docker: ["docker.io"],
  qemu: ["qemu-user-static", "binfmt-support"],
  debootstrap: ["debootstrap"],
} as const;

export interface Check {
  name: string;
  ok: boolean;
  /** What we found: a version, a flag set, or why it is missing. */
  detail: string;
  /** The exact command(s) that repair it, for someone who is not letting us do it. */
  fix?: string;
}

export interface PrerequisiteReport {
  host: HostFacts;
  engine: EngineStatus;
  qemu: BinfmtRegistration[];
  checks: Check[];
}

const aptCommand = (pkgs: readonly string[]) => `apt-get install -y ${pkgs.join(" ")}`;
const asRoot = (host: HostFacts, cmd: string) => (host.root ? cmd : `sudo ${cmd}`);

export async function checkPrerequisites(): Promise<PrerequisiteReport> {
  const host = await hostFacts();
  const checks: Check[] = [];

  checks.push({
    name: "root on Debian",
    ok: host.root && host.debian,
    detail: `${host.root ? "root" : "not root"}, ${host.debian ? `Debian ${host.codename ?? ""} (${host.debianArch ?? "?"})` : "not Debian"}`,
    // No fix of its own: the other checks' fixes carry `sudo` when we are not root.
  });

  const dockerCli = await commandPath("docker");
  const cliVersion = dockerCli ? (await $({ quiet: true, nothrow: true })`${dockerCli} --version`).stdout.trim() : "";
  checks.push({
    name: "Docker client",
    ok: dockerCli !== undefined,
    detail: dockerCli ? `${cliVersion} (${dockerCli})` : "no docker command",
    fix: asRoot(host, aptCommand(hostPackages.docker)),
  });

  const engine = await engineStatus();
  const local = process.env.DOCKER_HOST === undefined;
  checks.push({
    name: "Docker engine",
    ok: engine.answering,
    detail: engine.answering
      ? `answering at ${engine.endpoint}: engine ${engine.serverVersion}, API ${engine.apiVersion}`
      : `nothing answers at ${engine.endpoint}${engine.reason ? ` (${engine.reason})` : ""}`,
    fix: local
      ? `${asRoot(host, aptCommand(hostPackages.docker))} && ${asRoot(host, `sh -c 'setsid dockerd >>${dockerdLogPath} 2>&1 &'`)}`
      : `start the engine that DOCKER_HOST=${engineEndpoint()} names, or unset DOCKER_HOST`,
  });

  const debootstrap = await installedVersion("debootstrap");
  checks.push({
    name: "debootstrap",
    ok: debootstrap !== undefined,
    detail: debootstrap ?? "not installed",
    fix: asRoot(host, aptCommand(hostPackages.debootstrap)),
  });

  const qemuVersion = await installedVersion("qemu-user-static");
  const binfmtSupport = await installedVersion("binfmt-support");
  checks.push({
    name: "qemu-user-static",
    ok: qemuVersion !== undefined && binfmtSupport !== undefined,
    detail: `qemu-user-static ${qemuVersion ?? "not installed"}, binfmt-support ${binfmtSupport ?? "not installed"}`,
    fix: asRoot(host, aptCommand(hostPackages.qemu)),
  });

  const mounted = await binfmtMounted();
  checks.push({
    name: "binfmt_misc mounted",
    ok: mounted,
    detail: mounted ? "/proc/sys/fs/binfmt_misc" : "not mounted",
    fix: asRoot(host, "mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc"),
  });

  const qemu = await qemuRegistrations();
  for (const arch of requiredQemu) {
    const registration = qemu.find((r) => r.name === `qemu-${arch}`);
    const ok = registration !== undefined && registration.enabled && registration.fixBinary;
    checks.push({
      name: `binfmt qemu-${arch}`,
      ok,
      detail: registration
        ? `${registration.enabled ? "enabled" : "disabled"}, flags ${registration.flags || "none"}${registration.fixBinary ? "" : " (no F: foreign binaries won't run inside containers)"}, ${registration.interpreter}`
        : "not registered",
      fix: asRoot(host, "update-binfmts --enable"),
    });
  }

  const wasi = await wasiRegistration();
  const wasiProblem = wasiRegistrationProblem(wasi);
  checks.push({
    name: "binfmt crosscheck-wasi",
    ok: wasiProblem === null,
    detail: wasiProblem ?? `enabled, wasm modules run by ${wasi!.interpreter} in check containers`,
    // printf '%s', not echo: the magic's backslashes must reach the kernel as written.
    fix: asRoot(host, `sh -c "${wasi === undefined ? "" : "echo -1 > /proc/sys/fs/binfmt_misc/crosscheck-wasi; "}printf '%s' '${wasiRegisterLine}' > /proc/sys/fs/binfmt_misc/register"`),
  });

  const wine = await wineRegistration();
  const wineProblem = wineRegistrationProblem(wine);
  checks.push({
    name: "binfmt wine",
    ok: wineProblem === null,
    detail: wineProblem ?? `enabled, PE files run by ${wine!.interpreter} in check containers (the check's image has wine)`,
    fix: asRoot(host, wineRegisterCommand),
  });

  return { host, engine, qemu, checks };
}
