/**
 * Parsing a system string (a double such as `aarch64-linux` or a triple such as
 * `armv7l-unknown-linux-gnueabihf`) into its four components, following Nixpkgs'
 * `mkSystemFromString`: first a skeleton chosen by the number of components, then lookup of
 * each component and inference of the missing vendor and ABI.
 */
import { UserError } from "../userError.ts";
import { abi, lookupAbi, abis, type Abi } from "./abis.ts";
import { cpuTypeNames, lookupCpuType, type CpuType } from "./cpuTypes.ts";
import { kernelNames, lookupKernel, type Kernel } from "./kernels.ts";
import { lookupVendor, vendors, type Vendor } from "./vendors.ts";
import { didYouMean } from "../suggest.ts";

export interface Parsed {
  readonly cpu: CpuType;
  readonly vendor: Vendor;
  readonly kernel: Kernel;
  readonly abi: Abi;
}

/** Component names before lookup; vendor and abi may be left for inference. */
interface Skeleton {
  cpu: string;
  vendor?: string;
  kernel: string;
  abi?: string;
}

function skeletonFromComponents(components: readonly string[], system: string): Skeleton {
  const [c0, c1, c2, c3] = components as [string, string?, string?, string?];
  switch (components.length) {
    case 1:
      if (c0 === "avr") return { cpu: c0, kernel: "none", abi: "unknown" };
      throw new UserError(`system string '${system}' with 1 component is ambiguous`);
    case 2:
      if (c1 === "cygwin") return skeletonFromComponents([c0, "pc", "cygwin"], system);
      // MinGW gets the gnu ABI by default; a bare `-windows` means the MSVC toolchain.
      if (c1 === "windows") return { cpu: c0, kernel: "windows", abi: "msvc" };
      if (c1 === "elf") return { cpu: c0, vendor: "unknown", kernel: "none", abi: "elf" };
      return { cpu: c0, kernel: c1! };
    case 3:
      // cpu-kernel-environment
      if (c1 === "linux" || ["eabi", "eabihf", "elf", "gnu"].includes(c2!)) {
        return { cpu: c0, vendor: "unknown", kernel: c1!, abi: c2! };
      }
      // cpu-vendor-os
      if (
        c1 === "apple" ||
        ["redox", "mmixware", "ghcjs", "mingw32", "uefi"].includes(c2!) ||
        ["freebsd", "netbsd", "openbsd", "genode"].some((os) => c2!.startsWith(os)) ||
        c0.startsWith("wasm32")
      ) {
        // autotools breaks on a `-gnu` suffix for Windows, hence the mingw32 spelling.
        return { cpu: c0, vendor: c1!, kernel: c2 === "mingw32" ? "windows" : c2! };
      }
      // Tools expect a triple for Cygwin even though its vendor is just "pc".
      if (c2 === "cygwin") return { cpu: c0, vendor: c1!, kernel: "cygwin" };
      throw new UserError(`system string '${system}' with 3 components is ambiguous`);
    case 4:
      return { cpu: c0, vendor: c1!, kernel: c2!, abi: c3! };
    default:
      throw new UserError(`system string '${system}' has invalid number of hyphen-separated components`);
  }
}

/** gnu-config ignores a kernel suffix matching `e?abi.*`, so `linuxabichickenlips` is linux. */
function removeAbiSuffix(kernel: string): string {
  return /^(.*)e?abi.*$/s.exec(kernel)?.[1] ?? kernel;
}

/** Nix's `versionAtLeast` on the small dotted numbers cpu versions use. */
function versionAtLeast(version: string, minimum: string): boolean {
  const a = version.split(".").map(Number);
  const b = minimum.split(".").map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d > 0;
  }
  return true;
}

function resolveKernel(name: string, system: string): Kernel {
  const kernel = name.startsWith("darwin")
    ? lookupKernel("darwin")
    : name.startsWith("netbsd")
      ? lookupKernel("netbsd")
      : lookupKernel(removeAbiSuffix(name));
  if (kernel === undefined) throw new UserError(`Unknown kernel: ${name} in '${system}'${didYouMean(name, kernelNames)}`);
  return kernel;
}

function inferAbi(cpu: CpuType, kernel: Kernel): Abi {
  if (kernel.name !== "linux" && kernel.name !== "windows") return abi("unknown");
  if (cpu.family === "arm" && cpu.bits === 32) {
    return versionAtLeast(cpu.version ?? "0", "6") ? abi("gnueabihf") : abi("gnueabi");
  }
  // Big-endian ppc64 defaults to ELFv1, as mainline GCC does.
  if (cpu.family === "power" && cpu.bits === 64 && cpu.significantByte === "bigEndian") return abi("gnuabielfv1");
  return abi("gnu");
}

function inferVendor(kernel: Kernel): Vendor {
  if (kernel.families.includes("darwin")) return vendors.apple!;
  if (kernel.name === "windows" || kernel.name === "cygwin") return vendors.pc!;
  return vendors.unknown!;
}

export function parseSystem(system: string): Parsed {
  const skeleton = skeletonFromComponents(system.split("-"), system);
  const cpu = lookupCpuType(skeleton.cpu);
  if (cpu === undefined) {
    throw new UserError(`Unknown CPU type: ${skeleton.cpu} in '${system}'${didYouMean(skeleton.cpu, cpuTypeNames)}`);
  }
  const givenVendor = skeleton.vendor === undefined ? undefined : lookupVendor(skeleton.vendor);
  if (skeleton.vendor !== undefined && givenVendor === undefined) {
    throw new UserError(`Unknown vendor: ${skeleton.vendor} in '${system}'${didYouMean(skeleton.vendor, Object.keys(vendors))}`);
  }
  const kernel = resolveKernel(skeleton.kernel, system);
  const vendor = givenVendor ?? inferVendor(kernel);
  let parsedAbi = inferAbi(cpu, kernel);
  if (skeleton.abi !== undefined) {
    const given = lookupAbi(skeleton.abi);
    if (given === undefined) {
      throw new UserError(`Unknown ABI: ${skeleton.abi} in '${system}'${didYouMean(skeleton.abi, Object.keys(abis))}`);
    }
    parsedAbi = given;
  }
  return Object.freeze({ cpu, vendor, kernel, abi: parsedAbi });
}
