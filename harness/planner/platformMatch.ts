import type { Platform } from "../platform/index.ts";
import type { JsonValue, PlatformPattern } from "./derivation.ts";

/** `lib.meta.platformMatch`: a string is a Nix double; an attrset must match as `matchAttrs`. */
export function platformMatches(platform: Platform, pattern: PlatformPattern): boolean {
  if (typeof pattern === "string") return platform.system === pattern;
  return matchAttrs(pattern, platform);
}

function matchAttrs(pattern: { [key: string]: JsonValue }, value: unknown): boolean {
  if (value === null || typeof value !== "object") return false;
  return Object.entries(pattern).every(([key, expected]) => {
    const actual = (value as Record<string, unknown>)[key];
    if (expected !== null && typeof expected === "object" && !Array.isArray(expected)) return matchAttrs(expected, actual);
    return actual === expected;
  });
}

/** Nixpkgs' `meta.availableOn`: in `platforms` (if given) and not in `badPlatforms`. */
export function availableOn(platform: Platform, meta: { platforms?: PlatformPattern[]; badPlatforms?: PlatformPattern[] }): boolean {
  const listed = meta.platforms === undefined || meta.platforms.some((p) => platformMatches(platform, p));
  const bad = (meta.badPlatforms ?? []).some((p) => platformMatches(platform, p));
  return listed && !bad;
}
