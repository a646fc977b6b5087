import { posix } from "node:path";
import { closureOf, compareText, type ScanGraph } from "./closure.ts";
import type { ElfFacts } from "./elf.ts";
import type { PeFacts } from "./pe.ts";
import type { OutputScan, SymlinkScan } from "./scanOutput.ts";
import { outputName, STORE_DIR, storePath, type StoreObject } from "./storeObject.ts";

/** Bumped when the layout changes, so an old file is reported rather than misread. */
export const SNAPSHOT_FORMAT = 2;

/** The formats still read: format 1 is format 2 before snapshots listed symlinks (compare.ts
 * compares it without them), so committed snapshots stay valid until they are next updated. */
export const READABLE_FORMATS = [1, SNAPSHOT_FORMAT] as const;

/** A derivation as a reviewer names it: no hash, which changes with every toolchain update. */
export interface SnapshotObject {
  pname: string;
  /** Which output, when not the default one (`dev`). */
  output?: string;
  version: string;
  host: string;
}

export interface SnapshotMember extends SnapshotObject {
  sizeKiB: number;
}

/** ELF facts with store paths written as `<pname>`, or why the file could not be read. */
export type SnapshotElf =
  | { machine: string; class: 32 | 64; endian: "little" | "big"; type: string; interpreter: string | null; needed: string[]; runpath: string[] }
  | { corrupt: string };

/** PE facts (a Windows executable or DLL), its imports as NEEDED is for ELF, or why the file could not be read. */
export type SnapshotPe = PeFacts | { corrupt: string };

export interface OutputSnapshot {
  version: string;
  host: string;
  sizeKiB: number;
  closureSizeKiB: number;
  references: SnapshotObject[];
  closure: SnapshotMember[];
  /** By file path relative to the output. */
  elf: Record<string, SnapshotElf>;
  /** By file path relative to the output; only in an output that has PE files. */
  pe?: Record<string, SnapshotPe>;
  /** Each symlink's target by its path relative to the output, as `linkTarget` writes it.
   * Absent only in format 1. */
  symlinks?: Record<string, string>;
}

export interface CellSnapshot {
  format: (typeof READABLE_FORMATS)[number];
  /** `<matrix>/<cell-id>`. */
  cell: string;
  host: string;
  /** By output name: the pname for a default output, `pname.dev` for another (storeObject.ts's outputName). */
  outputs: Record<string, OutputSnapshot>;
}

/** Sizes are kept in KiB: bytes would change with every timestamp a linker embeds. */
export function toKiB(bytes: number): number {
  return Math.round(bytes / 1024);
}

const storePathPattern = new RegExp(`${STORE_DIR}/([0-9a-z]{32})-[^/:\\s]*`, "g");

/** Replaces store paths by `<pname>`, so RUNPATHs and interpreters stay put across rebuilds. */
export function withPlaceholders(text: string, known: ReadonlyMap<string, StoreObject>): string {
  return text.replace(storePathPattern, (_, id: string) => { const o = known.get(id); return `<${o === undefined ? "unknown-store-path" : outputName(o)}>`; });
}

function objectOf(o: StoreObject): SnapshotObject {
  return { pname: o.pname, ...(o.output === undefined ? {} : { output: o.output }), version: o.version, host: o.host };
}

function elfOf(elf: ElfFacts | { corrupt: string }, known: ReadonlyMap<string, StoreObject>): SnapshotElf {
  if ("corrupt" in elf) return { corrupt: elf.corrupt };
  return {
    machine: elf.machine,
    class: elf.elfClass,
    endian: elf.endian,
    type: elf.type,
    interpreter: elf.interpreter === null ? null : withPlaceholders(elf.interpreter, known),
    needed: elf.needed.map((n) => withPlaceholders(n, known)),
    runpath: elf.runpath.map((p) => withPlaceholders(p, known)),
  };
}

/**
 * A link's target as a snapshot shows it: as written when it is relative and stays inside the
 * output (`libz.so.1.2.13`); else the absolute path it names, store paths as `<pname>`
 * (`<zlib>/lib/libz.so.1`, `/etc/shadow`), so a rebuild with new hashes changes no line.
 */
function linkTarget(output: StoreObject, link: SymlinkScan, known: ReadonlyMap<string, StoreObject>): string {
  const root = storePath(output);
  const absolute = posix.resolve(posix.dirname(`${root}/${link.path}`), link.target);
  const inside = absolute === root || absolute.startsWith(`${root}/`);
  return inside && !link.target.startsWith("/") ? link.target : withPlaceholders(absolute, known);
}

/** What a reviewer cares about for one output: stable names, rounded sizes, ELF and PE facts, links. */
export function snapshotOutput(outputId: string, graph: ScanGraph): OutputSnapshot {
  const scan: OutputScan | undefined = graph.get(outputId);
  if (scan === undefined) throw new Error(`no scan for output ${outputId}`);
  const closure = closureOf(outputId, graph);
  const known = new Map<string, StoreObject>([[scan.object.id, scan.object], ...closure.members.map((m): [string, StoreObject] => [m.object.id, m.object])]);
  const elf: Record<string, SnapshotElf> = {};
  for (const file of scan.files) if (file.elf !== undefined) elf[file.path] = elfOf(file.elf, known);
  const pe = Object.fromEntries(scan.files.flatMap((file) => (file.pe === undefined ? [] : [[file.path, "corrupt" in file.pe ? { corrupt: file.pe.corrupt } : { ...file.pe, imports: [...file.pe.imports] }]])));
  const symlinks = Object.fromEntries((scan.symlinks ?? []).map((link) => [link.path, linkTarget(scan.object, link, known)]));
  return {
    version: scan.object.version,
    host: scan.object.host,
    sizeKiB: toKiB(scan.totalBytes),
    closureSizeKiB: toKiB(closure.totalBytes),
    references: closure.members.filter((m) => scan.references.some((r) => r.id === m.object.id)).map((m) => objectOf(m.object)),
    closure: closure.members.map((m) => ({ ...objectOf(m.object), sizeKiB: toKiB(m.totalBytes) })),
    elf,
    ...(Object.keys(pe).length === 0 ? {} : { pe }),
    symlinks,
  };
}

export function snapshotCell(cell: string, host: string, outputIds: readonly string[], graph: ScanGraph): CellSnapshot {
  const outputs: Record<string, OutputSnapshot> = {};
  for (const id of outputIds) {
    const object = graph.get(id)?.object;
    if (object === undefined) throw new Error(`no scan for output ${id}`);
    const name = outputName(object);
    if (name in outputs) throw new Error(`cell ${cell} has two outputs named ${name}; snapshots key outputs by name`);
    outputs[name] = snapshotOutput(id, graph);
  }
  return { format: SNAPSHOT_FORMAT, cell, host, outputs: Object.fromEntries(Object.entries(outputs).sort(([a], [b]) => compareText(a, b))) };
}
