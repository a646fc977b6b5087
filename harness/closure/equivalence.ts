/**
 * Can the cross build be substituted for a native one? The outputs of a package cross-built and
 * built natively (on the host's architecture, under emulation), compared as diffoscope would
 * summarise them: the file lists, each file's bytes, and for ELF files their header facts, sections
 * and symbols; and the two installChecks' results.
 *
 * Identical or explained: the two builds are different derivations, so every store path differs
 * (its hash, and its name: a cross build's carries the host's config). Each store path of either
 * plan is replaced by the label of what it is (`<hello>`, `<zlib.dev>`) before comparing; a file
 * that agrees only after that is *explained*, never a difference. What follows from store paths of
 * other lengths is explained too: an ELF file's build id (a hash of its bytes) and its layout (the
 * addresses of its sections and symbols move, and with them the bytes of code that refers to
 * them), so ELF files are compared by their facts, section sizes and strings, and symbols, not by
 * their code's bytes. Anything else that differs is a difference, shown file by file.
 */
import { lstat, readFile, readdir, readlink } from "node:fs/promises";
import { join } from "node:path";
import { isArArchive, readArArchive, type ArMember } from "./arArchive.ts";
import { inMemory } from "./boundedFile.ts";
import { ELF_MAGIC, readElf, type ElfFacts } from "./elf.ts";
import { readElfTables, type ElfSection, type ElfSymbol, type ElfTables } from "./elfTables.ts";
import { HASH_PART_LENGTH, NIX_BASE32_ALPHABET } from "./storeObject.ts";

/** One output of the package in both builds: its name, and where each build's is on this machine. */
export interface OutputPair {
  name: string;
  cross: string;
  native: string;
}

/** How an installCheck ended, as the emulate room reports it. */
export interface InstallCheckResult {
  status: "passed" | "failed" | "skipped";
  /** How the host's binaries ran (`qemu-aarch64`, `native`), and why it failed or was skipped. */
  runner: string;
  reason: string;
}

export interface EquivalenceInput {
  /** What is compared, for the report's first line: `hello 2.10 for aarch64-unknown-linux-gnu`. */
  subject: string;
  outputs: OutputPair[];
  /** Every store name (`<hash>-<name>`) of both plans, with the label it is replaced by (`hello`, `zlib.dev`). */
  storeNames: { storeName: string; label: string }[];
  installCheck: { cross: InstallCheckResult; native: InstallCheckResult };
}

export interface FileDifference {
  /** `<output>/<path in it>`: `out/bin/hello`; `installCheck` for the checks' results. */
  file: string;
  lines: string[];
}

export interface EquivalenceVerdict {
  ok: boolean;
  /** Files equal byte for byte. */
  identical: number;
  /** Files equal once what differs by design is normalised, with what was. */
  explained: FileDifference[];
  differences: FileDifference[];
  /** The whole comparison as text: the check's log and its attachment. */
  report: string;
}

type Entry = { kind: "file"; executable: boolean; size: number } | { kind: "symlink"; target: string } | { kind: "directory" } | { kind: "other" };

async function listTree(root: string): Promise<Map<string, Entry>> {
  const entries = new Map<string, Entry>();
  const walk = async (relative: string): Promise<void> => {
    for (const name of (await readdir(join(root, relative))).sort()) {
      const path = relative === "" ? name : `${relative}/${name}`;
      const stat = await lstat(join(root, path));
      if (stat.isSymbolicLink()) entries.set(path, { kind: "symlink", target: await readlink(join(root, path)) });
      else if (stat.isFile()) entries.set(path, { kind: "file", executable: (stat.mode & 0o111) !== 0, size: stat.size });
      else if (stat.isDirectory()) {
        entries.set(path, { kind: "directory" });
        await walk(path);
      } else entries.set(path, { kind: "other" });
    }
  };
  await walk("");
  return entries;
}

/** Replaces every store name of either plan by its label; counts what it replaced. */
class StoreNames {
  /** Each output's hash part is its own (storeObject.ts), so it finds the one store name it begins. */
  private readonly byHash: Map<string, { storeName: string; label: string }>;
  private readonly hashPattern = new RegExp(`[${NIX_BASE32_ALPHABET}]{${HASH_PART_LENGTH}}-`, "g");

