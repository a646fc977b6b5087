import { type Endian, machineName } from "./elfMachine.ts";
import { BoundedFile, Corrupt, type ByteSource } from "./boundedFile.ts";

/** What a reviewer wants to know about one ELF file. */
export interface ElfFacts {
  machine: string;
  elfClass: 32 | 64;
  endian: Endian;
  /** ET_EXEC, ET_DYN, ... as a word: `executable`, `shared`, `relocatable`, `core`, `other`. */
  type: string;
  interpreter: string | null;
  needed: string[];
  /** DT_RUNPATH, or DT_RPATH when there is no RUNPATH, split at `:`. */
  runpath: string[];
}

/** An ELF file that could not be read to the end of what we need. */
export interface ElfCorrupt {
  corrupt: string;
}

export const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);

const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const PT_INTERP = 3;
const DT_NULL = 0n;
const DT_NEEDED = 1n;
const DT_STRTAB = 5n;
const DT_STRSZ = 10n;
const DT_RPATH = 15n;
const DT_RUNPATH = 29n;

/** Caps that keep a hostile or broken header from making us allocate gigabytes. */
const MAX_PROGRAM_HEADERS = 4096;
const MAX_DYNAMIC_BYTES = 1 << 20;
const MAX_STRING_BYTES = 4096;

const typeNames: Record<number, string> = { 1: "relocatable", 2: "executable", 3: "shared", 4: "core" };

/** Bounded reads of an ELF file, with its byte order and word size. */
export class ElfReader extends BoundedFile {
  constructor(
    handle: ByteSource,
    size: number,
    readonly endian: Endian,
    readonly is64: boolean,
  ) {
    super(handle, size);
  }

  u16(b: Buffer, at: number): number {
    return this.endian === "little" ? b.readUInt16LE(at) : b.readUInt16BE(at);
  }

  u32(b: Buffer, at: number): number {
    return this.endian === "little" ? b.readUInt32LE(at) : b.readUInt32BE(at);
  }

  /** A word: 4 bytes in ELF32, 8 in ELF64. */
  word(b: Buffer, at: number): bigint {
    if (!this.is64) return BigInt(this.u32(b, at));
    return this.endian === "little" ? b.readBigUInt64LE(at) : b.readBigUInt64BE(at);
  }

  /** A word that must be a usable file offset or size. */
  offset(b: Buffer, at: number, what: string): number {
    const value = this.word(b, at);
    if (value > BigInt(this.size)) throw new Corrupt(`${what} ${value} exceeds the file size ${this.size}`);
    return Number(value);
  }
}

interface Segment {
  type: number;
  offset: number;
  vaddr: bigint;
  filesz: number;
}

/**
 * Reads machine, class, endianness, interpreter, NEEDED and RUNPATH of an ELF file through
 * its program headers, the view the dynamic loader has (sections may be stripped). Never
 * throws for a malformed file: that is a fact about the output, recorded as corrupt.
 */
export async function readElf(handle: ByteSource, size: number): Promise<ElfFacts | ElfCorrupt> {
  try {
    return await parse(handle, size);
  } catch (error) {
    if (error instanceof Corrupt) return { corrupt: error.message };
    throw error;
  }
}

/** A reader of the file with the byte order and word size its identification says; throws Corrupt. */
export async function elfReader(handle: ByteSource, size: number): Promise<ElfReader> {
  const ident = await new ElfReader(handle, size, "little", false).bytes(0, 16, "ELF identification");
  if (!ident.subarray(0, 4).equals(ELF_MAGIC)) throw new Corrupt("no ELF magic");
  const elfClass = ident[4] === 1 ? 32 : ident[4] === 2 ? 64 : undefined;
  const endian = ident[5] === 1 ? "little" : ident[5] === 2 ? "big" : undefined;
  if (elfClass === undefined) throw new Corrupt(`unknown ELF class ${ident[4]}`);
  if (endian === undefined) throw new Corrupt(`unknown ELF data encoding ${ident[5]}`);
  return new ElfReader(handle, size, endian, elfClass === 64);
}

