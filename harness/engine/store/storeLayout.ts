/**
 * Where a plan's derivations live inside build containers, and where their sources are put.
 * The store directory is the one the closure scanner searches for (`/crosscheck/store`).
 */
import type { Plan, PlanNode } from "../../planner/index.ts";
import { STORE_DIR } from "../../closure/index.ts";

export const sourceDir = "/crosscheck/src";
export const buildDir = "/build";

export function containerStorePath(node: Pick<PlanNode, "storeName">): string {
  return `${STORE_DIR}/${node.storeName}`;
}

/** Every node a build of `node` needs present: its inputs, their inputs, and so on (runtime
 * libraries of build tools included), in the plan's dependency order. */
export function requisites(plan: Plan, node: PlanNode): PlanNode[] {
  const seen = new Set<string>();
  const visit = (id: string): void => {
    if (seen.has(id)) return;
    seen.add(id);
    const n = plan.nodes[id]!;
    for (const list of Object.values(n.inputs)) for (const input of list) visit(input.id);
    for (const dep of n.deps) visit(dep.id);
    if (n.cc !== null) visit(n.cc);
  };
  for (const list of Object.values(node.inputs)) for (const input of list) visit(input.id);
  for (const dep of node.deps) visit(dep.id);
  if (node.cc !== null) visit(node.cc);
  return plan.order.filter((id) => seen.has(id)).map((id) => plan.nodes[id]!);
}