  /** How much longer one build's store name of a thing is than the other's, at most: a cross build's carries the host's config. */
  readonly lengthDifference: number;

  constructor(storeNames: EquivalenceInput["storeNames"]) {
    this.byHash = new Map(storeNames.map((entry) => [entry.storeName.slice(0, HASH_PART_LENGTH), entry]));
    const lengths = new Map<string, number[]>();
    for (const { storeName, label } of storeNames) lengths.set(label, [...(lengths.get(label) ?? []), storeName.length]);
    this.lengthDifference = Math.max(0, ...[...lengths.values()].map((l) => Math.max(...l) - Math.min(...l)));
  }

  /** The bytes with each store name replaced by `<label>`, and the labels replaced. */
  normalise(bytes: Buffer): { bytes: Buffer; replaced: string[] } {
    const text = bytes.toString("latin1");
    const replaced: string[] = [];
    const parts: string[] = [];
    let last = 0;
    for (const match of text.matchAll(this.hashPattern)) {
      const at = match.index;
      if (at < last) continue;
      const entry = this.byHash.get(match[0].slice(0, HASH_PART_LENGTH));
      if (entry === undefined || !text.startsWith(entry.storeName, at)) continue;
      parts.push(text.slice(last, at), `<${entry.label}>`);
      replaced.push(entry.label);
      last = at + entry.storeName.length;
    }
    if (replaced.length === 0) return { bytes, replaced };
    parts.push(text.slice(last));
    return { bytes: Buffer.from(parts.join(""), "latin1"), replaced };
  }

  normaliseText(text: string): string {
    return this.normalise(Buffer.from(text, "latin1")).bytes.toString("latin1");
  }
}

const isElf = (bytes: Buffer): boolean => bytes.length >= 4 && bytes.subarray(0, 4).equals(ELF_MAGIC);

/** Runs of four or more printable ASCII characters, as `strings` finds them. */
function printableStrings(bytes: Buffer): string[] {
  return [...bytes.toString("latin1").matchAll(/[\x20-\x7e\t]{4,}/g)].map((m) => m[0]);
}

/** What a list holds that another does not, counting repeats: a multiset difference. */
function missingFrom<T>(these: readonly T[], others: readonly T[], key: (t: T) => string): T[] {
  const counts = new Map<string, number>();
  for (const o of others) counts.set(key(o), (counts.get(key(o)) ?? 0) + 1);
  return these.filter((t) => {
    const n = counts.get(key(t)) ?? 0;
    if (n === 0) return true;
    counts.set(key(t), n - 1);
    return false;
  });
}

const quoted = (s: string): string => JSON.stringify(s.length > 100 ? `${s.slice(0, 100)}…` : s);
const sides = (what: string, cross: string | number, native: string | number): string => `${what}: ${cross} cross, ${native} native`;

/**
 * Sections whose bytes are compared by the strings in them (after normalising store names), not
 * byte for byte: their strings sit at offsets that move when a store path's length differs.
 * Code (X) and the address tables below are compared by size only: their bytes are addresses.
 */
const addressTables = new Set([".eh_frame", ".eh_frame_hdr", ".got", ".got.plt", ".data.rel.ro"]);
/** Sections of these types hold addresses, or what the symbols compared below say: compared by size. */
const addressTypes = new Set(["symtab", "dynsym", "rela", "rel", "dynamic", "hash", "gnu_hash", "init_array", "fini_array", "preinit_array"]);
const buildId = ".note.gnu.build-id";
/**
 * `.comment` names each compiler that made the file: `GCC: (Debian 12.2.0-14) 12.2.0`. The cross
 * and the native compiler are different Debian packages of the same gcc, whose revisions can
 * differ (bookworm's cross gcc is 12.2.0-14, its native gcc 12.2.0-14+deb12u1): the revision is
 * set aside, the upstream version after it is not.
 */
const compilerComment = ".comment";
const debianRevision = /\(Debian [^)\0]*\)/g;

interface ElfView {
  facts: ElfFacts;
  tables: ElfTables;
}

async function readElfView(bytes: Buffer): Promise<ElfView | string> {
  const facts = await readElf(inMemory(bytes), bytes.length);
  if ("corrupt" in facts) return facts.corrupt;
  const tables = await readElfTables(inMemory(bytes), bytes.length);
  if ("corrupt" in tables) return tables.corrupt;
  return { facts, tables };
}

