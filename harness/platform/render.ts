/**
 * Rendering a parsed platform back to strings: the Nix double (`system`) and the LLVM-style
 * triple (`config`). Neither round-trips every input — `x86_64-w64-mingw32` renders as
 * `x86_64-w64-windows-gnu` — which is why `elaborate` keeps a given `config` verbatim.
 */
import type { CpuType } from "./cpuTypes.ts";
import type { ExecFormat, Kernel } from "./kernels.ts";
import type { Parsed } from "./parse.ts";

function kernelName(kernel: Kernel): string {
  return kernel.name + (kernel.version ?? "");
}

/** Apple's name for the cpu (LLVM ≥ 20 wants `arm64` in Darwin triples). */
export function darwinArch(cpu: CpuType): string {
  return cpu.name === "aarch64" ? "arm64" : cpu.name;
}

/** GNU build systems assume older 32-bit NetBSD ports still use a.out. */
function gnuNetBSDDefaultExecFormat(cpu: CpuType): ExecFormat {
  return cpu.bits === 32 && ["arm", "sparc", "m68k", "x86"].includes(cpu.family) ? "aout" : "elf";
}

export function doubleFromParsed({ cpu, kernel }: Parsed): string {
  return kernel.families.includes("darwin") ? `${cpu.name}-darwin` : `${cpu.name}-${kernelName(kernel)}`;
}

export function tripleFromParsed({ cpu, vendor, kernel, abi }: Parsed): string {
  const execFormat =
    kernel.name === "netbsd" && gnuNetBSDDefaultExecFormat(cpu) !== kernel.execFormat ? kernel.execFormat : "";
  const abiSuffix = abi.name === "unknown" ? "" : `-${abi.name}`;
  const cpuName = kernel.families.includes("darwin") ? darwinArch(cpu) : cpu.name;
  return `${cpuName}-${vendor.name}-${kernelName(kernel)}${execFormat}${abiSuffix}`;
}
