/**
 * Realizing one plan node, in a fresh container from its image, with only its requisites mounted (read-only, at their store paths), network off, as the
 * unprivileged builder; outputs land in the local store, are scanned for references, and
 * reused by later cells and runs (a node's id is the hash of everything that determines it).
 */
import { readFile } from "node:fs/promises";
import type { NodeOutput, Plan, PlanNode } from "../../planner/index.ts";
import type { StoreObject } from "../../closure/index.ts";
import { scanOutput } from "../../closure/index.ts";
import { readScan, recordScan, scanRecordPath } from "../../closure/index.ts";
import { buildMachinePaths } from "../../closure/index.ts";
import { executableFormats } from "../../closure/index.ts";
import { builderUser } from "../images/baseImage.ts";
import { runStep, type StepInput, type StepSpec } from "../containers/container.ts";
import { inputMode } from "../machine/dockerEngine.ts";
import { storeWriteFault } from "../machine/infrastructureError.ts";
import type { SharedCache } from "../store/sharedCache.ts";
import { buildScript, type ScriptContext } from "./buildScript.ts";
import { splitPhases, type PhaseLog } from "./phaseLog.ts";
import { fetchSource, sourceName } from "../store/source.ts";
import { contentKey } from "../images/contentKey.ts";
import { touchEntry } from "../store/gc.ts";
import { containerStorePath, buildDir, requisites, sourceDir } from "../store/storeLayout.ts";
import { logPath, outputPath, readBuildRecord, writeBuildRecord, type BuildRecord } from "../store/localStore.ts";
import { ensureNodeImage, nodeImageTag, toolchainTriples } from "../images/nodeImage.ts";

export interface RealizeOptions {
  store: string;
  timeoutMs: number;
  cores: number;
  /** Where built derivations are fetched from and published to, besides the local store. */
  sharedCache?: SharedCache | null;
  /** Run this node's check phase under an emulator (the cell's `checkPhase` check); a stored build of it
   * that was not checked with this emulator (and version) is built again, as is one whose check
   * is to run again (`rerun`). */
  emulatedCheck?: { id: string; runner: string; emulator: string; env: Record<string, string>; inputs: StepInput[]; packages: readonly string[]; rerun: boolean };
  onEvent?: (event: RealizeEvent) => void;
  /** Gets the engine the node's images before a build needs them (a builder that lacks them: builders.ts). */
  provideImages?: () => Promise<void>;
}

export type RealizeEvent =
  | { kind: "image"; node: PlanNode; image: string; built: boolean; ms: number }
  | { kind: "start"; node: PlanNode }
  | { kind: "cached"; node: PlanNode }
  | { kind: "done"; node: PlanNode; build: NodeBuild };

export interface NodeBuild {
  node: PlanNode;
  /** `not-built`: a dependency failed, so this node was not attempted. */
  status: "built" | "cached" | "failed" | "timed-out" | "not-built";
  logPath: string;
  /** The phase that failed, and the log cut into phases. */
  failedPhase: string | null;
  phases: PhaseLog[];
  record: BuildRecord | null;
}

/** One output of a node as the closure checks know it; the default output unless named. */
export function storeObject(node: PlanNode, output: NodeOutput = node.outputs[0]!): StoreObject {
  return {
    id: output.id,
    name: output.storeName.slice(output.id.length + 1),
    pname: node.pname,
    version: node.version,
    build: node.build.config,
    host: node.host.config,
    target: node.target.config,
    ...(node.kind === "toolchain" ? { role: "toolchain" as const } : {}),
    ...(output === node.outputs[0] ? {} : { output: output.name }),
  };
}

/** Every output of these nodes as store objects. */
export function storeObjects(nodes: Iterable<PlanNode>): StoreObject[] {
  return [...nodes].flatMap((n) => n.outputs.map((o) => storeObject(n, o)));
}

/** Everything the build script of a node depends on besides the node. */
export function scriptContext(plan: Plan, node: PlanNode, options: { emulatedCheck: boolean }): ScriptContext {
  const name = sourceName(node.attrs.src);
  const { build, host } = node;
  return {
    plan,
    node,
    source: name === null ? null : `${sourceDir}/${name}`,
    emulatedCheck: options.emulatedCheck,
    updateGnuConfig: node.toolchain === null && build.config !== host.config && host.needsFreshGnuConfig && !build.needsFreshGnuConfig,
  };
}

function failedPhaseOf(phases: PhaseLog[]): string | null {
  return phases.at(-1)?.name ?? "setup";
}

/**
 * The container step that builds a node: its image, script, requisites and source mounted
 * read-only, its output, the build's limits. realizeNode runs it; repro runs the same step
 * attached to a terminal.
 */
export async function buildStep(
  plan: Plan,
  node: PlanNode,
  options: Pick<RealizeOptions, "store" | "timeoutMs" | "cores"> & { image: string; script: string; env: Record<string, string>; emulatorInputs?: StepInput[] },
): Promise<StepSpec> {
  const { store } = options;
  const source = await fetchSource(node.attrs.src);
  const mode = inputMode();
  const inputs: StepInput[] = requisites(plan, node).flatMap((r) => r.outputs).map((o) => ({ hostPath: outputPath(store, o), containerPath: containerStorePath(o), mode }));
  if (source !== null) inputs.push({ hostPath: source.path, containerPath: `${sourceDir}/${source.name}`, mode });
  inputs.push(...(options.emulatorInputs ?? []));
  return {
    image: options.image,
    script: options.script,
    inputs,
    outputs: node.outputs.map((o) => ({ containerPath: containerStorePath(o), hostPath: outputPath(store, o) })),
    workdir: buildDir,
    env: { NIX_BUILD_CORES: String(options.cores), ...options.env },
    limits: { cpus: options.cores },
    timeoutMs: options.timeoutMs,
    logPath: logPath(store, node),
    name: node.storeName,
  };
}

