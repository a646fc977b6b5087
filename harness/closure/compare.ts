import { closureOf, compareText, type ScanGraph } from "./closure.ts";
import type { CellSnapshot, OutputSnapshot, SnapshotElf, SnapshotMember, SnapshotObject, SnapshotPe } from "./snapshot.ts";
import { judgeSize, percentChange, type SizeTolerance } from "./tolerance.ts";
import { chainSummary, why } from "./why.ts";
import { outputName } from "./storeObject.ts";

/** One way the current state differs from the committed snapshot. */
export interface Difference {
  output: string;
  /** `fail` turns the cell red; a `note` is shown but only asks for a snapshot update. */
  severity: "fail" | "note";
  message: string;
}

export interface CompareContext {
  /** Current scans, to explain a new member by its chain. */
  graph: ScanGraph;
  /** Output name (outputName) → its id in the current build. */
  outputIds: ReadonlyMap<string, string>;
  tolerance: SizeTolerance;
}

const key = (o: SnapshotObject): string => `${outputName(o)} (${o.host})`;
const named = (o: SnapshotObject): string => `${outputName(o)} ${o.version} (${o.host})`;

/** Every difference between a committed and a current snapshot, outputs in name order. */
export function compareSnapshots(committed: CellSnapshot, current: CellSnapshot, context: CompareContext): Difference[] {
  const differences: Difference[] = [];
  if (committed.format === 1) differences.push({ output: "*", severity: "note", message: "the committed snapshot is of format 1, which lists no symlinks: compared without them; --update-snapshots records them" });
  const pnames = [...new Set([...Object.keys(committed.outputs), ...Object.keys(current.outputs)])].sort(compareText);
  for (const pname of pnames) {
    const before = committed.outputs[pname];
    const after = current.outputs[pname];
    if (before === undefined) differences.push({ output: pname, severity: "fail", message: "is a new output of this cell" });
    else if (after === undefined) differences.push({ output: pname, severity: "fail", message: "is no longer an output of this cell" });
    else differences.push(...compareOutput(pname, before, after, context));
  }
  return differences;
}

function compareOutput(output: string, before: OutputSnapshot, after: OutputSnapshot, context: CompareContext): Difference[] {
  const out: Difference[] = [];
  const fail = (message: string): void => void out.push({ output, severity: "fail", message });
  const note = (message: string): void => void out.push({ output, severity: "note", message });

  if (before.version !== after.version) note(`version ${before.version} → ${after.version}`);

  const beforeMembers = new Map(before.closure.map((m) => [key(m), m]));
  const afterMembers = new Map(after.closure.map((m) => [key(m), m]));
  const beforeRefs = new Set(before.references.map(key));
  const afterRefs = new Set(after.references.map(key));
  for (const [k, member] of afterMembers) {
    const old = beforeMembers.get(k);
    if (old === undefined) fail(`${named(member)} is new in the closure${afterRefs.has(k) ? " (a direct reference)" : ""}: ${explain(output, member, context)}`);
    else if (old.version !== member.version) note(`${outputName(member)} (${member.host}) version ${old.version} → ${member.version}`);
  }
  for (const [k, member] of beforeMembers) {
    if (!afterMembers.has(k)) fail(`${named(member)} is gone from the closure${beforeRefs.has(k) ? " (was a direct reference)" : ""}`);
  }
  for (const k of afterRefs) if (!beforeRefs.has(k) && beforeMembers.has(k)) fail(`${k} is now referenced directly: ${explain(output, afterMembers.get(k)!, context)}`);
  for (const k of beforeRefs) if (!afterRefs.has(k) && afterMembers.has(k)) note(`${k} is no longer referenced directly, only through other members`);

  const sizes: [string, number, number][] = [
    ["output size", before.sizeKiB, after.sizeKiB],
    ["closure size", before.closureSizeKiB, after.closureSizeKiB],
  ];
  for (const [what, was, now] of sizes) {
    const verdict = judgeSize(was, now, context.tolerance);
    const change = `${what} ${was} KiB → ${now} KiB (${percentChange(was, now)}, tolerance ±${Math.round(context.tolerance.closureGrowth * 100)}%)`;
    if (verdict === "grew") fail(`${change}${what === "closure size" ? growthByMember(before.closure, after.closure) : ""}`);
    else if (verdict === "shrank") note(change);
  }

  const files = [...new Set([...Object.keys(before.elf), ...Object.keys(after.elf)])].sort(compareText);
  for (const file of files) {
    const was = before.elf[file];
    const now = after.elf[file];
    if (was === undefined) fail(`new ELF file ${file}: ${describeElf(now!)}`);
    else if (now === undefined) fail(`ELF file ${file} is gone (was ${describeElf(was)})`);
    else for (const change of elfChanges(was, now)) fail(`${file}: ${change}`);
  }

  const beforePe = before.pe ?? {};
  const afterPe = after.pe ?? {};
  for (const file of [...new Set([...Object.keys(beforePe), ...Object.keys(afterPe)])].sort(compareText)) {
    const was = beforePe[file];
    const now = afterPe[file];
    if (was === undefined) fail(`new PE file ${file}: ${describePe(now!)}`);
    else if (now === undefined) fail(`PE file ${file} is gone (was ${describePe(was)})`);
    else for (const change of peChanges(was, now)) fail(`${file}: ${change}`);
  }

  // Absent only in a format 1 snapshot, which never listed links.
  if (before.symlinks !== undefined) {
    const links = after.symlinks ?? {};
    for (const link of [...new Set([...Object.keys(before.symlinks), ...Object.keys(links)])].sort(compareText)) {
      const was = before.symlinks[link];
      const now = links[link];
      if (was === undefined) fail(`new symlink ${link} -> ${now}`);
      else if (now === undefined) fail(`symlink ${link} is gone (was -> ${was})`);
      else if (was !== now) fail(`${link}: symlink target ${was} → ${now}`);
    }
  }
  return out;
}

