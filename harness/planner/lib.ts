import type { PlatformPattern } from "./derivation.ts";

/** The part of Nixpkgs' `lib` that recipes use, passed to them as the `lib` argument. */
export const lib = {
  optionals<T>(condition: boolean, items: readonly T[]): T[] {
    return condition ? [...items] : [];
  },
  optional<T>(condition: boolean, item: T): T[] {
    return condition ? [item] : [];
  },
  optionalString(condition: boolean, text: string): string {
    return condition ? text : "";
  },
  optionalAttrs<T extends object>(condition: boolean, attrs: T): Partial<T> {
    return condition ? attrs : {};
  },
  /** `lib.platforms`: patterns matched against the elaborated platform (see platformMatch.ts). */
  platforms: {
    all: [{}] as PlatformPattern[],
    linux: [{ parsed: { kernel: { name: "linux" } } }] as PlatformPattern[],
    windows: [{ parsed: { kernel: { name: "windows" } } }] as PlatformPattern[],
    darwin: [{ parsed: { kernel: { name: "darwin" } } }] as PlatformPattern[],
    unix: ["linux", "darwin", "freebsd", "netbsd", "openbsd", "solaris"].map((name) => ({
      parsed: { kernel: { name } },
    })) as PlatformPattern[],
  },
} as const;

export type Lib = typeof lib;
