import { closureOf, type ScanGraph } from "./closure.ts";
import type { Finding, FindingKind } from "./contamination.ts";
import { describe, outputName, storePath, type StoreObject } from "./storeObject.ts";
import { chainSummary, why } from "./why.ts";

/**
 * A recipe's checks of one output, as its plan node's attrs carry them (the planner's
 * `OutputChecks`): node ids, or `"out"` for the output itself. Absent means unchecked; an empty
 * allowed list allows nothing.
 */
export interface OutputChecks {
  allowedReferences?: readonly string[];
  disallowedReferences?: readonly string[];
  allowedRequisites?: readonly string[];
  disallowedRequisites?: readonly string[];
}

const kinds = {
  allowedReferences: "reference-not-allowed",
  disallowedReferences: "disallowed-reference",
  allowedRequisites: "requisite-not-allowed",
  disallowedRequisites: "disallowed-requisite",
} as const satisfies Record<keyof OutputChecks, FindingKind>;

/**
 * Nix's output checks on the realized output, as Nix's build does them for a derivation without
 * structured attributes: references are what the output's files hold, itself included (a
 * self-reference is allowed only by `"out"`); requisites are its closure without itself. Each
 * path that breaks a check is a finding, shown by the output file that leads to it and, for a
 * requisite, the chain of references from there.
 */
export function findOutputCheckViolations(outputId: string, graph: ScanGraph, checks: OutputChecks): Finding[] {
  const scan = graph.get(outputId);
  if (scan === undefined) throw new Error(`no scan for output ${outputId}`);
  const references = [...scan.references.map((o) => o.id), ...(scan.selfReference === undefined ? [] : [outputId])];
  // Walked only when a requisites check asks: the walk needs every dependency's scan.
  const requisites =
    checks.allowedRequisites === undefined && checks.disallowedRequisites === undefined ? [] : closureOf(outputId, graph).members.map((m) => m.object.id);
  const findings: Finding[] = [];

  for (const check of Object.keys(kinds) as (keyof OutputChecks)[]) {
    const given = checks[check];
    if (given === undefined) continue;
    const named = new Set(given.map((entry) => (entry === "out" ? outputId : entry)));
    const allowed = check.startsWith("allowed");
    const used = check.endsWith("References") ? references : requisites;
    for (const id of used) {
      if (named.has(id) === allowed) continue;
      const verdict = allowed ? `which ${check} does not list` : `which ${check} forbids`;
      findings.push(id === outputId ? selfFinding(kinds[check], scan.object, scan.selfReference!, allowed ? `${verdict} (list "out" to allow it)` : verdict) : referenceFinding(kinds[check], graph, outputId, id, verdict));
    }
  }
  return findings;
}

function selfFinding(kind: FindingKind, object: StoreObject, at: { file: string; offset: number }, verdict: string): Finding {
  return {
    kind,
    output: outputName(object),
    file: at.file,
    offset: at.offset,
    message: `refers to the output itself (${storePath(object)}), ${verdict}`,
  };
}

function referenceFinding(kind: FindingKind, graph: ScanGraph, outputId: string, id: string, verdict: string): Finding {
  // The id is a reference or in the closure, so the chain exists.
  const chain = why(graph, outputId, id)!;
  const first = chain.steps[0]!;
  return {
    kind,
    output: outputName(chain.from),
    file: first.file,
    offset: first.offset,
    message: `refers to ${describe(chain.to)} (${storePath(chain.to)}), ${verdict}: ${chainSummary(chain)}`,
  };
}