/** How two ELF files differ, once normalised; and what was normalised. */
function compareElf(cross: ElfView, native: ElfView, names: StoreNames): { lines: string[]; why: Set<string> } {
  const lines: string[] = [];
  const why = new Set<string>();
  const fact = (what: string, c: string, n: string) => {
    const cn = names.normaliseText(c);
    const nn = names.normaliseText(n);
    if (cn !== nn) lines.push(sides(what, quoted(cn), quoted(nn)));
    else if (c !== n) why.add("store paths");
  };
  fact("machine", cross.facts.machine, native.facts.machine);
  fact("class", `ELF${cross.facts.elfClass}`, `ELF${native.facts.elfClass}`);
  fact("type", cross.facts.type, native.facts.type);
  fact("interpreter", cross.facts.interpreter ?? "none", native.facts.interpreter ?? "none");
  fact("NEEDED", cross.facts.needed.join(" "), native.facts.needed.join(" "));
  fact("RUNPATH", cross.facts.runpath.join(":"), native.facts.runpath.join(":"));

  const bySection = (tables: ElfTables) => new Map(tables.sections.map((s) => [s.name, s]));
  const crossSections = bySection(cross.tables);
  const nativeSections = bySection(native.tables);
  for (const s of cross.tables.sections) if (!nativeSections.has(s.name)) lines.push(`section ${s.name} (${s.size} bytes) only in cross`);
  for (const s of native.tables.sections) if (!crossSections.has(s.name)) lines.push(`section ${s.name} (${s.size} bytes) only in native`);
  const codeSizes: CodeSize[] = [];
  for (const c of cross.tables.sections) {
    const n = nativeSections.get(c.name);
    if (n !== undefined) lines.push(...compareSection(c, n, names, why, codeSizes));
  }

  const key = (s: ElfSymbol) => `${s.table} ${s.name} ${s.type} ${s.bind} ${s.section} ${s.size}`;
  const describe = (s: ElfSymbol) => `symbol ${s.name} (${s.bind} ${s.type}, ${s.section}, ${s.size} bytes, ${s.table})`;
  const onlyCross = missingFrom(cross.tables.symbols, native.tables.symbols, key);
  const onlyNative = missingFrom(native.tables.symbols, cross.tables.symbols, key);
  // The same symbol on both sides with another size is one difference, not two.
  const sameName = (a: ElfSymbol, b: ElfSymbol) => a.table === b.table && a.name === b.name && a.type === b.type && a.section === b.section;
  /** Per code section, how much its functions' explained growth (and their alignment) may change its size. */
  const inlinedGrowth = new Map<string, number>();
  for (const c of onlyCross) {
    const at = onlyNative.findIndex((n) => sameName(c, n));
    if (at >= 0) {
      const [n] = onlyNative.splice(at, 1);
      // A variable that holds a store path (a string, a table of them) is as long as the path.
      if (c.bind === n!.bind && sameOnceNormalised(symbolBytes(c, cross), symbolBytes(n!, native), names)) {
        why.add("store paths");
        continue;
      }
      // Code that copies a store path inline (a memcpy of constant length) grows with the path:
      // explained in a file that holds store paths, by no more than their lengths differ.
      if (c.type === "func" && why.has("store paths") && Math.abs(c.size - n!.size) <= names.lengthDifference) {
        why.add("inlined store paths");
        // Counted once: an exported function is in .dynsym too.
        if (c.table === ".symtab" || !cross.tables.symbols.some((s) => s.table === ".symtab")) {
          // What follows a longer function may start after padding, to its section's alignment at most.
          const alignment = crossSections.get(c.section)?.alignment ?? 0;
          inlinedGrowth.set(c.section, (inlinedGrowth.get(c.section) ?? 0) + Math.abs(c.size - n!.size) + alignment);
        }
        continue;
      }
      lines.push(sides(`symbol ${c.name} (${c.type}, ${c.section})`, `${c.bind} ${c.size} bytes`, `${n!.bind} ${n!.size} bytes`));
    } else lines.push(`${describe(c)} only in cross`);
  }
  for (const n of onlyNative) lines.push(`${describe(n)} only in native`);
  for (const s of codeSizes) {
    if (Math.abs(s.cross - s.native) <= (inlinedGrowth.get(s.name) ?? 0)) continue;
    lines.push(sides(`section ${s.name}`, `${s.cross} bytes`, `${s.native} bytes`));
  }
  // Bytes of code that moved are explained by store paths of other lengths; without any, they are a difference.
  if (!why.has("store paths") && why.has("layout")) {
    why.delete("layout");
    lines.push("code or address tables differ in their bytes (not in size), and no store path explains it");
  }
  return { lines, why };
}