/** The chain to a new member, or why there is none (the output was not scanned here). */
function explain(output: string, member: SnapshotMember | SnapshotObject, context: CompareContext): string {
  const outputId = context.outputIds.get(output);
  if (outputId === undefined) return "(no scan of the output to explain it)";
  const id = closureOf(outputId, context.graph).members.find((m) => outputName(m.object) === outputName(member) && m.object.host === member.host)?.object.id;
  const chain = id === undefined ? undefined : why(context.graph, outputId, id);
  return chain === undefined ? "(not reachable in the recorded scans)" : chainSummary(chain);
}

/** Which members account for a closure's growth, biggest first. */
function growthByMember(before: SnapshotMember[], after: SnapshotMember[]): string {
  const was = new Map(before.map((m) => [key(m), m.sizeKiB]));
  const grown = after
    .map((m) => ({ name: key(m), delta: m.sizeKiB - (was.get(key(m)) ?? 0) }))
    .filter((g) => g.delta > 0)
    .sort((a, b) => b.delta - a.delta || compareText(a.name, b.name))
    .slice(0, 3);
  return grown.length === 0 ? "" : `; grown most: ${grown.map((g) => `${g.name} +${g.delta} KiB`).join(", ")}`;
}

function describeElf(elf: SnapshotElf): string {
  return "corrupt" in elf ? `corrupt (${elf.corrupt})` : `${elf.machine} ${elf.class}-bit ${elf.endian}-endian ${elf.type}`;
}

function elfChanges(was: SnapshotElf, now: SnapshotElf): string[] {
  if ("corrupt" in was || "corrupt" in now) return describeElf(was) === describeElf(now) ? [] : [`${describeElf(was)} → ${describeElf(now)}`];
  const show = (v: unknown): string => (Array.isArray(v) ? `[${v.join(", ")}]` : String(v));
  return (["machine", "class", "endian", "type", "interpreter", "needed", "runpath"] as const)
    .filter((field) => show(was[field]) !== show(now[field]))
    .map((field) => `${field} ${show(was[field])} → ${show(now[field])}`);
}

function describePe(pe: SnapshotPe): string {
  return "corrupt" in pe ? `corrupt (${pe.corrupt})` : `${pe.machine} ${pe.format} ${pe.type}`;
}

function peChanges(was: SnapshotPe, now: SnapshotPe): string[] {
  if ("corrupt" in was || "corrupt" in now) return describePe(was) === describePe(now) ? [] : [`${describePe(was)} → ${describePe(now)}`];
  const show = (v: unknown): string => (Array.isArray(v) ? `[${v.join(", ")}]` : String(v));
  return (["machine", "format", "type", "imports"] as const).filter((field) => show(was[field]) !== show(now[field])).map((field) => `${field} ${show(was[field])} → ${show(now[field])}`);
}

export function renderDifference(difference: Difference): string {
  return `${difference.severity === "fail" ? "✗" : "·"} ${difference.output}: ${difference.message}`;
}
