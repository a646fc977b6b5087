import type { ScanGraph } from "./closure.ts";
import type { OutputScan } from "./scanOutput.ts";
import { describe, displayName, outputName, type StoreObject } from "./storeObject.ts";

/** One edge of a chain: a file of `from` holds the hash part of `to` at `offset`. */
export interface WhyStep {
  from: StoreObject;
  file: string;
  offset: number;
  /** Printable bytes around the reference. */
  context: string;
  to: StoreObject;
}

export interface WhyChain {
  from: StoreObject;
  to: StoreObject;
  steps: WhyStep[];
}

/** Whether `dependency` names this object: by pname (a default output), output name (`zlib.dev`), store name, or id. */
export function names(object: StoreObject, dependency: string): boolean {
  return (object.pname === dependency && object.output === undefined) || outputName(object) === dependency || object.name === dependency || object.id === dependency;
}

/**
 * Why `fromId` keeps `dependency` alive, like `nix why-depends`: the shortest chain of
 * references from the output to it, each edge shown by the first file (in path order) that
 * holds the reference and where in that file. Undefined when the dependency is not in the
 * closure. Scans missing from the graph end the walk there, since the chain is only ever an
 * explanation and must work on partly built stores.
 */
export function why(graph: ScanGraph, fromId: string, dependency: string): WhyChain | undefined {
  const root = graph.get(fromId);
  if (root === undefined) return undefined;
  const cameFrom = new Map<string, WhyStep | undefined>([[fromId, undefined]]);
  const queue: OutputScan[] = [root];
  for (let scan = queue.shift(); scan !== undefined; scan = queue.shift()) {
    for (const target of scan.references) {
      if (cameFrom.has(target.id)) continue;
      cameFrom.set(target.id, firstStep(scan, target));
      if (names(target, dependency)) return { from: root.object, to: target, steps: unwind(cameFrom, target.id) };
      const next = graph.get(target.id);
      if (next !== undefined) queue.push(next);
    }
  }
  return undefined;
}

function firstStep(scan: OutputScan, target: StoreObject): WhyStep {
  for (const file of scan.files) {
    const hit = file.references.find((r) => r.id === target.id);
    if (hit !== undefined) return { from: scan.object, file: file.path, offset: hit.offsets[0] ?? 0, context: hit.context, to: target };
  }
  // A scan's references come from its files, so this is a broken record, not a user mistake.
  throw new Error(`scan of ${scan.object.name} lists ${target.name} as a reference but no file holds it`);
}

function unwind(cameFrom: ReadonlyMap<string, WhyStep | undefined>, id: string): WhyStep[] {
  const steps: WhyStep[] = [];
  for (let step = cameFrom.get(id); step !== undefined; step = cameFrom.get(step.from.id)) steps.unshift(step);
  return steps;
}

/** The chain as a tree, one reference per level, in the spirit of `nix why-depends`. */
export function renderChain(chain: WhyChain): string {
  const lines = [describe(chain.from)];
  chain.steps.forEach((step, depth) => {
    const indent = "    ".repeat(depth);
    lines.push(`${indent}└── ${step.file} (byte ${step.offset}): …${step.context}…`);
    lines.push(`${indent}    → ${describe(step.to)}${step.to.role === undefined ? "" : ` [${step.to.role}]`}`);
  });
  return lines.join("\n");
}

/** The chain on one line, for findings and diffs: `zlib → bin/zlib-config@120 → gcc-wrapper`. */
export function chainSummary(chain: WhyChain): string {
  return [displayName(chain.from), ...chain.steps.map((s) => `${s.file}@${s.offset} → ${displayName(s.to)} (${s.to.host})`)].join(" → ");
}
