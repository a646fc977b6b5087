/** What a user may give to describe a platform, before elaboration. */
import type { GccAttrs } from "./gccPresets.ts";
import type { Parsed } from "./parse.ts";

/** Settings for rustc; `platform` is a custom target spec (written out as JSON upstream). */
export interface RustArgs {
  readonly rustcTarget?: string;
  readonly rustcTargetSpec?: string;
  readonly platform?: Readonly<Record<string, unknown>>;
  readonly [attribute: string]: unknown;
}

/**
 * The attribute set `lib.systems.elaborate` takes. Any attribute is allowed and ends up on
 * the platform, overriding what elaboration would derive — except `system` and `parsed`,
 * which are always derived from `config` (or, without one, from `system`).
 */
export interface PlatformArgs {
  readonly config?: string;
  readonly system?: string;
  /** Accepted for compatibility and ignored, as Nixpkgs does: `parsed` comes from `config`. */
  readonly parsed?: Parsed;
  readonly libc?: string | null;
  readonly isStatic?: boolean;
  readonly useLLVM?: boolean;
  readonly linker?: string;
  readonly gcc?: GccAttrs;
  readonly rust?: RustArgs;
  readonly [attribute: string]: unknown;
}

/** An example name, a system double, a config triple, or an attribute set. */
export type PlatformSpec = string | PlatformArgs;
