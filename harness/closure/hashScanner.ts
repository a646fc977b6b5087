import { CandidateTable } from "./candidateTable.ts";
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

/** 1 for the bytes of Nix's base-32 alphabet: only runs of these can hold a hash part. */
const isBase32 = new Uint8Array(256);
for (const c of NIX_BASE32_ALPHABET) isBase32[c.charCodeAt(0)] = 1;

const CONTEXT_BYTES = 40;

/** Printable ASCII stays, everything else becomes `.`, as in a hex dump's text column. */
export function printable(bytes: Uint8Array, start: number, end: number): string {
  // A copy, edited in place, then one string: not one string per byte.
  const text = Buffer.from(bytes.subarray(Math.max(0, start), Math.max(0, Math.min(bytes.length, end))));
  for (let i = 0; i < text.length; i++) if (text[i]! < 0x20 || text[i]! >= 0x7f) text[i] = 0x2e;
  return text.toString("latin1");
}

const EMPTY = new Uint8Array(0);

/**
 * Finds the hash parts of candidate store paths in a byte stream, the way Nix's reference
 * scanner does: a hash part is a run of 32 base-32 bytes, so the scan looks at the last byte of
 * each 32-byte window first and, when it is outside the alphabet, no window through it can
 * match: it steps a whole window ahead. In binary data 7 bytes of 8 are outside the alphabet, so
 * it reads about one byte in 28. A byte found to be base-32 is not read again for the next
 * window, so text, whose words are base-32 runs, is read about once. Only a window that is all
 * base-32 is looked up (CandidateTable: eight 32-bit words compared, no string made, so the cost
 * does not grow with the number of candidates).
 *
 * Chunks may split a hash part: the bytes from the first window start not yet judged (at most
 * 31) are carried into the next chunk, and only the windows that start in them are scanned
 * across the boundary, so a chunk is never copied.
 */
export class HashScanner {
  private readonly table: CandidateTable;
  /** Per candidate index, its hits once found. */
  private readonly found: (HashHits | undefined)[] = [];
  private readonly hits = new Map<string, HashHits>();
  private carry: Uint8Array = EMPTY;
  /** Stream offset of `carry[0]`. */
  private carryOffset = 0;
  /** The chunk being pushed: with `carry` before it, it is the text a hit's context is taken from. */
  private chunk: Uint8Array = EMPTY;

  /** `hashes` must not change after a scanner is made with it (the compiled table is shared). */
  constructor(
    hashes: ReadonlySet<string>,
    private readonly maxOffsets = 5,
  ) {
    this.table = CandidateTable.of(hashes);
  }

  push(chunk: Uint8Array): void {
    const carried = this.carry.length;
    this.chunk = chunk;
    let start = 0;
    if (carried > 0) {
      // The windows that start in the carry end within the chunk's first 31 bytes.
      const head = new Uint8Array(carried + Math.min(chunk.length, HASH_PART_LENGTH - 1));
      head.set(this.carry);
      head.set(chunk.subarray(0, head.length - carried), carried);
      if (chunk.length < HASH_PART_LENGTH - 1) {
        // The whole chunk is in the head: it is the stream's tail so far.
        this.keepFrom(head, this.scan(head, head.length - HASH_PART_LENGTH, 0), this.carryOffset);
        return;
      }
      start = this.scan(head, carried - 1, 0) - carried;
    }
    const next = this.scan(chunk, chunk.length - HASH_PART_LENGTH, start, carried);
    this.keepFrom(chunk, next, this.carryOffset + carried);
  }

  /** Hash part → hits, for every candidate that occurred, in order of first occurrence. */
  result(): Map<string, HashHits> {
    return this.hits;
  }

  /**
   * Judges every window of `bytes` starting in [from, last] and returns the first start not
   * judged. `shift` is where `bytes[0]` is in carry + chunk, the text hits are reported in.
   */
  private scan(bytes: Uint8Array, last: number, from: number, shift = 0): number {
    const window = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let i = from;
    // Bytes [i, knownUpTo] are known base-32, when knownUpTo >= i: read once, not once per window.
    let knownUpTo = -1;
    while (i <= last) {
      const end = i + HASH_PART_LENGTH - 1;
      const known = knownUpTo >= i ? knownUpTo : i - 1;
      // The window's last byte first, then back: the highest byte outside the alphabet decides
      // how far the next window can start.
      let j = end;
      while (j > known && isBase32[bytes[j]!] === 1) j--;
      knownUpTo = end;
      if (j > known) {
        i = j + 1;
        continue;
      }
      const index = this.table.find(window, i);
      if (index >= 0) this.record(index, i + shift);
      i++;
    }
    return i;
  }

  /** `at` is a position in carry + chunk. */
  private record(index: number, at: number): void {
    let hits = this.found[index];
    if (hits === undefined) {
      hits = { count: 0, offsets: [], context: this.context(at - CONTEXT_BYTES, at + HASH_PART_LENGTH + CONTEXT_BYTES) };
      this.found[index] = hits;
      this.hits.set(this.table.hashes[index]!, hits);
    }
    hits.count++;
    if (hits.offsets.length < this.maxOffsets) hits.offsets.push(this.carryOffset + at);
  }

  /** The printable text of carry + chunk in [start, end), without joining them. */
  private context(start: number, end: number): string {
    const carried = this.carry.length;
    return printable(this.carry, start, end) + printable(this.chunk, start - carried, end - carried);
  }

  /** Carries `bytes` from `next` on (copied: the caller may reuse its buffer), `bytes[0]` being at `offset` in the stream. */
  private keepFrom(bytes: Uint8Array, next: number, offset: number): void {
    this.carry = bytes.slice(next);
    this.carryOffset = offset + next;
    this.chunk = EMPTY;
  }
}
