/**
 * Shared by the engine and emulate tests: the real prerequisites, provisioned once, and the
 * aarch64 and mingw-w64 toolchain images they compile with. Not a mock: this builds the real images (the
 * first time; then they are reused by their content keys).
 */
import { ensureBaseImage } from "./images/baseImage.ts";
import { hostFacts } from "./machine/hostSystem.ts";
import { provision } from "./machine/provision.ts";
import { ensureToolchainImage, type ToolchainImage } from "./images/toolchainImage.ts";

export const aarch64Packages = ["gcc-aarch64-linux-gnu", "libc6-dev-arm64-cross"];

/** Why the engine tests cannot run here, or undefined when they can. */
export async function cannotProvision(): Promise<string | undefined> {
  const facts = await hostFacts();
  if (!facts.root) return "not root: provisioning (apt, dockerd, binfmt) needs root; run `sudo crosscheck doctor --fix` first";
  if (!facts.debian) return "not Debian: provisioning uses apt and debootstrap";
  return undefined;
}

export const canProvision = (await cannotProvision()) === undefined;

export async function aarch64Toolchain(): Promise<ToolchainImage> {
  await provision();
  const base = await ensureBaseImage();
  return ensureToolchainImage(base.tag, aarch64Packages);
}

/** Debian's mingw-w64 C compilers for 64- and 32-bit Windows (x86_64-w64-mingw32-gcc, i686-w64-mingw32-gcc). */
export const mingwPackages = ["gcc-mingw-w64-x86-64", "gcc-mingw-w64-i686"];

export async function mingwToolchain(): Promise<ToolchainImage> {
  await provision();
  const base = await ensureBaseImage();
  return ensureToolchainImage(base.tag, mingwPackages);
}

/** Generous: a fresh machine installs docker.io, debootstraps and builds a toolchain image. */
export const provisioningTimeoutMs = 20 * 60_000;
