/**
 * How a machine runs another platform's programs (upstream `emulator`, `emulatorAvailable`,
 * `staticEmulatorAvailable`): natively, or under wine, QEMU user mode, a WASI runtime, node or
 * MMIXware. `nixpkgsPath` is the program as upstream names it, with the package written
 * symbolically (`${qemu-user}/bin/qemu-aarch64`), so plans can be compared with `nix eval`;
 * `command` is what crosscheck runs, which differs where crosscheck has its own: WASI modules run
 * under Node's built-in WASI (`node:wasi`, harness/emulate/wasi.ts), where Nixpkgs has wasmtime.
 */
import type { Platform } from "./platform.ts";

export type EmulatorKind = "native" | "wine" | "qemu" | "wasi" | "ghcjs" | "mmix";

export interface Emulator {
  readonly kind: EmulatorKind;
  /** What crosscheck runs the programs with, e.g. `qemu-aarch64`, `wine`, `exec`, `node:wasi`. */
  readonly command: string;
  /** The Nixpkgs package expression that provides it, e.g. `qemu-user`. */
  readonly nixpkgsPackage: string;
  /** `${package}/bin/command`. */
  readonly nixpkgsPath: string;
}

/** `program` is upstream's file name in `nixpkgsPackage`; crosscheck runs `command` (the same
 * program unless it says otherwise). */
function emulator(kind: EmulatorKind, nixpkgsPackage: string, program: string, command = program): Emulator {
  return { kind, command, nixpkgsPackage, nixpkgsPath: `\${${nixpkgsPackage}}/bin/${program}` };
}

/** How `machine` runs programs built for `platform`, or null when nothing can. */
export function emulatorFor(machine: Platform, platform: Platform): Emulator | null {
  // Upstream wraps `exec "$@"` in a script so every answer is a single program path.
  if (machine.canExecute(platform)) return emulator("native", 'writeShellScriptBin "exec"', "exec");
  if (platform.isWindows) {
    return emulator("wine", `(winePackagesFor "wine${platform.parsed.cpu.bits}").minimal`, "wine");
  }
  if (platform.isLinux && machine.isLinux && platform.qemuArch !== null) {
    return emulator("qemu", "qemu-user", `qemu-${platform.qemuArch}`);
  }
  if (platform.isWasi) return emulator("wasi", "wasmtime", "wasmtime", "node:wasi");
  if (platform.isGhcjs) return emulator("ghcjs", "nodejs-slim", "node");
  if (platform.isMmix) return emulator("mmix", "mmixware", "mmix");
  return null;
}

export function emulatorAvailable(machine: Platform, platform: Platform): boolean {
  return emulatorFor(machine, platform) !== null;
}

/** Whether the emulator also works when built static (`pkgsStatic`), as QEMU user mode does. */
export function staticEmulatorAvailable(machine: Platform, platform: Platform): boolean {
  return emulatorAvailable(machine, platform) && (platform.isLinux || platform.isWasi || platform.isMmix);
}