/** The bytes a defined symbol covers in its section, when the file holds them: its value is an address, in an object file an offset in the section. */
function symbolBytes(symbol: ElfSymbol, view: ElfView): Buffer | null {
  const section = view.tables.sections.find((s) => s.name === symbol.section);
  if (section?.contents == null) return null;
  const start = view.facts.type === "relocatable" ? symbol.value : symbol.value - section.address;
  if (start < 0 || start + symbol.size > section.contents.length) return null;
  return section.contents.subarray(start, start + symbol.size);
}

function sameOnceNormalised(a: Buffer | null, b: Buffer | null, names: StoreNames): boolean {
  if (a === null || b === null) return false;
  const na = names.normalise(a);
  const nb = names.normalise(b);
  return (na.replaced.length > 0 || nb.replaced.length > 0) && na.bytes.equals(nb.bytes);
}

/** A code section's size in both builds, decided once the symbols say what explains it. */
interface CodeSize {
  name: string;
  cross: number;
  native: number;
}

function compareSection(c: ElfSection, n: ElfSection, names: StoreNames, why: Set<string>, codeSizes: CodeSize[]): string[] {
  const lines: string[] = [];
  if (c.type !== n.type) lines.push(sides(`section ${c.name}: type`, c.type, n.type));
  if (c.flags !== n.flags) lines.push(sides(`section ${c.name}: flags`, c.flags || "none", n.flags || "none"));
  if (c.name === buildId) {
    // A hash of the file's bytes, which hold the store paths: differs whenever they do.
    if (c.contents !== null && n.contents !== null && !c.contents.equals(n.contents)) why.add("build id");
    return lines;
  }
  if (c.contents === null || n.contents === null) {
    if (c.size !== n.size) lines.push(sides(`section ${c.name}`, `${c.size} bytes`, `${n.size} bytes`));
    return lines;
  }
  if (c.name === compilerComment) {
    const strip = (b: Buffer) => b.toString("latin1").replace(debianRevision, "(Debian)");
    if (!c.contents.equals(n.contents) && strip(c.contents) === strip(n.contents)) {
      why.add("compiler revision");
      return lines;
    }
  }
  const cn = names.normalise(c.contents);
  const nn = names.normalise(n.contents);
  const holdsPaths = cn.replaced.length > 0 || nn.replaced.length > 0;
  if (holdsPaths) why.add("store paths");
  if (!holdsPaths && c.size !== n.size) {
    if (c.flags.includes("X")) codeSizes.push({ name: c.name, cross: c.size, native: n.size });
    else lines.push(sides(`section ${c.name}`, `${c.size} bytes`, `${n.size} bytes`));
  }
  const code = c.flags.includes("X") || addressTables.has(c.name) || addressTypes.has(c.type);
  if (code) {
    if (!c.contents.equals(n.contents)) why.add("layout");
    return lines;
  }
  if (cn.bytes.equals(nn.bytes)) return lines;
  const cs = printableStrings(cn.bytes);
  const ns = printableStrings(nn.bytes);
  const onlyCross = missingFrom(cs, ns, (s) => s);
  const onlyNative = missingFrom(ns, cs, (s) => s);
  for (const s of onlyCross) lines.push(`section ${c.name}: string ${quoted(s)} only in cross`);
  for (const s of onlyNative) lines.push(`section ${c.name}: string ${quoted(s)} only in native`);
  if (onlyCross.length === 0 && onlyNative.length === 0) {
    // The same strings: what differs is where they sit (or bytes between them, which hold no string).
    if (holdsPaths) why.add("layout");
    else if (c.size === n.size) lines.push(`section ${c.name}: ${c.size} bytes differ, holding the same strings`);
  }
  return lines;
}

