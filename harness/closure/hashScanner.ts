import { HASH_PART_LENGTH, NIX_BASE32_ALPHABET } from "./storeObject.ts";

/** Where one hash part was seen in one file. */
export interface HashHits {
  /** Total number of occurrences. */
  count: number;
  /** Byte offsets of the first few occurrences (where the hash part starts). */
  offsets: number[];
  /** Printable text around the first occurrence, for explanations. */
  context: string;
}

const isBase32 = new Uint8Array(256);
for (const c of NIX_BASE32_ALPHABET) isBase32[c.charCodeAt(0)] = 1;

/** Value of a base-32 character, so a window's first characters can form a numeric prefix. */
const digit = new Uint8Array(256);
for (let i = 0; i < NIX_BASE32_ALPHABET.length; i++) digit[NIX_BASE32_ALPHABET.charCodeAt(i)] = i;

/** Six base-32 characters make 30 bits: fits a small integer, so the prefilter allocates nothing. */
const PREFIX_CHARS = 6;

function prefixKey(bytes: Uint8Array, at: number): number {
  let key = 0;
  for (let k = 0; k < PREFIX_CHARS; k++) key = key * 32 + digit[bytes[at + k]!]!;
  return key;
}

const CONTEXT_BYTES = 40;

/** Printable ASCII stays, everything else becomes `.`, as in a hex dump's text column. */
export function printable(bytes: Uint8Array, start: number, end: number): string {
  let text = "";
  for (let i = Math.max(0, start); i < Math.min(bytes.length, end); i++) {
    const b = bytes[i]!;
    text += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".";
  }
  return text;
}

/**
 * Finds the hash parts of candidate store paths in a byte stream, the way Nix's reference
 * scanner does: slide a 32-byte window and, on a byte outside the base-32 alphabet, jump past
 * it, so binary data is skipped in large steps and only runs of 32 base-32 characters are
 * looked up. The lookup is a numeric prefix check first and a Set lookup second, so the cost
 * does not grow with the number of candidates (unlike one indexOf per candidate).
 *
 * Chunks may split a hash part: the last 31 bytes of each chunk are carried into the next.
 */
export class HashScanner {
  private readonly prefixes = new Set<number>();
  private readonly hits = new Map<string, HashHits>();
  private carry: Buffer = Buffer.alloc(0);
  /** Stream offset of `carry[0]`. */
  private carryOffset = 0;

  constructor(
    private readonly hashes: ReadonlySet<string>,
    private readonly maxOffsets = 5,
  ) {
    for (const hash of hashes) {
      this.prefixes.add(prefixKey(Buffer.from(hash, "latin1"), 0));
    }
  }

  push(chunk: Uint8Array): void {
    const bytes = this.carry.length === 0 ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength) : Buffer.concat([this.carry, chunk]);
    const base = this.carryOffset;
    const last = bytes.length - HASH_PART_LENGTH;
    let i = 0;
    while (i <= last) {
      // Check the window from its end: a bad byte at j lets us skip past it at once.
      let j = HASH_PART_LENGTH - 1;
      while (j >= 0 && isBase32[bytes[i + j]!] === 1) j--;
      if (j >= 0) {
        i += j + 1;
        continue;
      }
      if (this.prefixes.has(prefixKey(bytes, i))) {
        const hash = bytes.toString("latin1", i, i + HASH_PART_LENGTH);
        if (this.hashes.has(hash)) this.record(hash, base + i, bytes, i);
      }
      i++;
    }
    // Everything before `i` has been judged as a window start; keep at most 31 bytes.
    const keepFrom = Math.max(i, bytes.length - (HASH_PART_LENGTH - 1));
    this.carry = Buffer.from(bytes.subarray(keepFrom));
    this.carryOffset = base + keepFrom;
  }

  /** Hash part → hits, for every candidate that occurred. */
  result(): Map<string, HashHits> {
    return this.hits;
  }

  private record(hash: string, offset: number, bytes: Buffer, at: number): void {
    let hits = this.hits.get(hash);
    if (hits === undefined) {
      hits = { count: 0, offsets: [], context: printable(bytes, at - CONTEXT_BYTES, at + HASH_PART_LENGTH + CONTEXT_BYTES) };
      this.hits.set(hash, hits);
    }
    hits.count++;
    if (hits.offsets.length < this.maxOffsets) hits.offsets.push(offset);
  }
}
