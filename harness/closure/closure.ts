import { UserError } from "../userError.ts";
import type { OutputScan } from "./scanOutput.ts";
import { describe, type StoreObject } from "./storeObject.ts";

/** Recorded scans by derivation id: the reference graph of everything built. */
export type ScanGraph = ReadonlyMap<string, OutputScan>;

export interface ClosureMember {
  object: StoreObject;
  totalBytes: number;
}

export interface Closure {
  /** Everything the output keeps alive, itself excluded, sorted by pname, output, then host. */
  members: ClosureMember[];
  /** The output's own size plus every member's. */
  totalBytes: number;
}

/**
 * The transitive references of an output, walked over the recorded scans (references of
 * references), as a Nix closure is. Each member must have been scanned: a closure computed
 * over a missing scan would silently be too small.
 */
export function closureOf(rootId: string, graph: ScanGraph): Closure {
  const root = scanOf(graph, rootId, undefined);
  const seen = new Map<string, OutputScan>([[rootId, root]]);
  const queue = [root];
  for (let scan = queue.shift(); scan !== undefined; scan = queue.shift()) {
    for (const reference of scan.references) {
      if (seen.has(reference.id)) continue;
      const next = scanOf(graph, reference.id, scan);
      seen.set(reference.id, next);
      queue.push(next);
    }
  }
  seen.delete(rootId);
  const members = [...seen.values()]
    .map((s) => ({ object: s.object, totalBytes: s.totalBytes }))
    .sort((a, b) => compareObjects(a.object, b.object));
  return { members, totalBytes: members.reduce((sum, m) => sum + m.totalBytes, root.totalBytes) };
}

function scanOf(graph: ScanGraph, id: string, referrer: OutputScan | undefined): OutputScan {
  const scan = graph.get(id);
  if (scan !== undefined) return scan;
  const what = referrer?.references.find((r) => r.id === id);
  throw new UserError(
    referrer === undefined || what === undefined
      ? `no recorded scan for derivation ${id}; build it first`
      : `no recorded scan for ${describe(what)} (${id}), which ${describe(referrer.object)} refers to; build it first`,
  );
}

/** The order of every list of objects in snapshots and messages. */
export function compareObjects(a: Pick<StoreObject, "pname" | "host" | "version" | "output">, b: Pick<StoreObject, "pname" | "host" | "version" | "output">): number {
  return compareText(a.pname, b.pname) || compareText(a.output ?? "", b.output ?? "") || compareText(a.host, b.host) || compareText(a.version, b.version);
}

/** Code-unit order, independent of the machine's locale, so snapshots sort alike everywhere. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
