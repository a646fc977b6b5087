import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { HashScanner } from "./hashScanner.ts";
import { HASH_PART_LENGTH, NIX_BASE32_ALPHABET } from "./storeObject.ts";

/** A stable hash part per seed. Made here rather than taken from testFixtures.ts, whose import
 * builds compiled fixtures: these tests need none. */
function hashPart(seed: string): string {
  return Array.from(createHash("sha256").update(seed).digest(), (b) => NIX_BASE32_ALPHABET[b % 32]).join("");
}

/** Every occurrence by plain indexOf: slow but obviously right. */
function naive(data: Buffer, hashes: string[]): Map<string, number[]> {
  const found = new Map<string, number[]>();
  for (const hash of hashes) {
    for (let at = data.indexOf(hash); at !== -1; at = data.indexOf(hash, at + 1)) found.set(hash, [...(found.get(hash) ?? []), at]);
  }
  return new Map([...found].sort(([, a], [, b]) => a[0]! - b[0]!));
}

function scanner(data: Buffer, hashes: ReadonlySet<string>, chunk: number, maxOffsets = 1000): HashScanner {
  const scanner = new HashScanner(hashes, maxOffsets);
  for (let at = 0; at < data.length; at += chunk) scanner.push(data.subarray(at, at + chunk));
  return scanner;
}

function scan(data: Buffer, hashes: string[], chunk: number, maxOffsets = 1000): Map<string, number[]> {
  return new Map([...scanner(data, new Set(hashes), chunk, maxOffsets).result()].map(([hash, hits]) => [hash, hits.offsets]));
}

/** Chunk sizes around the hash length and the boundaries it makes, and the whole at once. */
const chunkings = (data: Buffer): number[] => [1, 2, 7, 30, 31, 32, 33, 63, 64, 1000, data.length];

/** `length` bytes of base-32 characters that hold no candidate (one repeated character). */
const base32Run = (length: number): string => "z".repeat(length);

