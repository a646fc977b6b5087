import { lstat, open, readdir, readlink } from "node:fs/promises";
import { basename, join } from "node:path";
import { PathScanner, type PathHit } from "./buildMachinePaths.ts";
import { ELF_MAGIC, readElf, type ElfCorrupt, type ElfFacts } from "./elf.ts";
import { HashScanner, type HashHits } from "./hashScanner.ts";
import { readWasm, WASM_MAGIC, type WasmCorrupt, type WasmFacts } from "./wasm.ts";
import { MZ_MAGIC, readPe, type PeCorrupt, type PeFacts } from "./pe.ts";
import { resolveLink, type LinkEnd, type Reachable, type StoreLocation } from "./linkResolution.ts";
import { storePath, type StoreObject } from "./storeObject.ts";

/** One reference found in one file. */
export interface FileReference extends HashHits {
  /** The referenced derivation's id (hash part). */
  id: string;
}

/** What was found in one file of an output; files with nothing to say are not listed. */
export interface FileScan {
  /** Relative to the output's root, with `/` separators. */
  path: string;
  size: number;
  references: FileReference[];
  buildMachinePaths: PathHit[];
  elf?: ElfFacts | ElfCorrupt;
  /** A file that starts like a WebAssembly binary: its header. */
  wasm?: WasmFacts | WasmCorrupt;
  pe?: PeFacts | PeCorrupt;
}

/** One symlink of an output: its target as written, and where it leads in the store. */
export interface SymlinkScan {
  /** Relative to the output's root, with `/` separators. */
  path: string;
  target: string;
  end: LinkEnd;
}

/** The recorded scan of one derivation output: self-contained, so it can be read back alone. */
export interface OutputScan {
  object: StoreObject;
  /** Every derivation this output refers to directly, by id order. */
  references: StoreObject[];
  /** The first file (in path order) holding the output's own hash part, and where: Nix counts a
   * self-reference among the references, so `allowedReferences` without `"out"` forbids it.
   * Absent when no file does, and in records made before self-references were recorded (only of
   * derivations that set no output checks: setting one changes the id). */
  selfReference?: { file: string; offset: number };
  fileCount: number;
  totalBytes: number;
  /** Files that hold references, build machine paths, or are ELF, PE or wasm; sorted by path. */
  files: FileScan[];
  /** The build machine paths that were searched for. */
  searchedPaths: string[];
  /** Every symlink of the output, by path. Absent in records made before links were scanned:
   * realize scans such an output again before a cell reads its record. */
  symlinks?: SymlinkScan[];
  /** The executable formats whose facts the scan read. Absent in records made before PE files
   * or wasm files were read: realize scans such an output again, as for `symlinks`. */
  executableFormats?: ExecutableFormat[];
}

/** The executable formats a scan reads the facts of (elf.ts, pe.ts, wasm.ts). */
export const executableFormats = ["elf", "pe", "wasm"] as const;
export type ExecutableFormat = (typeof executableFormats)[number];

export interface ScanRequest {
  object: StoreObject;
  /** The directory holding what was installed into the object's store path. */
  directory: string;
  /** Every derivation of the plan: the store paths this output could refer to. */
  candidates: readonly StoreObject[];
  /** The store paths the build had besides its own (its requisites), where they are here: its
   * links may lead into them. Without them, a link may lead only into the output itself. */
  dependencies?: readonly StoreLocation[];
  /** Absolute paths of the build machine to look for, from `buildMachinePaths`. */
  buildMachinePaths: readonly string[];
}

const CHUNK_BYTES = 1 << 20;
/** Small files dominate real outputs; a few reads in flight hide the per-file latency. */
const FILES_IN_FLIGHT = 8;

