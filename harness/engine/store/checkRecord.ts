/**
 * Check results as store entries, as Bazel caches a test's result by the digest of what the test
 * depends on: a passed check is recorded beside the output it checked, under a key of everything
 * its result depends on (the outputs it runs, its script, the image of its container, the
 * emulator with its version). A later run with the same key reuses the result and its log; any
 * change of a part runs the check again. Only passes are recorded: a failure is looked at, and
 * may have been the machine's, so it runs again.
 */
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import type { PlanNode } from "../../planner/index.ts";
import { writeFileAtomic } from "../../closure/index.ts";
import { contentKey } from "../images/contentKey.ts";

/** Everything a check's result depends on. */
export interface CheckKeyParts {
  /** Ids of the derivations the check mounts: the checked output and its requisites. */
  outputs: string[];
  /** The script the check's container runs. */
  script: string;
  /** The image the check runs in (a content key, so a changed image is another tag). */
  image: string;
  /** How host binaries run: `native`, or the emulator with its version (`qemu-aarch64 7.2.17 …`). */
  emulator: string;
}

export interface CheckRecord {
  check: string;
  key: string;
  runner: string;
  reason: string;
  /** When the check ran (ISO 8601): a reused result is "cached from" then. */
  ranAt: string;
  seconds: number;
}

export function checkKey(parts: CheckKeyParts): string {
  return contentKey({ ...parts, outputs: [...parts.outputs].sort() });
}

export const checkLogPath = (store: string, node: Pick<PlanNode, "storeName">, check: string) => join(store, `${node.storeName}.${check}.log`);
const checkRecordPath = (store: string, node: Pick<PlanNode, "storeName">, check: string) => join(store, `${node.storeName}.${check}.json`);

/** The recorded pass of `check` on `node` under `key`, if there is one. */
export async function readCheckRecord(store: string, node: Pick<PlanNode, "storeName">, check: string, key: string): Promise<CheckRecord | undefined> {
  try {
    const record = JSON.parse(await readFile(checkRecordPath(store, node, check), "utf8")) as CheckRecord;
    return record.key === key && record.check === check ? record : undefined;
  } catch {
    return undefined;
  }
}

export async function writeCheckRecord(store: string, node: Pick<PlanNode, "storeName">, record: CheckRecord): Promise<void> {
  await writeFileAtomic(checkRecordPath(store, node, record.check), `${JSON.stringify(record, null, 2)}\n`);
}

/** Forgets a check's recorded pass: it ran again under the same key and did not pass. */
export async function dropCheckRecord(store: string, node: Pick<PlanNode, "storeName">, check: string): Promise<void> {
  await rm(checkRecordPath(store, node, check), { force: true });
}
