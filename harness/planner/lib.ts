import { doubles } from "../platform/index.ts";

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
  /** `lib.platforms`, which is `lib.systems.doubles`: lists of Nix doubles (`meta.platforms`
   * matches a platform by its `system`), each derived from the platform model's predicates. */
  platforms: doubles,
} as const;

export type Lib = typeof lib;
