import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { HashScanner } from "./hashScanner.ts";
import { fakeId } from "./testFixtures.ts";

/** Every occurrence by plain indexOf: slow but obviously right. */
function naive(data: Buffer, hashes: string[]): Map<string, number[]> {
  const found = new Map<string, number[]>();
  for (const hash of hashes) {
    for (let at = data.indexOf(hash); at !== -1; at = data.indexOf(hash, at + 1)) found.set(hash, [...(found.get(hash) ?? []), at]);
  }
  return found;
}

function scan(data: Buffer, hashes: string[], chunk: number, maxOffsets = 1000): Map<string, number[]> {
  const scanner = new HashScanner(new Set(hashes), maxOffsets);
  for (let at = 0; at < data.length; at += chunk) scanner.push(data.subarray(at, at + chunk));
  return new Map([...scanner.result()].map(([hash, hits]) => [hash, hits.offsets]));
}

describe("HashScanner", () => {
  const hashes = Array.from({ length: 200 }, (_, i) => fakeId(`candidate ${i}`));

  it("finds every planted hash part at its offset in binary data, whatever the chunking", () => {
    const parts: Buffer[] = [];
    for (let i = 0; i < 60; i++) {
      parts.push(randomBytes(100 + i * 7));
      // Hashes inside base-32 runs, beside each other, and in store paths.
      parts.push(Buffer.from(i % 3 === 0 ? `/crosscheck/store/${hashes[i]}-x` : i % 3 === 1 ? `abc${hashes[i]}${hashes[i + 1]}` : hashes[i]!, "latin1"));
    }
    const data = Buffer.concat(parts);
    const expected = naive(data, hashes);
    for (const chunk of [1, 7, 31, 32, 33, 1000, data.length]) expect(scan(data, hashes, chunk)).toEqual(expected);
  });

  it("ignores base-32 runs that are not candidates and hashes of other stores", () => {
    const other = fakeId("not a candidate");
    const data = Buffer.from(`${other} ${hashes[0]!.toUpperCase()} ${"a".repeat(100)} ${hashes[1]!.slice(0, 31)}`);
    expect(scan(data, hashes, 16)).toEqual(new Map());
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
});
