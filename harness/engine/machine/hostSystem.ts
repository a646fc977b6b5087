/**
 * Facts about the machine the harness runs on, and the one way it changes it: Debian's apt.
 * Provisioning only ever installs packages when we are root on Debian; elsewhere it prints the
 * command instead, so these helpers stay honest about which case we are in.
 */
import { readFile, access } from "node:fs/promises";
import { constants } from "node:fs";
import { join } from "node:path";
import { $ } from "zx";
import { cacheDir } from "./cacheDir.ts";
import { withFileLock } from "./fileLock.ts";

export interface HostFacts {
  root: boolean;
  debian: boolean;
  /** `VERSION_CODENAME` from /etc/os-release, e.g. "bookworm". */
  codename?: string;
  /** `dpkg --print-architecture`, e.g. "amd64". */
  debianArch?: string;
}

export async function hostFacts(): Promise<HostFacts> {
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  let osRelease = "";
  try {
    osRelease = await readFile("/etc/os-release", "utf8");
  } catch {
    // Not Linux, or a very bare system: neither Debian nor anything we can provision.
  }
  const field = (name: string) => osRelease.match(new RegExp(`^${name}="?([^"\\n]*)"?$`, "m"))?.[1];
  const debian = field("ID") === "debian" || (field("ID_LIKE") ?? "").split(" ").includes("debian");
  const facts: HostFacts = { root, debian };
  const codename = field("VERSION_CODENAME");
  if (codename) facts.codename = codename;
  if (debian) {
    const arch = await $({ quiet: true, nothrow: true })`dpkg --print-architecture`;
    if (arch.exitCode === 0) facts.debianArch = arch.stdout.trim();
  }
  return facts;
}

/** Installed version of a Debian package, or undefined when it is not installed. */
export async function installedVersion(pkg: string): Promise<string | undefined> {
  const out = await $({ quiet: true, nothrow: true })`dpkg-query -W -f=${"${db:Status-Abbrev} ${Version}"} ${pkg}`;
  if (out.exitCode !== 0) return undefined;
  const [status, version] = out.stdout.trim().split(/\s+/);
  return status?.startsWith("ii") && version ? version : undefined;
}

export async function commandPath(name: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? "").split(":").concat(["/usr/sbin", "/sbin"])) {
    if (!dir) continue;
    try {
      await access(`${dir}/${name}`, constants.X_OK);
      return `${dir}/${name}`;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

let aptUpdated = false;

/**
 * `apt-get install` the packages that are missing; a no-op (no apt run at all) when all are
 * present, which keeps provisioning quick on a machine that already has everything.
 * Runs `apt-get update` once per process first, because a fresh machine's lists may be empty.
 */
export async function aptInstall(packages: string[]): Promise<string[]> {
  const missingNow = async () => {
    const missing: string[] = [];
    for (const pkg of packages) if ((await installedVersion(pkg)) === undefined) missing.push(pkg);
    return missing;
  };
  if ((await missingNow()).length === 0) return [];
  // Test files and shards provision at once on a fresh machine: one apt at a time (dpkg's own
  // lock would fail the others), and each looks again once it holds the lock.
  return withFileLock(join(await cacheDir("locks"), "apt.lock"), async () => {
    const missing = await missingNow();
    if (missing.length === 0) return [];
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    const apt = $({ quiet: true, env });
    if (!aptUpdated) {
      await apt`apt-get update -q`;
      aptUpdated = true;
    }
    await apt`apt-get install -y -q --no-install-recommends ${missing}`;
    return missing;
  });
}
