/**
 * The local store on the host (in the user's cache, shared by every checkout and run, like
 * /nix/store; CROSSCHECK_STORE moves it): one directory per realized derivation, named like its store
 * path (`<id>-<name>`), beside its build log, its build record and its closure scan. A
 * derivation counts as built only when its record exists, and the record is written last, so
 * an interrupted build never leaves a half output that counts as built.
 */
import { mkdir, readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { PlanNode } from "../../planner/index.ts";
import { cacheRoot } from "../machine/cacheDir.ts";
import { writeFileAtomic } from "../../closure/index.ts";
import type { PhaseLog } from "../build/phaseLog.ts";

export const storeDirEnvVar = "CROSSCHECK_STORE";

export function localStoreDir(): string {
  return resolve(process.env[storeDirEnvVar] ?? join(cacheRoot(), "store"));
}

/** What a realized derivation was built with and how long it took. */
export interface BuildRecord {
  id: string;
  storeName: string;
  /** The store names of every output, the default one (storeName) first. Absent in records
   * written before outputs were split: then storeName alone. */
  outputs?: string[];
  /** The hash of the image and the build script: a record with another key is not this build. */
  buildKey: string;
  image: string;
  /** Debian package versions of the image's toolchain, libc and QEMU. */
  versions: Record<string, string>;
  phases: { name: string; seconds: number | null }[];
  /** How the check phase ran its host binaries (`native`, or the emulator with its version:
   * `qemu-aarch64 7.2.22 (Debian …)`), null when it did not run. */
  checkedWith: string | null;
  timings: { startMs: number; runMs: number; collectMs: number; totalMs: number; startedAt: string };
}

/** The store names of a recorded build's outputs. */
export const recordedOutputs = (record: Pick<BuildRecord, "storeName" | "outputs">): string[] => record.outputs ?? [record.storeName];

export const outputPath = (store: string, node: Pick<PlanNode, "storeName">) => join(store, node.storeName);
export const logPath = (store: string, node: Pick<PlanNode, "storeName">) => join(store, `${node.storeName}.log`);
/** The lock of a node's entry while it is realized: the store's own, so that runs on other
 * stores (a benchmark's, a test's) never wait for it. */
export async function nodeLockPath(store: string, node: Pick<PlanNode, "id">): Promise<string> {
  const locks = join(store, ".locks");
  await mkdir(locks, { recursive: true });
  return join(locks, `node-${node.id}.lock`);
}
const recordPath = (store: string, node: Pick<PlanNode, "storeName">) => join(store, `${node.storeName}.build.json`);

/** A node's build record, when the build is whole: the record and every output are there. */
export async function readBuildRecord(store: string, node: Pick<PlanNode, "storeName" | "outputs">): Promise<BuildRecord | undefined> {
  for (const output of node.outputs) {
    const exists = await stat(outputPath(store, output)).then((s) => s.isDirectory(), () => false);
    if (!exists) return undefined;
  }
  try {
    return JSON.parse(await readFile(recordPath(store, node), "utf8")) as BuildRecord;
  } catch {
    return undefined;
  }
}

export async function writeBuildRecord(store: string, record: BuildRecord, phases: PhaseLog[]): Promise<void> {
  record.phases = phases.map((p) => ({ name: p.name, seconds: p.seconds }));
  await writeFileAtomic(recordPath(store, record), `${JSON.stringify(record, null, 2)}\n`);
}