describe("HashScanner", () => {
  const hashes = Array.from({ length: 200 }, (_, i) => hashPart(`candidate ${i}`));

  it("finds every planted hash part at its offset in binary data, whatever the chunking", () => {
    const parts: Buffer[] = [];
    for (let i = 0; i < 60; i++) {
      parts.push(randomBytes(100 + i * 7));
      // Hashes inside base-32 runs, beside each other, and in store paths.
      parts.push(Buffer.from(i % 3 === 0 ? `/crosscheck/store/${hashes[i]}-x` : i % 3 === 1 ? `abc${hashes[i]}${hashes[i + 1]}` : hashes[i]!, "latin1"));
    }
    const data = Buffer.concat(parts);
    const expected = naive(data, hashes);
    for (const chunk of chunkings(data)) expect(scan(data, hashes, chunk)).toEqual(expected);
  });

  it("finds a hash part split by a chunk boundary at every position in it, and across empty chunks", () => {
    const data = Buffer.from(`CC=/crosscheck/store/${hashes[3]}-gcc/bin/cc`, "latin1");
    const start = data.indexOf(hashes[3]!);
    for (let cut = start + 1; cut < start + HASH_PART_LENGTH; cut++) {
      const split = new HashScanner(new Set(hashes));
      split.push(data.subarray(0, cut));
      split.push(Buffer.alloc(0));
      split.push(data.subarray(cut));
      const hits = split.result().get(hashes[3]!)!;
      expect([...split.result().keys()]).toEqual([hashes[3]]);
      expect(hits.count).toBe(1);
      expect(hits.offsets).toEqual([start]);
      // Only the bytes carried across the boundary come before it (as when it was 1 MB chunks).
      expect(hits.context).toContain(`${hashes[3]}-gcc/bin/cc`);
    }
  });

  it("finds hash parts at the very start and end of a file, whole or in chunks", () => {
    const data = Buffer.concat([Buffer.from(hashes[0]!, "latin1"), randomBytes(500), Buffer.from(hashes[1]!, "latin1")]);
    const expected = new Map([
      [hashes[0]!, [0]],
      [hashes[1]!, [data.length - HASH_PART_LENGTH]],
    ]);
    for (const chunk of chunkings(data)) expect(scan(data, hashes, chunk)).toEqual(expected);
    // A file that is exactly one hash part.
    expect(scan(Buffer.from(hashes[2]!, "latin1"), hashes, HASH_PART_LENGTH)).toEqual(new Map([[hashes[2]!, [0]]]));
  });

  it("finds hash parts anywhere in base-32 runs longer than a hash part, adjacent and overlapping candidates' windows", () => {
    // One run of base-32 bytes: candidates beside each other, at every alignment, inside filler.
    const run = [base32Run(5), hashes[4], hashes[5], base32Run(1), hashes[6], base32Run(31), hashes[4], base32Run(33), hashes[7], hashes[7]].join("");
    const data = Buffer.concat([randomBytes(50), Buffer.from(run, "latin1"), Buffer.from("-"), Buffer.from(run, "latin1")]);
    const expected = naive(data, hashes);
    expect([...expected.values()].flat()).toHaveLength(12);
    for (const chunk of chunkings(data)) expect(scan(data, hashes, chunk)).toEqual(expected);
  });

  it("finds nothing in data without base-32 runs, nor in long base-32 runs that hold no candidate", () => {
    const outside = Buffer.from(Array.from({ length: 256 }, (_, b) => b).filter((b) => !NIX_BASE32_ALPHABET.includes(String.fromCharCode(b))));
    const noAlphabet = Buffer.concat(Array.from({ length: 100 }, () => outside));
    // e, o, u and t are outside Nix's alphabet: a hash with one of them is not a hash part.
    const almost = Buffer.from(`${hashes[0]!.slice(0, 10)}e${hashes[0]!.slice(11)} ${hashes[1]!.slice(0, 31)}t`, "latin1");
    const longRun = Buffer.from(base32Run(10_000), "latin1");
    for (const data of [noAlphabet, almost, longRun, Buffer.alloc(0)]) {
      for (const chunk of chunkings(data)) expect(scan(data, hashes, chunk)).toEqual(new Map());
    }
  });

  it("ignores base-32 runs that are not candidates and hashes of other stores", () => {
    const other = hashPart("not a candidate");
    const data = Buffer.from(`${other} ${hashes[0]!.toUpperCase()} ${"a".repeat(100)} ${hashes[1]!.slice(0, 31)}`);
    expect(scan(data, hashes, 16)).toEqual(new Map());
  });

  it("finds no candidate that differs from a window in one character, wherever it is", () => {
    const hash = hashes[0]!;
    const nearMisses = Array.from({ length: HASH_PART_LENGTH }, (_, k) => `${hash.slice(0, k)}${hash[k] === "z" ? "y" : "z"}${hash.slice(k + 1)}`);
    expect(scan(Buffer.from(nearMisses.join(" "), "latin1"), hashes, 100)).toEqual(new Map());
  });

  it("never finds a candidate that cannot be a hash part, and still finds the others", () => {
    const odd = ["", "short", hashes[0]!.toUpperCase(), `${hashes[0]}x`, hashes[0]!.slice(0, 31)];
    const data = Buffer.from(`${odd.join(" ")} ${hashes[9]}`, "latin1");
    expect(scan(data, [...odd, hashes[9]!], 8)).toEqual(new Map([[hashes[9]!, [data.indexOf(hashes[9]!)]]]));
  });

  it("scans many files, each with its own scanner, sets of candidates kept apart", () => {
    const some = new Set(hashes.slice(0, 100));
    const others = new Set(hashes.slice(100));
    for (let file = 0; file < 500; file++) {
      const planted = hashes[file % 200]!;
      const data = Buffer.concat([randomBytes(file % 97), Buffer.from(planted, "latin1"), randomBytes(file % 89)]);
      for (const candidates of [some, others]) {
        const found = [...scanner(data, candidates, 64).result()].map(([hash, hits]) => [hash, hits.offsets]);
        expect(found).toEqual(candidates.has(planted) ? [[planted, [file % 97]]] : []);
      }
    }
  });

  it("counts every occurrence but keeps only the first offsets, and some context", () => {
    const data = Buffer.from(Array.from({ length: 10 }, () => `CC=/crosscheck/store/${hashes[5]}-gcc/bin/cc\n`).join(""));
    const scanner = new HashScanner(new Set(hashes), 3);
    scanner.push(data);
    const hits = scanner.result().get(hashes[5]!)!;
    expect(hits.count).toBe(10);
    expect(hits.offsets).toHaveLength(3);
    expect(hits.context).toContain(`CC=/crosscheck/store/${hashes[5]}-gcc/bin/cc.`);
  });

  it("lists the hash parts in the order they first occur", () => {
    const data = Buffer.from(`${hashes[8]} ${hashes[2]} ${hashes[8]} ${hashes[5]}`, "latin1");
    expect([...scan(data, hashes, 10).keys()]).toEqual([hashes[8], hashes[2], hashes[5]]);
  });
});
