import { Planner, type Catalog, type Plan, type PlanNode } from "./index.ts";
import gcc from "../../recipes/gcc.ts";

/** Test helpers for planning small catalogs: over the built-in gcc (stdenv.cc is the catalog's gcc). */
export const src = { kind: "inline", files: {} } as const;
export const B = "x86_64-unknown-linux-gnu";
export const planFor = (catalog: Catalog, pkg: string, host = "x86_64-linux"): Plan =>
  new Planner({ gcc, ...catalog }, "x86_64-linux").plan({ build: "x86_64-linux", host, package: pkg });
export const root = (plan: Plan): PlanNode => plan.nodes[plan.root]!;
export const depsIn = (plan: Plan, n: PlanNode, list: string): PlanNode[] => n.deps.filter((d) => d.list === list).map((d) => plan.nodes[d.id]!);
