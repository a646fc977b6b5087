import { createHash } from "node:crypto";

/** Nix's base-32 alphabet (no e, o, u, t: fewer accidental words). */
const nixBase32Alphabet = "0123456789abcdfghijklmnpqrsvwxyz";

/**
 * JSON with object keys sorted and function-valued or undefined fields left out, so equal data
 * always serializes to equal text whatever order it was built in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.keys(value)
    .sort()
    .flatMap((key) => {
      const field = (value as Record<string, unknown>)[key];
      if (field === undefined || typeof field === "function") return [];
      return [`${JSON.stringify(key)}:${canonicalJson(field)}`];
    });
  return `{${entries.join(",")}}`;
}

/** Nix's `compressHash`: fold a digest to `size` bytes by XOR, as store path hashes are made. */
function compress(digest: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(size);
  digest.forEach((byte, i) => {
    out[i % size] = (out[i % size] ?? 0) ^ byte;
  });
  return out;
}

/** Nix's base-32 rendering (least significant 5-bit group last), as in store path names. */
export function nixBase32(bytes: Uint8Array): string {
  const length = Math.ceil((bytes.length * 8) / 5);
  let out = "";
  for (let n = length - 1; n >= 0; n--) {
    const bit = n * 5;
    const i = Math.floor(bit / 8);
    const j = bit % 8;
    const low = (bytes[i] ?? 0) >> j;
    const high = i + 1 < bytes.length ? (bytes[i + 1] ?? 0) << (8 - j) : 0;
    out += nixBase32Alphabet[(low | high) & 0x1f];
  }
  return out;
}

/** A 32-character store-path-like hash of everything that determines a build. */
export function nodeId(determinants: unknown): string {
  const digest = createHash("sha256").update(canonicalJson(determinants)).digest();
  return nixBase32(compress(digest, 20));
}
