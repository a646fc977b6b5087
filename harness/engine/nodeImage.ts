/**
 * The image a node builds in: the base image plus the Debian packages of every toolchain
 * wrapper among its requisites (a wrapper's scripts call Debian's tools, which must be there)
 * and what its build system runs. Nodes with the same packages share one image.
 */
import type { Plan, PlanNode } from "../planner/index.ts";
import { requisites } from "./storeLayout.ts";

/** Tools every package build may use beyond the base: fresh config.sub/config.guess. */
const commonPackages = ["autotools-dev"];

const buildSystemPackages: Record<string, string[]> = {
  cmake: ["cmake"],
  meson: ["meson", "ninja-build"],
};

export function nodePackages(plan: Plan, node: PlanNode): string[] {
  if (node.toolchain !== null) return [];
  const packages = new Set(commonPackages);
  for (const p of buildSystemPackages[node.attrs.buildSystem] ?? []) packages.add(p);
  for (const r of requisites(plan, node)) for (const p of r.toolchain?.debianPackages ?? []) packages.add(p);
  return [...packages].sort();
}

/** Debian triples of the toolchains a node's build sees: their directories must not leak into outputs. */
export function toolchainTriples(plan: Plan, node: PlanNode): string[] {
  return [...new Set(requisites(plan, node).flatMap((r) => (r.toolchain ? [r.toolchain.debianTriple] : [])))].sort();
}