/** Builds one node whose requisites are already in the store. */
export async function realizeNode(plan: Plan, node: PlanNode, options: RealizeOptions): Promise<NodeBuild> {
  const { store } = options;
  const emulated = options.emulatedCheck?.id === node.id ? options.emulatedCheck : undefined;
  const script = buildScript(scriptContext(plan, node, { emulatedCheck: emulated !== undefined }));
  // Like a derivation's hash covers its builder: a changed script or image builds again. An
  // emulated check phase changes no output, so it is not part of the key; `checkedWith` says
  // whether the stored build ran it.
  const buildKey = contentKey({ image: await nodeImageTag(plan, node), script: buildScript(scriptContext(plan, node, { emulatedCheck: false })) });
  const existing = await readBuildRecord(store, node);
  if (existing !== undefined && existing.buildKey === buildKey && (emulated === undefined || (existing.checkedWith === emulated.emulator && !emulated.rerun))) {
    for (const output of node.outputs) await touchEntry(store, output.storeName);
    await rescanIfOlder(plan, node, store);
    options.onEvent?.({ kind: "cached", node });
    return { node, status: "cached", logPath: logPath(store, node), failedPhase: null, phases: [], record: existing };
  }
  const shared = options.sharedCache ?? null;
  // A shared build counts for an emulated check too when its check phase passed under the same emulator (and version).
  if (shared !== null && !emulated?.rerun && (await shared.fetch(node.storeName, buildKey, store))) {
    const fetched = (await readBuildRecord(store, node))!;
    if (emulated === undefined || fetched.checkedWith === emulated.emulator) {
      await rescanIfOlder(plan, node, store);
      options.onEvent?.({ kind: "cached", node });
      return { node, status: "cached", logPath: logPath(store, node), failedPhase: null, phases: [], record: fetched };
    }
  }
  options.onEvent?.({ kind: "start", node });
  await options.provideImages?.();
  // An emulated check phase whose emulator runs from the image (wine) builds in the check's image.
  const image = await ensureNodeImage(plan, node, (tag, built, ms) => options.onEvent?.({ kind: "image", node, image: tag, built, ms }), emulated?.packages ?? []);
  const result = await runStep(await buildStep(plan, node, { ...options, image: image.tag, script, env: emulated?.env ?? {}, emulatorInputs: emulated?.inputs ?? [] }));
  const phases = splitPhases(await readFile(result.logPath, "utf8"));
  if (result.status !== "succeeded") {
    const status = result.status === "timed-out" ? "timed-out" : "failed";
    const build: NodeBuild = { node, status, logPath: result.logPath, failedPhase: failedPhaseOf(phases), phases, record: null };
    options.onEvent?.({ kind: "done", node, build });
    return build;
  }
  const checkedWith = emulated?.emulator ?? (node.attrs.doCheck ? "native" : null);
  const record: BuildRecord = { id: node.id, storeName: node.storeName, outputs: node.outputs.map((o) => o.storeName), buildKey, image: image.tag, versions: image.versions, phases: [], checkedWith, timings: result.timings };
  try {
    await scanNode(plan, node, store);
    await writeBuildRecord(store, record, phases);
  } catch (error) {
    // A full store is the machine's fault, named as such (not a raw ENOSPC out of the cell).
    throw await storeWriteFault(store, `could not record the build of ${node.storeName}`, error);
  }
  await shared?.publish(node.storeName, store);
  const build: NodeBuild = { node, status: "built", logPath: result.logPath, failedPhase: null, phases, record };
  options.onEvent?.({ kind: "done", node, build });
  return build;
}

/** The build machine's paths a node's outputs are searched for. */
function searchedPaths(plan: Plan, node: PlanNode): string[] {
  return buildMachinePaths({ buildDirectory: buildDir, home: builderUser.home, toolchainTriples: toolchainTriples(plan, node) });
}

/** Scans each built output and records its scan beside it: its links may lead into what the
 * build had mounted, or into the node's other outputs (dev's `.so` link into out's lib). */
async function scanNode(plan: Plan, node: PlanNode, store: string, only?: NodeOutput): Promise<void> {
  const candidates = storeObjects(Object.values(plan.nodes));
  const around = [...requisites(plan, node), node];
  for (const output of only === undefined ? node.outputs : [only]) {
    const scan = await scanOutput({
      object: storeObject(node, output),
      directory: outputPath(store, output),
      candidates,
      dependencies: around.flatMap((r) => r.outputs.filter((o) => o !== output).map((o) => ({ object: storeObject(r, o), directory: outputPath(store, o) }))),
      buildMachinePaths: searchedPaths(plan, node),
    });
    await recordScan(store, scan);
  }
}

/**
 * A stored build whose scan was recorded before links or every executable format were scanned,
 * or for other build machine paths than are searched now (or is unreadable), is scanned again,
 * as it is: the output is the same.
 */
async function rescanIfOlder(plan: Plan, node: PlanNode, store: string): Promise<void> {
  const searched = searchedPaths(plan, node).join("\n");
  for (const output of node.outputs) {
    const recorded = await readScan(scanRecordPath(store, { object: storeObject(node, output) })).catch(() => undefined);
    const formats = recorded?.executableFormats ?? [];
    const stale = recorded?.symlinks === undefined || executableFormats.some((f) => !formats.includes(f)) || (recorded.searchedPaths ?? []).join("\n") !== searched;
    if (stale) await scanNode(plan, node, store, output);
  }
}
