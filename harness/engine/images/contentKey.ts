/**
 * Image tags are content keys: a hash of everything that decides what the image holds, so an
 * unchanged input set always finds the image already built, and any change builds a new one.
 */
import { createHash } from "node:crypto";

/** Stable JSON: object keys sorted, so the same inputs hash the same whatever their order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** 20 hex digits (80 bits): short enough for a readable tag, far from colliding. */
export function contentKey(inputs: unknown): string {
  return createHash("sha256").update(canonical(inputs)).digest("hex").slice(0, 20);
}