/** The first line where two texts differ, or null when they hold no text (a NUL in them). */
function firstDifferingLine(cross: Buffer, native: Buffer): string | null {
  if (cross.includes(0) || native.includes(0)) return null;
  const c = cross.toString("utf8").split("\n");
  const n = native.toString("utf8").split("\n");
  for (let i = 0; i < Math.max(c.length, n.length); i++) {
    if (c[i] !== n[i]) return `line ${i + 1}: ${c[i] === undefined ? "absent" : quoted(c[i]!)} cross, ${n[i] === undefined ? "absent" : quoted(n[i]!)} native`;
  }
  return null;
}

type Compared = { lines: string[]; why: Set<string> } | "identical";

/**
 * A static library member by member (its own bytes hold the members' offsets and sizes, which
 * move with any of them); each member as a file of its own, its differences under its name.
 */
async function compareArchives(cross: Buffer, native: Buffer, names: StoreNames): Promise<Compared> {
  const c = readArArchive(cross);
  const n = readArArchive(native);
  if ("corrupt" in c || "corrupt" in n) return { lines: ["corrupt" in c ? `cross: corrupt archive: ${c.corrupt}` : `native: corrupt archive: ${(n as { corrupt: string }).corrupt}`], why: new Set() };
  const lines: string[] = [];
  const why = new Set<string>();
  const key = (m: ArMember) => m.name;
  for (const m of missingFrom(c, n, key)) lines.push(`member ${m.name} (${m.bytes.length} bytes) only in cross`);
  for (const m of missingFrom(n, c, key)) lines.push(`member ${m.name} (${m.bytes.length} bytes) only in native`);
  const natives = new Map(n.map((m) => [m.name, m]));
  for (const member of c) {
    const other = natives.get(member.name);
    if (other === undefined) continue;
    const compared = await compareBytes(member.bytes, other.bytes, names);
    if (compared === "identical") continue;
    lines.push(...compared.lines.map((l) => `member ${member.name}: ${l}`));
    for (const w of compared.why) why.add(w);
  }
  // Members that agree leave only the index and the headers, which hold their offsets and sizes.
  if (lines.length === 0) why.add("archive index");
  return { lines, why };
}

async function compareBytes(cross: Buffer, native: Buffer, names: StoreNames): Promise<Compared> {
  if (cross.equals(native)) return "identical";
  if (isArArchive(cross) && isArArchive(native)) return compareArchives(cross, native, names);
  if (isElf(cross) && isElf(native)) {
    const [c, n] = await Promise.all([readElfView(cross), readElfView(native)]);
    if (typeof c === "string" || typeof n === "string") {
      return { lines: [typeof c === "string" ? `cross: corrupt ELF: ${c}` : `native: corrupt ELF: ${n as string}`], why: new Set() };
    }
    const compared = compareElf(c, n, names);
    if (compared.lines.length === 0 && compared.why.size === 0) compared.lines.push("bytes differ where the headers, sections and symbols agree");
    if (compared.lines.length > 0) compared.lines.unshift(sides("size", `${cross.length} bytes`, `${native.length} bytes`));
    return compared;
  }
  const cn = names.normalise(cross);
  const nn = names.normalise(native);
  if (cn.bytes.equals(nn.bytes)) return { lines: [], why: new Set(["store paths"]) };
  const line = firstDifferingLine(cn.bytes, nn.bytes);
  return { lines: [sides("contents differ", `${cross.length} bytes`, `${native.length} bytes`), ...(line === null ? [] : [line])], why: new Set() };
}

async function compareFile(crossPath: string, nativePath: string, names: StoreNames): Promise<Compared> {
  const [cross, native] = await Promise.all([readFile(crossPath), readFile(nativePath)]);
  return compareBytes(cross, native, names);
}

const explanations: Record<string, string> = {
  "store paths": "store paths (each build's own, replaced by what they are)",
  "build id": "build id (a hash of the file, whose store paths differ)",
  layout: "layout (addresses move with the store paths' lengths: code and address tables compared by size)",
  "inlined store paths": "inlined store paths (functions that copy a store path inline are as much longer as the path, at most)",
  "archive index": "archive index (the members' offsets and sizes, in the index and their headers)",
  "compiler revision": "compiler revision (.comment: the cross and native gcc are Debian packages of other revisions)",
};

