/** The elaborated platform: what `elaborate` returns and the rest of crosscheck consumes. */
import type { ArchitecturePredicates } from "./architectures.ts";
import type { GccAttrs } from "./gccPresets.ts";
import type { Parsed } from "./parse.ts";
import type { Predicates } from "./predicates.ts";
import type { RustAttrs } from "./rust.ts";

export interface Extensions {
  /** Absent when the platform has no shared libraries (no dynamic loader, or static). */
  readonly sharedLibrary?: string;
  readonly staticLibrary: string;
  /** The kind this platform links by default; absent when that kind does not exist. */
  readonly library?: string;
  readonly executable: string;
}

/** What `uname` reports on the platform (null where it has no such notion). */
export interface Uname {
  readonly system: string | null;
  readonly processor: string;
  readonly release: null;
}

/**
 * An elaborated platform, as `lib.systems.elaborate` builds it: derived attributes, every
 * inspect predicate (`isLinux`, `isAarch64`, …) and gcc-arch feature predicate as booleans,
 * and every attribute the user gave (which also overrides the derived one of the same name).
 */
export interface Platform extends Predicates, ArchitecturePredicates {
  readonly system: string;
  readonly config: string;
  readonly parsed: Parsed;
  readonly libc: string | null;
  readonly isStatic: boolean;
  readonly useLLVM: boolean;
  readonly linker: string;
  readonly hasSharedLibraries: boolean;
  readonly libDir: string | null;
  readonly extensions: Extensions;
  readonly useAndroidPrebuilt: boolean;
  readonly useiOSPrebuilt: boolean;
  readonly uname: Uname;
  readonly gcc: GccAttrs;
  /** The deprecated spelling of `rust`, kept as given. */
  readonly rustc: Readonly<Record<string, unknown>>;
  readonly rust: RustAttrs;
  /** Shorthand for `rust.rustcTarget` (not an upstream attribute). */
  readonly rustcTarget: string;
  readonly linuxArch: string;
  readonly ubootArch: string;
  /** Null where QEMU has no user-mode emulator (31-bit s390). */
  readonly qemuArch: string | null;
  readonly efiArch: string;
  readonly darwinArch: string;
  readonly darwinPlatform: string | null;
  readonly darwinSdkVersion: string;
  readonly darwinMinVersion: string;
  readonly darwinMinVersionVariable: string | null;
  readonly androidSdkVersion: string | null;
  readonly androidNdkVersion: string | null;
  /** Whether a machine of this platform runs programs built for `other`. */
  canExecute(other: Platform): boolean;
  readonly [attribute: string]: unknown;
}
