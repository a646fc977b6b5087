import { HASH_PART_LENGTH, NIX_BASE32_ALPHABET } from "./storeObject.ts";

/** A hash part is read as eight 32-bit words. */
const WORDS = HASH_PART_LENGTH / 4;

const HASH_PART = new RegExp(`^[${NIX_BASE32_ALPHABET}]{${HASH_PART_LENGTH}}$`);

/** scanOutput makes a scanner per file, all with the same set: compiling the table once per set
 * keeps a small file's scan from costing more in setup than in scanning. */
const compiled = new WeakMap<ReadonlySet<string>, CandidateTable>();

/**
 * The candidate hash parts, compiled so that a window of bytes is looked up without making a
 * string: the window is read as eight 32-bit words (a DataView reads them at any offset); the
 * first picks a slot of an open-addressing table, and the candidate there matches when all eight
 * are equal. Hash parts are uniformly random, so a lookup of anything else almost always ends at
 * an empty slot after one read.
 */
export class CandidateTable {
  /** Candidates by index, as given. */
  readonly hashes: readonly string[];
  /** The candidates' words, `WORDS` per index. */
  private readonly words: Uint32Array;
  /** Candidate index + 1 per slot; 0 is empty. */
  private readonly slots: Int32Array;
  /** Multiplicative hashing keeps the top bits of the product: 32 minus the table's bits. */
  private readonly shift: number;
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
    const bytes = Buffer.from(this.hashes.join(""), "latin1");
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.words = new Uint32Array(this.hashes.length * WORDS);
    for (let w = 0; w < this.words.length; w++) this.words[w] = view.getUint32(w * 4, true);
    // At most a quarter full, so probe sequences stay short.
    let bits = 4;
    while (1 << bits < this.hashes.length * 4) bits++;
    this.slots = new Int32Array(1 << bits);
    this.shift = 32 - bits;
    this.mask = (1 << bits) - 1;
    for (let index = 0; index < this.hashes.length; index++) {
      let slot = this.slotOf(this.words[index * WORDS]!);
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = index + 1;
    }
  }

  /** The index of the candidate at `window[at, at + HASH_PART_LENGTH)`, or -1. */
  find(window: DataView, at: number): number {
    const first = window.getUint32(at, true);
    for (let slot = this.slotOf(first); this.slots[slot] !== 0; slot = (slot + 1) & this.mask) {
      const index = this.slots[slot]! - 1;
      if (this.words[index * WORDS] === first && this.restEquals(index, window, at)) return index;
    }
    return -1;
  }

  /** Fibonacci hashing: the first word's four characters, spread over the table's bits. */
  private slotOf(first: number): number {
    return Math.imul(first, 0x9e3779b1) >>> this.shift;
  }

  private restEquals(index: number, window: DataView, at: number): boolean {
    const start = index * WORDS;
    for (let w = 1; w < WORDS; w++) if (this.words[start + w] !== window.getUint32(at + w * 4, true)) return false;
    return true;
  }
}
