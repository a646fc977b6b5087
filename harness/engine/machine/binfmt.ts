/**
 * The kernel's binfmt_misc registrations for QEMU. Registrations need the fix-binary (F) flag:
 * the kernel then opens the interpreter when it is registered, so a foreign binary runs inside
 * a container whose filesystem has no qemu at all — what lets us run host binaries in the
 * plain toolchain image. (wasiBinfmt.ts and wineBinfmt.ts are the ones without it.)
 */
import { readFile, readdir } from "node:fs/promises";
import { $ } from "zx";

export const binfmtDir = "/proc/sys/fs/binfmt_misc";

export interface BinfmtRegistration {
  /** Entry name, e.g. "qemu-aarch64". */
  name: string;
  enabled: boolean;
  interpreter: string;
  /** Flags as the kernel shows them, e.g. "POCF". */
  flags: string;
  fixBinary: boolean;
}

export async function binfmtMounted(): Promise<boolean> {
  try {
    const entries = await readdir(binfmtDir);
    return entries.includes("register");
  } catch {
    return false;
  }
}

export async function mountBinfmt(): Promise<void> {
  if (await binfmtMounted()) return;
  await $({ quiet: true })`mount -t binfmt_misc binfmt_misc ${binfmtDir}`;
}

export async function binfmtRegistration(name: string): Promise<BinfmtRegistration | undefined> {
  let text: string;
  try {
    text = await readFile(`${binfmtDir}/${name}`, "utf8");
  } catch {
    return undefined;
  }
  const lines = text.split("\n");
  const value = (key: string) => lines.find((l) => l.startsWith(`${key} `))?.slice(key.length + 1).trim() ?? "";
  const flags = value("flags:");
  return {
    name,
    enabled: lines[0]?.trim() === "enabled",
    interpreter: value("interpreter"),
    flags,
    fixBinary: flags.includes("F"),
  };
}

/** All qemu-* registrations the kernel knows. */
export async function qemuRegistrations(): Promise<BinfmtRegistration[]> {
  let names: string[];
  try {
    names = await readdir(binfmtDir);
  } catch {
    return [];
  }
  const found: BinfmtRegistration[] = [];
  for (const name of names.filter((n) => n.startsWith("qemu-")).sort()) {
    const registration = await binfmtRegistration(name);
    if (registration) found.push(registration);
  }
  return found;
}

/**
 * Ask binfmt-support to (re)enable every format it knows. Without systemd or an init script
 * having run, nothing did this at boot, so a machine where qemu-user-static is installed can
 * still have no registrations.
 */
export async function enableBinfmts(): Promise<void> {
  await $({ quiet: true })`update-binfmts --enable`;
}
