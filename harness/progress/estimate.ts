import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * How long a derivation will take to build, from the build times the local store recorded:
 * each build leaves <store>/<storeName>.build.json with its timings (the engine's build record).
 * A derivation built before (the same store name) will be reused; one never built is estimated
 * from the builds of the same package for the same host in another version or with other
 * inputs (the same name but for the id), else of the same package for any host or version.
 */

export interface RecordedBuild {
  storeName: string;
  totalMs: number;
}

/** The part of a plan node an estimate needs (structural: the planner's PlanNode fits). */
export interface EstimatedNode {
  id: string;
  storeName: string;
  pname: string;
  version: string;
}

export interface NodeEstimate {
  id: string;
  /** The store name without its id: pname[-static][-host config]-version. */
  name: string;
  /** In the store already: it will be reused, not built. */
  stored: boolean;
  /** The expected build time; null when nothing like it was ever built here. */
  estimateMs: number | null;
}

/** The build records of a store: the name and total time of each build. Unreadable records are skipped. */
export function recordedBuilds(store: string): RecordedBuild[] {
  if (!existsSync(store)) return [];
  const builds: RecordedBuild[] = [];
  for (const file of readdirSync(store)) {
    if (!file.endsWith(".build.json")) continue;
    try {
      const record = JSON.parse(readFileSync(join(store, file), "utf8")) as { storeName?: unknown; timings?: { totalMs?: unknown } };
      if (typeof record.storeName === "string" && typeof record.timings?.totalMs === "number") builds.push({ storeName: record.storeName, totalMs: record.timings.totalMs });
    } catch {
      // a record being written, or damaged: it says nothing about time
    }
  }
  return builds;
}

/** A store name without its id (32 base-32 digits and a dash). */
export const nameOf = (storeName: string): string => storeName.replace(/^[0-9a-z]{32}-/, "");

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
};

/** `rest` of a name after its pname: nothing, -static, a host config, or both. */
const hostPart = /^(static)?(-?[a-z0-9_]+(-[a-z0-9_.]+){1,3})?$/;

export function estimateNodes(nodes: readonly EstimatedNode[], builds: readonly RecordedBuild[]): NodeEstimate[] {
  const stored = new Set(builds.map((b) => b.storeName));
  const byName = new Map<string, number[]>();
  for (const b of builds) {
    const name = nameOf(b.storeName);
    if (!byName.has(name)) byName.set(name, []);
    byName.get(name)!.push(b.totalMs);
  }
  const withoutVersion = (name: string) => name.replace(/-\d[^-]*$/, "");
  return nodes.map((node) => {
    const name = nameOf(node.storeName);
    const estimate = (): number | null => {
      const same = byName.get(name);
      if (same !== undefined) return median(same);
      const base = name.endsWith(`-${node.version}`) ? name.slice(0, -node.version.length - 1) : withoutVersion(name);
      const sameHost = [...byName].filter(([n]) => withoutVersion(n) === base).flatMap(([, ms]) => ms);
      if (sameHost.length > 0) return median(sameHost);
      const samePackage = [...byName]
        .filter(([n]) => {
          const b = withoutVersion(n);
          return b === node.pname || (b.startsWith(`${node.pname}-`) && hostPart.test(b.slice(node.pname.length + 1)));
        })
        .flatMap(([, ms]) => ms);
      return samePackage.length > 0 ? median(samePackage) : null;
    };
    return { id: node.id, name, stored: stored.has(node.storeName), estimateMs: estimate() };
  });
}
