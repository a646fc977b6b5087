import { UserError } from "../userError.ts";
import type { Cell } from "./cell.ts";

/**
 * Shard `index` of `count` (1-based, like vitest's --shard=2/4): the cells whose id hashes to
 * it. A cell's shard depends on its id alone, so adding or removing a cell never moves the
 * others between shards (CI history and caches per shard stay put), and a good hash spreads
 * cells evenly once there are more than a handful per shard.
 */
export function shard(cells: readonly Cell[], index: number, count: number): Cell[] {
  checkShard(index, count);
  return cells.filter((cell) => hashId(cell.id) % count === index - 1);
}

/** Parses "2/4" as given to --shard. */
export function parseShard(text: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  if (match === null) throw new UserError(`bad shard '${text}': expected i/n, like 2/4`);
  const shardIndex = { index: Number(match[1]), count: Number(match[2]) };
  checkShard(shardIndex.index, shardIndex.count);
  return shardIndex;
}

function checkShard(index: number, count: number): void {
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(index) || index < 1 || index > count) {
    throw new UserError(`bad shard ${index}/${count}: expected i/n with 1 ≤ i ≤ n`);
  }
}

/**
 * FNV-1a over the id's UTF-16 units, then murmur3's finalizer: FNV alone leaves the low bits,
 * which `% count` uses, poorly mixed for ids that differ only in their last characters.
 */
function hashId(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
