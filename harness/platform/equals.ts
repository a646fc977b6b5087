/**
 * `lib.systems.equals`: two platforms are equal when all their attributes but the functions
 * are. Used to tell a native package set from a cross one: a `crossSystem` equal to the
 * local system is no cross at all.
 */
import type { Platform } from "./platform.ts";

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  if (aKeys.length !== bKeys.length) return false;
  const bRecord = b as Record<string, unknown>;
  const aRecord = a as Record<string, unknown>;
  return aKeys.every((key) => Object.hasOwn(bRecord, key) && deepEqual(aRecord[key], bRecord[key]));
}

function withoutFunctions(platform: Platform): Record<string, unknown> {
  return Object.fromEntries(Object.entries(platform).filter(([, value]) => typeof value !== "function"));
}

export function platformEquals(a: Platform, b: Platform): boolean {
  return a === b || deepEqual(withoutFunctions(a), withoutFunctions(b));
}