/** Compares the outputs of the two builds and their installChecks, every difference by file. */
export async function compareBuilds(input: EquivalenceInput): Promise<EquivalenceVerdict> {
  const names = new StoreNames(input.storeNames);
  const differences: FileDifference[] = [];
  const explained: FileDifference[] = [];
  let identical = 0;
  let files = 0;

  const { cross: ci, native: ni } = input.installCheck;
  if (ci.status !== ni.status) {
    const how = (r: InstallCheckResult) => `${r.status}${r.reason !== "" ? ` (${r.reason})` : ""}`;
    differences.push({ file: "installCheck", lines: [sides("installCheck", how(ci), how(ni))] });
  }

  for (const output of input.outputs) {
    const [cross, native] = await Promise.all([listTree(output.cross), listTree(output.native)]);
    for (const path of [...new Set([...cross.keys(), ...native.keys()])].sort()) {
      const file = `${output.name}/${path}`;
      const c = cross.get(path);
      const n = native.get(path);
      if (c?.kind !== "directory" && n?.kind !== "directory") files++;
      if (c === undefined || n === undefined) {
        const entry = (c ?? n)!;
        differences.push({ file, lines: [`${entry.kind === "directory" ? "directory" : entry.kind === "symlink" ? `link to ${entry.target}` : entry.kind === "file" ? `${entry.size} bytes` : "special file"} only in ${c === undefined ? "native" : "cross"}`] });
        continue;
      }
      if (c.kind !== n.kind) {
        differences.push({ file, lines: [sides("kind", c.kind, n.kind)] });
        continue;
      }
      if (c.kind === "directory" || c.kind === "other") continue;
      if (c.kind === "symlink" && n.kind === "symlink") {
        if (c.target === n.target) identical++;
        else if (names.normaliseText(c.target) === names.normaliseText(n.target)) explained.push({ file, lines: [explanations["store paths"]!] });
        else differences.push({ file, lines: [sides("link target", quoted(c.target), quoted(n.target))] });
        continue;
      }
      if (c.kind !== "file" || n.kind !== "file") continue;
      const lines: string[] = [];
      if (c.executable !== n.executable) lines.push(sides("executable", c.executable ? "yes" : "no", n.executable ? "yes" : "no"));
      const compared = await compareFile(join(output.cross, path), join(output.native, path), names);
      if (compared === "identical" && lines.length === 0) identical++;
      else if (compared !== "identical" && compared.lines.length > 0) differences.push({ file, lines: [...lines, ...compared.lines] });
      else if (lines.length > 0) differences.push({ file, lines });
      else if (compared !== "identical") explained.push({ file, lines: Object.keys(explanations).filter((w) => compared.why.has(w)).map((w) => explanations[w]!) });
    }
  }

  const report = renderReport(input, { files, identical, explained, differences });
  return { ok: differences.length === 0, identical, explained, differences, report };
}

/** Lines shown per file in the report; the rest are counted. */
const maxLinesPerFile = 40;

function renderReport(input: EquivalenceInput, v: { files: number; identical: number; explained: FileDifference[]; differences: FileDifference[] }): string {
  const { cross, native } = input.installCheck;
  const check = (r: InstallCheckResult) => `${r.status}${r.status === "skipped" ? ` (${r.reason})` : ` (${r.runner})`}`;
  const differing = v.differences.filter((d) => d.file !== "installCheck").length;
  const out = [
    `equivalence of ${input.subject}: the cross build against the native one`,
    `installCheck: cross ${check(cross)}, native ${check(native)}`,
    `${v.files} ${v.files === 1 ? "file" : "files"}: ${v.identical} identical, ${v.explained.length} explained, ${differing} differ`,
  ];
  if (v.differences.length > 0) {
    out.push("", "differences:");
    for (const d of v.differences) {
      out.push(`  ✗ ${d.file}`, ...d.lines.slice(0, maxLinesPerFile).map((l) => `      ${l}`));
      if (d.lines.length > maxLinesPerFile) out.push(`      … ${d.lines.length - maxLinesPerFile} more`);
    }
  }
  if (v.explained.length > 0) {
    out.push("", "explained (equal once normalised):");
    for (const e of v.explained) out.push(`  ≈ ${e.file}: ${e.lines.join("; ")}`);
  }
  return `${out.join("\n")}\n`;
}
