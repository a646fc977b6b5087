/**
 * Running host binaries under QEMU user emulation through binfmt_misc. With the F flag the
 * kernel already holds the interpreter, so a container needs only the foreign binary and, for
 * a dynamically linked one, the cross libc as loader prefix: Debian's cross libc lives in
 * /usr/<debian-triple>, which QEMU finds through QEMU_LD_PREFIX.
 */
import { arch } from "node:os";
import { $ } from "zx";
import { binfmtRegistration, type BinfmtRegistration } from "../engine/index.ts";

/** The cpu of a Debian multiarch triple (its first field, whichever the libc: `aarch64-linux-gnu`,
 * `aarch64-linux-musl`) → QEMU's name for it (qemu-<name>-static, binfmt qemu-<name>). */
const qemuNameOfCpu: Readonly<Record<string, string>> = {
  aarch64: "aarch64",
  arm: "arm",
  riscv64: "riscv64",
  powerpc64le: "ppc64le",
  powerpc64: "ppc64",
  powerpc: "ppc",
  s390x: "s390x",
  mips64el: "mips64el",
  mipsel: "mipsel",
  mips: "mips",
  i686: "i386",
  i386: "i386",
  x86_64: "x86_64",
  sparc64: "sparc64",
  alpha: "alpha",
  m68k: "m68k",
};

/** The QEMU name of the machine we run on: its binaries need no emulation. */
export function nativeQemuName(): string {
  const names: Record<string, string> = { x64: "x86_64", arm64: "aarch64", arm: "arm", ppc64: "ppc64le", s390x: "s390x", riscv64: "riscv64", ia32: "i386" };
  return names[arch()] ?? arch();
}

/** Where QEMU should look for the loader and libraries of a dynamically linked binary. */
export function qemuLdPrefix(debianTriple: string): string {
  return `/usr/${debianTriple}`;
}

export type Emulation =
  | { kind: "native" }
  | { kind: "binfmt"; qemu: string; registration: BinfmtRegistration; env: { QEMU_LD_PREFIX: string } }
  | { kind: "none"; qemu: string; reason: string };

/**
 * How a binary for `debianTriple` runs here: natively, through a binfmt registration with the
 * F flag (usable inside containers), or not at all, with the reason. i386 on x86_64 is native.
 */
export async function emulationFor(debianTriple: string): Promise<Emulation> {
  const qemu = qemuNameOfCpu[debianTriple.split("-")[0]!];
  if (qemu === undefined) return { kind: "none", qemu: "?", reason: `no QEMU user emulator is known for ${debianTriple}` };
  const native = nativeQemuName();
  if (qemu === native || (native === "x86_64" && qemu === "i386")) return { kind: "native" };
  const registration = await binfmtRegistration(`qemu-${qemu}`);
  if (!registration) return { kind: "none", qemu, reason: `qemu-${qemu} is not registered with binfmt_misc (crosscheck doctor --fix)` };
  if (!registration.enabled) return { kind: "none", qemu, reason: `binfmt qemu-${qemu} is disabled (update-binfmts --enable qemu-${qemu})` };
  if (!registration.fixBinary) {
    return { kind: "none", qemu, reason: `binfmt qemu-${qemu} lacks the F flag, so its interpreter is not found inside containers` };
  }
  return { kind: "binfmt", qemu, registration, env: { QEMU_LD_PREFIX: qemuLdPrefix(debianTriple) } };
}

const versions = new Map<string, Promise<string | undefined>>();

/** The version of the host's qemu-user-static, e.g. "7.2.17 (Debian 1:7.2+dfsg-7+deb12u18+b3)", asked once a run. */
export function qemuVersion(qemu = "aarch64"): Promise<string | undefined> {
  let version = versions.get(qemu);
  if (version === undefined) {
    version = $({ quiet: true, nothrow: true })`${`qemu-${qemu}-static`} --version`.then((out) =>
      out.exitCode === 0 ? out.stdout.match(/version\s+(.+)/)?.[1]?.trim() : undefined,
    );
    versions.set(qemu, version);
  }
  return version;
}
