/**
 * Kernels (the OS component), as in `lib.systems.parse.kernels`. Like cpu types these are
 * singleton records compared by identity; `canExecute` needs the kernels to be the same
 * record, which is why macOS (`darwin`) and iOS differ although both are in the darwin family.
 */

export type ExecFormat = "aout" | "elf" | "macho" | "pe" | "wasm" | "unknown";
export type KernelFamily = "bsd" | "darwin";

export interface Kernel {
  /** The name rendered into doubles and triples (`darwin` for the macos record). */
  readonly name: string;
  readonly execFormat: ExecFormat;
  readonly families: readonly KernelFamily[];
  /** No kernel record carries one today; kept because rendering appends it when present. */
  readonly version?: string;
}

const kernel = (name: string, execFormat: ExecFormat, families: KernelFamily[] = []): Kernel =>
  Object.freeze({ name, execFormat, families: Object.freeze(families) });

/** Keyed by record name, which differs from `name` only for macos. */
export const kernels = Object.freeze({
  macos: kernel("darwin", "macho", ["darwin"]),
  ios: kernel("ios", "macho", ["darwin"]),
  freebsd: kernel("freebsd", "elf", ["bsd"]),
  linux: kernel("linux", "elf"),
  netbsd: kernel("netbsd", "elf", ["bsd"]),
  none: kernel("none", "unknown"),
  openbsd: kernel("openbsd", "elf", ["bsd"]),
  solaris: kernel("solaris", "elf"),
  wasi: kernel("wasi", "wasm"),
  redox: kernel("redox", "elf"),
  windows: kernel("windows", "pe"),
  cygwin: kernel("cygwin", "pe"),
  ghcjs: kernel("ghcjs", "unknown"),
  genode: kernel("genode", "elf"),
  mmixware: kernel("mmixware", "unknown"),
  uefi: kernel("uefi", "pe"),
} satisfies Record<string, Kernel>);

/** `darwin` is the kernel of all Apple systems; macOS is the default reading of it. */
const aliases: Readonly<Record<string, Kernel>> = {
  darwin: kernels.macos,
  watchos: kernels.ios,
  tvos: kernels.ios,
  win32: kernels.windows,
};

export function lookupKernel(name: string): Kernel | undefined {
  if (Object.hasOwn(kernels, name)) return kernels[name as keyof typeof kernels];
  return Object.hasOwn(aliases, name) ? aliases[name] : undefined;
}

export const kernelNames: readonly string[] = [...Object.keys(kernels), ...Object.keys(aliases)];
