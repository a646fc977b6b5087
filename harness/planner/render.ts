import { dependencyLists, type Plan, type PlanNode } from "./derivation.ts";
import { targetEmulator } from "./targetEmulator.ts";

const triple = (n: PlanNode): string => `(${n.build.config}, ${n.host.config}, ${n.target.config})`;

/** The plan as an indented tree: each package, its platforms, then its dependencies by list. */
export function renderTree(plan: Plan): string {
  const lines: string[] = [];
  for (const note of plan.notes) lines.push(`note: ${note}`);
  const shown = new Set<string>();
  const walk = (id: string, depth: number, label: string): void => {
    const node = plan.nodes[id];
    if (node === undefined) return;
    const pad = "  ".repeat(depth);
    const repeat = shown.has(id);
    const checks = node.checks.buildCanExecuteHost
      ? ""
      : node.checks.requestedDoCheck || node.checks.requestedDoInstallCheck
        ? `  checks under ${emulatorName(node)}`
        : "";
    const targetRuns = node.checks.requestedDoInstallCheck ? targetEmulator(node) : null;
    const compiled = targetRuns === null ? "" : `  what it compiles runs under ${targetRuns.emulator?.command ?? "no emulator"}`;
    lines.push(`${pad}${label}${node.name}  ${triple(node)}${repeat ? "  (see above)" : ""}${checks}${compiled}`);
    if (repeat) return;
    shown.add(id);
    if (node.toolchain !== null) {
      lines.push(`${pad}    debian: ${node.toolchain.debianPackages.join(" ")}  (${node.toolchain.debianTriple})`);
    }
    for (const list of dependencyLists) {
      const edges = node.deps.filter((d) => d.list === list);
      if (edges.length === 0) continue;
      lines.push(`${pad}  ${list}:`);
      for (const edge of edges) walk(edge.id, depth + 2, `${edge.type.padEnd(13)} `);
    }
    if (node.cc !== null) {
      lines.push(`${pad}  stdenv.cc:`);
      walk(node.cc, depth + 2, `${"build→host".padEnd(13)} `);
    }
    const propagated = Object.entries(node.inputs).flatMap(([accumulator, entries]) =>
      entries.filter((e) => e.propagatedBy !== null).map((e) => ({ accumulator, ...e })),
    );
    if (propagated.length > 0) {
      lines.push(`${pad}  propagated:`);
      for (const p of propagated) {
        lines.push(`${pad}    ${plan.nodes[p.id]?.name ?? p.id} → ${p.accumulator} (from ${plan.nodes[p.propagatedBy ?? ""]?.name ?? "?"})`);
      }
    }
  };
  walk(plan.root, 0, "");
  return lines.join("\n");
}

function emulatorName(node: PlanNode): string {
  const emulator = node.checks.emulator;
  if (emulator !== null && typeof emulator === "object" && !Array.isArray(emulator) && typeof emulator["command"] === "string") {
    return emulator["command"];
  }
  return "no emulator";
}

/** Graphviz: one box per node (clustered by stage), edges labelled with list and dependency type. */
export function renderDot(plan: Plan): string {
  const q = (s: string): string => JSON.stringify(s);
  const lines = ["digraph plan {", "  rankdir=LR;", "  node [shape=box, fontname=monospace];"];
  const stages = [...new Set(plan.order.map((id) => plan.nodes[id]?.stage ?? ""))];
  stages.forEach((stage, i) => {
    lines.push(`  subgraph cluster_${i} {`, `    label=${q(stage)};`);
    for (const id of plan.order) {
      const node = plan.nodes[id];
      if (node?.stage === stage) lines.push(`    ${q(id)} [label=${q(`${node.name}\n${triple(node)}`)}];`);
    }
    lines.push("  }");
  });
  for (const id of plan.order) {
    const node = plan.nodes[id];
    if (node === undefined) continue;
    for (const edge of node.deps) lines.push(`  ${q(id)} -> ${q(edge.id)} [label=${q(`${edge.list}\n${edge.type}`)}];`);
    if (node.cc !== null) lines.push(`  ${q(id)} -> ${q(node.cc)} [label="stdenv.cc", style=dashed];`);
  }
  lines.push("}");
  return lines.join("\n");
}