async function parse(handle: ByteSource, size: number): Promise<ElfFacts> {
  const r = await elfReader(handle, size);
  const elfClass = r.is64 ? 64 : 32;
  const endian = r.endian;
  const header = await r.bytes(0, elfClass === 64 ? 64 : 52, "ELF header");
  const type = r.u16(header, 16);
  const machine = machineName(r.u16(header, 18));
  const phoff = r.offset(header, elfClass === 64 ? 32 : 28, "e_phoff");
  const phentsize = r.u16(header, elfClass === 64 ? 54 : 42);
  const phnum = r.u16(header, elfClass === 64 ? 56 : 44);
  const facts: ElfFacts = { machine, elfClass, endian, type: typeNames[type] ?? "other", interpreter: null, needed: [], runpath: [] };
  if (phnum === 0) return facts;
  if (phnum > MAX_PROGRAM_HEADERS) throw new Corrupt(`${phnum} program headers`);
  if (phentsize < (elfClass === 64 ? 56 : 32)) throw new Corrupt(`program header size ${phentsize} too small`);
  const table = await r.bytes(phoff, phentsize * phnum, "program header table");
  const segments: Segment[] = [];
  for (let i = 0; i < phnum; i++) {
    const at = i * phentsize;
    segments.push(
      elfClass === 64
        ? { type: r.u32(table, at), offset: r.offset(table, at + 8, "p_offset"), vaddr: r.word(table, at + 16), filesz: r.offset(table, at + 32, "p_filesz") }
        : { type: r.u32(table, at), offset: r.offset(table, at + 4, "p_offset"), vaddr: r.word(table, at + 8), filesz: r.offset(table, at + 16, "p_filesz") },
    );
  }
  const interp = segments.find((s) => s.type === PT_INTERP);
  if (interp !== undefined) {
    const bytes = await r.bytes(interp.offset, Math.min(interp.filesz, MAX_STRING_BYTES), "PT_INTERP");
    facts.interpreter = cString(bytes, 0);
  }
  const dynamic = segments.find((s) => s.type === PT_DYNAMIC);
  if (dynamic !== undefined) await readDynamic(r, dynamic, segments, facts);
  return facts;
}

async function readDynamic(r: ElfReader, dynamic: Segment, segments: Segment[], facts: ElfFacts): Promise<void> {
  const entrySize = r.is64 ? 16 : 8;
  const bytes = await r.bytes(dynamic.offset, Math.min(dynamic.filesz, MAX_DYNAMIC_BYTES), "PT_DYNAMIC");
  const needed: bigint[] = [];
  let runpath: bigint | undefined;
  let rpath: bigint | undefined;
  let strtab: bigint | undefined;
  let strsz: bigint | undefined;
  for (let at = 0; at + entrySize <= bytes.length; at += entrySize) {
    const tag = r.word(bytes, at);
    const value = r.word(bytes, at + entrySize / 2);
    if (tag === DT_NULL) break;
    if (tag === DT_NEEDED) needed.push(value);
    else if (tag === DT_RUNPATH) runpath = value;
    else if (tag === DT_RPATH) rpath = value;
    else if (tag === DT_STRTAB) strtab = value;
    else if (tag === DT_STRSZ) strsz = value;
  }
  if (needed.length === 0 && runpath === undefined && rpath === undefined) return;
  if (strtab === undefined) throw new Corrupt("dynamic section without DT_STRTAB");
  // DT_STRTAB is an address; the loadable segment that maps it tells where it is in the file.
  const load = segments.find((s) => s.type === PT_LOAD && s.vaddr <= strtab && strtab < s.vaddr + BigInt(s.filesz));
  if (load === undefined) throw new Corrupt(`DT_STRTAB address 0x${strtab.toString(16)} is not in any loaded segment`);
  const start = load.offset + Number(strtab - load.vaddr);
  // The table may run on into the next loadable segment where the two are contiguous in the file
  // and in memory: patchelf puts a grown table across such a boundary (Debian's armhf python3.11
  // given a run path, recipes/python3.ts), and the loader reads it whole.
  let end = load.offset + load.filesz;
  for (const next of segments.filter((s) => s.type === PT_LOAD).sort((a, b) => a.offset - b.offset)) {
    if (next.offset === end && next.vaddr - load.vaddr === BigInt(next.offset - load.offset)) end = next.offset + next.filesz;
  }
  const available = end - start;
  const length = Math.min(available, strsz === undefined ? available : Number(strsz > BigInt(available) ? BigInt(available) : strsz));
  const strings = await r.bytes(start, length, "dynamic string table");
  const at = (index: bigint): string => {
    if (index >= BigInt(strings.length)) throw new Corrupt(`dynamic string index ${index} beyond the string table`);
    return cString(strings, Number(index));
  };
  facts.needed = needed.map(at);
  const path = runpath ?? rpath;
  if (path !== undefined) facts.runpath = at(path).split(":").filter((p) => p !== "");
}

export function cString(bytes: Buffer, start: number): string {
  const end = bytes.indexOf(0, start);
  return bytes.toString("latin1", start, end === -1 ? Math.min(bytes.length, start + MAX_STRING_BYTES) : end);
}
