import { accumulators, type Accumulator, type DependencyList } from "./derivation.ts";
import { accumulatorFor, listInfo, type Offset } from "./lists.ts";
import { DependencyDirectionError } from "./errors.ts";

/** A dependency as findInputs sees it: an identity and the propagated lists it was built with. */
export interface Propagating<N> {
  readonly key: string;
  propagatedLists(): ReadonlyArray<readonly [DependencyList, readonly N[]]>;
}

export interface Accumulated<N> {
  node: N;
  propagatedBy: N | null;
}

/** setup.sh's mapping of a propagated file's relative offset into the consumer's frame: offsets
 * at or below host shift by the dependency's host offset, target-side ones by its target offset. */
export function mapOffset(relative: Offset, host: Offset, target: Offset): number {
  return relative <= 0 ? relative + host : relative - 1 + target;
}

/**
 * setup.sh `findInputs` for one package: each direct dependency at its list's offsets, then the
 * dependencies it propagates, shifted by `mapOffset` and dropped when they would run on a platform
 * before the build platform; deduplicated per accumulator, in setup.sh's order.
 */
export function findInputs<N extends Propagating<N>>(
  direct: ReadonlyArray<readonly [DependencyList, readonly N[]]>,
): Record<Accumulator, Accumulated<N>[]> {
  const result = {} as Record<Accumulator, Accumulated<N>[]>;
  for (const accumulator of accumulators) result[accumulator] = [];
  // Most accumulators of a package stay empty: their sets are made when first needed.
  const seen: Partial<Record<Accumulator, Set<string>>> = {};

  // Explicit recursion mirrors setup.sh; depth is bounded by the propagation chain length.
  const visit = (node: N, host: number, target: number, propagatedBy: N | null, list: DependencyList): void => {
    if (host > target) throw new DependencyDirectionError(node.key, list, host, target);
    const accumulator = accumulatorFor(host as Offset, target as Offset);
    const keys = (seen[accumulator] ??= new Set());
    if (keys.has(node.key)) return;
    keys.add(node.key);
    result[accumulator].push({ node, propagatedBy });
    for (const [propagatedList, members] of node.propagatedLists()) {
      const [relHost, relTarget] = listInfo[propagatedList].offsets;
      const newHost = mapOffset(relHost, host as Offset, target as Offset);
      const newTarget = mapOffset(relTarget, host as Offset, target as Offset);
      if (newHost < -1 || newHost > 1) continue;
      for (const member of members) visit(member, newHost, newTarget, node, propagatedList);
    }
  };

  for (const [list, members] of direct) {
    const [host, target] = listInfo[list].offsets;
    for (const member of members) visit(member, host, target, null, list);
  }
  return result;
}