/** Scans every file of an output for references, build machine paths and ELF and PE facts, and resolves its symlinks. */
export async function scanOutput(request: ScanRequest): Promise<OutputScan> {
  const byId = new Map(request.candidates.filter((c) => c.id !== request.object.id).map((c) => [c.id, c]));
  const self = request.object.id;
  const hashes = new Set([...byId.keys(), self]);
  const reachable: Reachable = new Map([{ object: request.object, directory: request.directory }, ...(request.dependencies ?? [])].map((l) => [basename(storePath(l.object)), l]));
  const entries = await listFiles(request.directory);
  const resolve = async ({ path, target }: Entry & { target: string }): Promise<SymlinkScan> => ({ path, target, end: await resolveLink(reachable, `${storePath(request.object)}/${path}`, target) });
  const symlinks = await Promise.all(entries.filter((e): e is Entry & { target: string } => e.target !== undefined).map(resolve));
  const scans: (FileScan | undefined)[] = new Array(entries.length);
  const selfOffsets: (number | undefined)[] = new Array(entries.length);
  let next = 0;
  let totalBytes = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < entries.length; i = next++) {
      const entry = entries[i]!;
      const scan = await scanFile(entry, hashes, request.buildMachinePaths);
      // A file's references are to other derivations; its own hash part is only remembered.
      selfOffsets[i] = scan.references.find((r) => r.id === self)?.offsets[0];
      scan.references = scan.references.filter((r) => r.id !== self);
      totalBytes += scan.size;
      if (scan.references.length > 0 || scan.buildMachinePaths.length > 0 || scan.elf !== undefined || scan.wasm !== undefined || scan.pe !== undefined) scans[i] = scan;
    }
  };
  await Promise.all(Array.from({ length: FILES_IN_FLIGHT }, worker));
  const files = scans.filter((s): s is FileScan => s !== undefined);
  const referenced = new Set(files.flatMap((f) => f.references.map((r) => r.id)));
  const selfAt = selfOffsets.findIndex((offset) => offset !== undefined);
  return {
    object: request.object,
    references: [...referenced].sort().map((id) => byId.get(id)!),
    ...(selfAt < 0 ? {} : { selfReference: { file: entries[selfAt]!.path, offset: selfOffsets[selfAt]! } }),
    fileCount: entries.length,
    totalBytes,
    files,
    searchedPaths: [...request.buildMachinePaths],
    symlinks,
    executableFormats: [...executableFormats],
  };
}

interface Entry {
  absolute: string;
  path: string;
  /** A symlink's target, as written. */
  target?: string;
}

/** Regular files and symlinks below a directory, sorted, so scans are deterministic. */
async function listFiles(root: string): Promise<Entry[]> {
  // readdir would follow it, to wherever it points on this machine.
  if ((await lstat(root)).isSymbolicLink()) throw new Error(`${root} is a symlink, not an output directory: not scanned`);
  const found: Entry[] = [];
  const walk = async (directory: string, prefix: string): Promise<void> => {
    const children = (await readdir(directory, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const child of children) {
      const absolute = join(directory, child.name);
      const path = prefix === "" ? child.name : `${prefix}/${child.name}`;
      if (child.isDirectory()) await walk(absolute, path);
      else if (child.isFile()) found.push({ absolute, path });
      else if (child.isSymbolicLink()) found.push({ absolute, path, target: await readlink(absolute) });
    }
  };
  await walk(root, "");
  return found;
}

async function scanFile(entry: Entry, hashes: ReadonlySet<string>, paths: readonly string[]): Promise<FileScan> {
  const hashScanner = new HashScanner(hashes);
  const pathScanner = new PathScanner(paths);
  let size: number;
  let elf: ElfFacts | ElfCorrupt | undefined;
  let wasm: WasmFacts | WasmCorrupt | undefined;
  let pe: PeFacts | PeCorrupt | undefined;
  if (entry.target !== undefined) {
    // A symlink's target is its content, as in a NAR: a link into another store path is a
    // reference. Where it leads is the link check's to judge (symlinkChecks.ts), a build machine
    // path included, so it is not searched for one here.
    const target = Buffer.from(entry.target, "utf8");
    hashScanner.push(target);
    size = target.length;
  } else {
    const handle = await open(entry.absolute, "r");
    try {
      size = (await handle.stat()).size;
      const buffer = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, Math.max(size, 1)));
      for (let position = 0; ; ) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
        if (bytesRead === 0) break;
        const chunk = buffer.subarray(0, bytesRead);
        if (position === 0 && bytesRead >= 4 && chunk.subarray(0, 4).equals(ELF_MAGIC)) elf = await readElf(handle, size);
        if (position === 0 && bytesRead >= 4 && chunk.subarray(0, 4).equals(WASM_MAGIC)) wasm = readWasm(chunk.subarray(0, 8));
        if (position === 0 && chunk.subarray(0, 2).equals(MZ_MAGIC)) pe = await readPe(handle, size);
        hashScanner.push(chunk);
        pathScanner.push(chunk);
        position += bytesRead;
      }
    } finally {
      await handle.close();
    }
  }
  const references = [...hashScanner.result()].map(([id, hits]) => ({ id, ...hits })).sort((a, b) => (a.id < b.id ? -1 : 1));
  return { path: entry.path, size, references, buildMachinePaths: pathScanner.finish(), ...(elf === undefined ? {} : { elf }), ...(wasm === undefined ? {} : { wasm }), ...(pe === undefined ? {} : { pe }) };
}

