import { describe, expect, test } from "vitest";
import { UserError } from "../userError.ts";
import type { Cell } from "./cell.ts";
import { parseShard, shard } from "./shard.ts";

/** Only the id matters to sharding. */
const cellsNamed = (ids: string[]) => ids.map((id) => ({ id }) as Cell);
const ids = Array.from({ length: 10_000 }, (_, i) => `pkg${i % 250}@x86_64-linux~host${Math.floor(i / 250)}`);

describe("shard", () => {
  test("every cell lands in exactly one shard, evenly", () => {
    const cells = cellsNamed(ids);
    const shards = [1, 2, 3, 4].map((i) => shard(cells, i, 4));
    expect(shards.flat().map((cell) => cell.id).sort()).toEqual([...ids].sort());
    for (const part of shards) expect(Math.abs(part.length - 2500)).toBeLessThan(125);
  });

  test("is deterministic, and adding a cell moves no other cell", () => {
    const before = shard(cellsNamed(ids), 2, 5).map((cell) => cell.id);
    expect(shard(cellsNamed(ids), 2, 5).map((cell) => cell.id)).toEqual(before);
    const after = shard(cellsNamed([...ids, "new@x86_64-linux~riscv64"]), 2, 5).map((cell) => cell.id);
    expect(after.filter((id) => id !== "new@x86_64-linux~riscv64")).toEqual(before);
  });

  test("one shard of one is everything", () => {
    expect(shard(cellsNamed(ids), 1, 1)).toHaveLength(ids.length);
  });

  test("shard numbers are checked", () => {
    expect(() => shard([], 0, 4)).toThrow(UserError);
    expect(() => shard([], 5, 4)).toThrow(UserError);
  });
});

describe("parseShard", () => {
  test("reads i/n as vitest's --shard does", () => {
    expect(parseShard("2/4")).toEqual({ index: 2, count: 4 });
    expect(() => parseShard("4/2")).toThrow(new UserError("bad shard 4/2: expected i/n with 1 ≤ i ≤ n"));
    expect(() => parseShard("two")).toThrow(new UserError("bad shard 'two': expected i/n, like 2/4"));
  });
});
