/**
 * The image a node builds in: the base image plus the Debian packages of every toolchain
 * wrapper among its requisites (a wrapper's scripts call Debian's tools, which must be there)
 * and what its build system runs, and what runs its host's programs where that is a package of
 * the image (Node for WASI modules; QEMU runs through the machine's binfmt and needs none). Nodes
 * with the same packages share one image. The base is
 * Debian for the node's build platform: amd64 normally, arm64 (run under QEMU) for an emulated
 * native build on aarch64.
 */
import type { Plan, PlanNode } from "../../planner/index.ts";
import type { EmulatorKind } from "../../platform/index.ts";
import { baseImageTag, ensureBaseImage } from "./baseImage.ts";
import { ensureToolchainImage, toolchainKey, toolchainRepository } from "./toolchainImage.ts";
import { requisites } from "../store/storeLayout.ts";
import { buildSystemPackages } from "../build/stdenvTools.ts";

/** Tools every package build may use beyond the base: fresh config.sub/config.guess. */
const commonPackages = ["autotools-dev"];

/** What the image needs to run the host's programs, by the host's emulator (its installCheck and
 * emulated check phase run in the node's image): Debian's nodejs, whose node:wasi runs WASI
 * modules (harness/emulate/wasi.ts). */
const emulatorPackages: Partial<Record<EmulatorKind, string[]>> = { wasi: ["nodejs"] };

export function nodePackages(plan: Plan, node: PlanNode): string[] {
  if (node.toolchain !== null) return [];
  const packages = new Set(commonPackages);
  for (const p of buildSystemPackages[node.attrs.buildSystem] ?? []) packages.add(p);
  for (const r of requisites(plan, node)) for (const p of r.toolchain?.debianPackages ?? []) packages.add(p);
  for (const p of node.checks.emulator === null ? [] : (emulatorPackages[node.checks.emulator.kind] ?? [])) packages.add(p);
  return [...packages].sort();
}

/** Debian triples of the toolchains a node's build sees: their directories must not leak into outputs. */
export function toolchainTriples(plan: Plan, node: PlanNode): string[] {
  return [...new Set(requisites(plan, node).flatMap((r) => (r.toolchain ? [r.toolchain.debianTriple] : [])))].sort();
}

/** The Debian architecture of the machine a node builds on. */
function buildArch(node: PlanNode): string {
  return node.build.debianArch ?? "amd64";
}

/** The images a node's build needs, named by their content keys before they exist: the base image, and the node's own when it is another. */
export async function nodeImageTags(plan: Plan, node: PlanNode): Promise<string[]> {
  const base = await baseImageTag({ arch: buildArch(node) });
  const packages = nodePackages(plan, node);
  return packages.length === 0 ? [base] : [base, `${toolchainRepository}:${toolchainKey(base, packages)}`];
}

/** The image a node builds in, named by its content key before it is built. */
export async function nodeImageTag(plan: Plan, node: PlanNode): Promise<string> {
  return (await nodeImageTags(plan, node)).at(-1)!;
}

/**
 * The image a node builds in, built if missing, with the versions of what it holds. `extra`
 * are packages a check of the node needs besides (an emulator that runs from the image, as wine
 * does): with them it is the check's image, the build's and theirs.
 */
export async function ensureNodeImage(
  plan: Plan,
  node: PlanNode,
  onImage?: (tag: string, built: boolean, ms: number) => void,
  extra: readonly string[] = [],
): Promise<{ tag: string; versions: Record<string, string> }> {
  const base = await ensureBaseImage({ arch: buildArch(node) });
  const packages = [...new Set([...nodePackages(plan, node), ...extra])].sort();
  if (packages.length === 0) return { tag: base.tag, versions: {} };
  const began = Date.now();
  const image = await ensureToolchainImage(base.tag, packages);
  onImage?.(image.tag, image.built, Date.now() - began);
  return { tag: image.tag, versions: image.versions };
}
