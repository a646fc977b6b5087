import { createHash } from "node:crypto";

/** Nix's base-32 alphabet (no e, o, u, t: fewer accidental words). */
const nixBase32Alphabet = "0123456789abcdfghijklmnpqrsvwxyz";

/** A string JSON writes as it is, between quotes: nothing to escape (quotes, backslashes, control
 * characters), and no surrogates, which JSON.stringify escapes when they are lone. */
const verbatim = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

/** JSON.stringify of a string; most strings of a plan need no escaping, and the regular expression
 * is cheaper than a call of JSON.stringify. */
function quote(text: string): string {
  return verbatim.test(text) ? `"${text}"` : JSON.stringify(text);
}

/** An object's keys in the order of Array.prototype.sort (by UTF-16 code units, as `<` compares
 * strings). An insertion sort in place: objects here have a few dozen keys at most, and the
 * built-in sort allocates a working copy of each. */
function sortedKeys(value: object): string[] {
  const keys = Object.keys(value);
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i] as string;
    let j = i - 1;
    for (; j >= 0 && (keys[j] as string) > key; j--) keys[j + 1] = keys[j] as string;
    keys[j + 1] = key;
  }
  return keys;
}

/** Keys, quoted. The same few dozen recur in every node (`buildInputs`, `configureFlags`, …). */
const quotedKeys = new Map<string, string>();

function quoteKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = quote(key);
    quotedKeys.set(key, quoted);
  }
  return quoted;
}

/**
 * JSON with object keys sorted and function-valued or undefined fields left out, so equal data
 * always serializes to equal text whatever order it was built in. Every node id hashes one, so
 * it is built by concatenation, without an intermediate array per object.
 */
export function canonicalJson(value: unknown): string {
  if (typeof value === "string") return quote(value);
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) {
    let items = "";
    for (let i = 0; i < value.length; i++) items += (i === 0 ? "" : ",") + canonicalJson(value[i]);
    return `[${items}]`;
  }
  let fields = "";
  for (const key of sortedKeys(value)) {
    const field = (value as Record<string, unknown>)[key];
    if (field === undefined || typeof field === "function") continue;
    fields += (fields === "" ? "" : ",") + quoteKey(key) + ":" + canonicalJson(field);
  }
  return `{${fields}}`;
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
