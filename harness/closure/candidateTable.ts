import { HASH_PART_LENGTH, NIX_BASE32_ALPHABET } from "./storeObject.ts";

/** Value of a base-32 character, so a window's first characters can form a numeric key. */
const digit = new Uint8Array(256);
for (let i = 0; i < NIX_BASE32_ALPHABET.length; i++) digit[NIX_BASE32_ALPHABET.charCodeAt(i)] = i;

/** Six base-32 characters make 30 bits: a small integer, so computing a key allocates nothing. */
const KEY_CHARS = 6;

function keyAt(bytes: Uint8Array, at: number): number {
  let key = 0;
  for (let k = 0; k < KEY_CHARS; k++) key = key * 32 + digit[bytes[at + k]!]!;
  return key;
}

const HASH_PART = new RegExp(`^[${NIX_BASE32_ALPHABET}]{${HASH_PART_LENGTH}}$`);

/** scanOutput makes a scanner per file, all with the same set: compiling the table once per set
 * keeps a small file's scan from costing more in setup than in scanning. */
const compiled = new WeakMap<ReadonlySet<string>, CandidateTable>();

/**
 * The candidate hash parts, compiled so that a window of bytes is looked up without making a
 * string: an open-addressing table keyed by the window's first six characters (30 bits), then a
 * byte comparison of the rest. Hash parts are uniformly random, so the key's low bits spread
 * them evenly and a lookup of a non-candidate almost always ends at an empty slot.
 */
export class CandidateTable {
  /** Candidates by index, as given. */
  readonly hashes: readonly string[];
  /** The candidates' bytes, `HASH_PART_LENGTH` per index. */
  private readonly bytes: Uint8Array;
  private readonly keys: Int32Array;
  /** Candidate index + 1 per slot; 0 is empty. */
  private readonly slots: Int32Array;
  private readonly mask: number;

  /** The table for a set of hash parts, compiled at its first use: the set must not change after. */
  static of(hashes: ReadonlySet<string>): CandidateTable {
    let table = compiled.get(hashes);
    if (table === undefined) compiled.set(hashes, (table = new CandidateTable(hashes)));
    return table;
  }

  private constructor(hashes: ReadonlySet<string>) {
    // Anything else can never equal a window of 32 base-32 bytes, so it is never found.
    this.hashes = [...hashes].filter((hash) => HASH_PART.test(hash));
    this.bytes = Buffer.from(this.hashes.join(""), "latin1");
    this.keys = new Int32Array(this.hashes.length);
    // At most a quarter full, so probe sequences stay short.
    let size = 16;
    while (size < this.hashes.length * 4) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    for (let index = 0; index < this.hashes.length; index++) {
      const key = keyAt(this.bytes, index * HASH_PART_LENGTH);
      this.keys[index] = key;
      let slot = key & this.mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = index + 1;
    }
  }

  /** The index of the candidate at `bytes[at, at + HASH_PART_LENGTH)`, or -1. Every byte of the
   * window must be base-32: then equal keys mean equal first characters. */
  find(bytes: Uint8Array, at: number): number {
    const key = keyAt(bytes, at);
    for (let slot = key & this.mask; this.slots[slot] !== 0; slot = (slot + 1) & this.mask) {
      const index = this.slots[slot]! - 1;
      if (this.keys[index] === key && this.restEquals(index, bytes, at)) return index;
    }
    return -1;
  }

  private restEquals(index: number, bytes: Uint8Array, at: number): boolean {
    const start = index * HASH_PART_LENGTH;
    for (let k = KEY_CHARS; k < HASH_PART_LENGTH; k++) if (this.bytes[start + k] !== bytes[at + k]) return false;
    return true;
  }
}
