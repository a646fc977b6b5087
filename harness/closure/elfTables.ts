import { Corrupt, type ByteSource } from "./boundedFile.ts";
import { cString, elfReader, type ElfCorrupt, type ElfReader } from "./elf.ts";

/**
 * An ELF file's section headers and symbol tables, the linker's view that `readelf -S -s` prints
 * (elf.ts reads the loader's, through the program headers). What the equivalence check compares
 * between a cross and a native build: which sections, of what type, flags and size, with what
 * bytes; which symbols, of what type, binding, section and size.
 */
export interface ElfSection {
  name: string;
  /** SHT_PROGBITS, SHT_NOBITS, … as a word (`progbits`, `nobits`, `symtab`, `note`, …), else `type(N)`. */
  type: string;
  /** SHF_ALLOC, SHF_WRITE, SHF_EXECINSTR as readelf's letters (`A`, `WA`, `AX`). */
  flags: string;
  /** Where it is loaded (sh_addr); 0 for a section that is not. */
  address: number;
  size: number;
  /** sh_addralign: the largest alignment of what the link put in it. */
  alignment: number;
  /** The section's bytes in the file; null for a section that has none (SHT_NOBITS) or is over the cap. */
  contents: Buffer | null;
}

export interface ElfSymbol {
  name: string;
  /** STT_FUNC, STT_OBJECT, … as a word (`func`, `object`, `notype`, …). */
  type: string;
  /** `local`, `global`, `weak`, else `bind(N)`. */
  bind: string;
  /** The section it is defined in, `UND` when undefined, `ABS`, `COMMON`. */
  section: string;
  /** Its address (st_value). */
  value: number;
  size: number;
  /** The table it is in: `.symtab` (every symbol the link kept) or `.dynsym` (what is exported and imported). */
  table: string;
}

export interface ElfTables {
  sections: ElfSection[];
  symbols: ElfSymbol[];
}

/** Caps that keep a hostile or broken header from making us allocate gigabytes. */
const MAX_SECTIONS = 65_280; // below SHN_LORESERVE
const MAX_SECTION_BYTES = 256 << 20;
const MAX_SYMBOLS = 1 << 21;

const SHT_SYMTAB = 2;
const SHT_NOBITS = 8;
const SHT_DYNSYM = 11;
const sectionTypes: Record<number, string> = {
  0: "null", 1: "progbits", 2: "symtab", 3: "strtab", 4: "rela", 5: "hash", 6: "dynamic", 7: "note", 8: "nobits", 9: "rel",
  11: "dynsym", 14: "init_array", 15: "fini_array", 16: "preinit_array", 17: "group", 18: "symtab_shndx",
  0x6ffffff5: "gnu_attributes", 0x6ffffff6: "gnu_hash", 0x6ffffffd: "gnu_verdef", 0x6ffffffe: "gnu_verneed", 0x6fffffff: "gnu_versym",
  0x70000003: "arm_attributes",
};
const symbolTypes: Record<number, string> = { 0: "notype", 1: "object", 2: "func", 3: "section", 4: "file", 5: "common", 6: "tls", 10: "ifunc" };
const symbolBindings: Record<number, string> = { 0: "local", 1: "global", 2: "weak", 10: "unique" };
const specialSections: Record<number, string> = { 0: "UND", 0xfff1: "ABS", 0xfff2: "COMMON" };

const flagBits: [bigint, string][] = [[0x1n, "W"], [0x2n, "A"], [0x4n, "X"], [0x10n, "M"], [0x20n, "S"], [0x40n, "I"], [0x80n, "L"], [0x200n, "G"], [0x400n, "T"]];
const flagLetters = (flags: bigint): string => flagBits.filter(([bit]) => (flags & bit) !== 0n).map(([, letter]) => letter).join("");

interface Header {
  name: number;
  type: number;
  flags: bigint;
  address: number;
  offset: number;
  size: number;
  link: number;
  alignment: number;
  entsize: number;
}

/**
 * Reads the section headers, their names and bytes, and the symbols of .symtab and .dynsym.
 * Never throws for a malformed file: that is a fact about the output, recorded as corrupt.
 */
export async function readElfTables(handle: ByteSource, size: number): Promise<ElfTables | ElfCorrupt> {
  try {
    return await parse(await elfReader(handle, size));
  } catch (error) {
    if (error instanceof Corrupt) return { corrupt: error.message };
    throw error;
  }
}

async function parse(r: ElfReader): Promise<ElfTables> {
  const header = await r.bytes(0, r.is64 ? 64 : 52, "ELF header");
  const shoff = r.offset(header, r.is64 ? 40 : 32, "e_shoff");
  const shentsize = r.u16(header, r.is64 ? 58 : 46);
  const shnum = r.u16(header, r.is64 ? 60 : 48);
  const shstrndx = r.u16(header, r.is64 ? 62 : 50);
  if (shoff === 0 || shnum === 0) return { sections: [], symbols: [] };
  if (shnum > MAX_SECTIONS) throw new Corrupt(`${shnum} section headers`);
  if (shentsize < (r.is64 ? 64 : 40)) throw new Corrupt(`section header size ${shentsize} too small`);
  const table = await r.bytes(shoff, shentsize * shnum, "section header table");
  const headers: Header[] = [];
  for (let i = 0; i < shnum; i++) {
    const at = i * shentsize;
    const type = r.u32(table, at + 4);
    const h = r.is64
      ? { name: r.u32(table, at), type, flags: r.word(table, at + 8), address: Number(r.word(table, at + 16)), offset: Number(r.word(table, at + 24)), size: Number(r.word(table, at + 32)), link: r.u32(table, at + 40), alignment: Number(r.word(table, at + 48)), entsize: Number(r.word(table, at + 56)) }
      : { name: r.u32(table, at), type, flags: r.word(table, at + 8), address: r.u32(table, at + 12), offset: r.u32(table, at + 16), size: r.u32(table, at + 20), link: r.u32(table, at + 24), alignment: r.u32(table, at + 32), entsize: r.u32(table, at + 36) };
    if (type !== SHT_NOBITS && type !== 0 && (h.offset + h.size > r.size || !Number.isSafeInteger(h.offset + h.size))) {
      throw new Corrupt(`section ${i} at ${h.offset}+${h.size} lies outside the file (${r.size} bytes)`);
    }
    headers.push(h);
  }
  const bytesOf = (h: Header, what: string): Promise<Buffer | null> =>
    h.type === SHT_NOBITS || h.type === 0 || h.size > MAX_SECTION_BYTES ? Promise.resolve(null) : r.bytes(h.offset, h.size, what);
  const names = shstrndx < headers.length ? await bytesOf(headers[shstrndx]!, "section name table") : null;
  const nameAt = (index: number): string => (names === null || index >= names.length ? `#${index}` : cString(names, index));
  const sections: ElfSection[] = [];
  for (const [i, h] of headers.entries()) {
    if (i === 0) continue; // SHN_UNDEF: the null section every file starts with
    const name = nameAt(h.name);
    sections.push({ name, type: sectionTypes[h.type] ?? `type(${h.type})`, flags: flagLetters(h.flags), address: h.address, size: h.size, alignment: h.alignment, contents: await bytesOf(h, `section ${name}`) });
  }
  const symbols: ElfSymbol[] = [];
  for (const [i, h] of headers.entries()) {
    if (h.type !== SHT_SYMTAB && h.type !== SHT_DYNSYM) continue;
    const entry = r.is64 ? 24 : 16;
    if (h.entsize !== 0 && h.entsize < entry) throw new Corrupt(`symbol size ${h.entsize} too small in ${sections[i - 1]!.name}`);
    const step = h.entsize === 0 ? entry : h.entsize;
    const count = Math.floor(h.size / step);
    if (symbols.length + count > MAX_SYMBOLS) throw new Corrupt(`more than ${MAX_SYMBOLS} symbols`);
    const data = sections[i - 1]!.contents;
    const strings = h.link > 0 && h.link < headers.length ? sections[h.link - 1]!.contents : null;
    if (data === null || strings === null) continue;
    for (let n = 1; n < count; n++) {
      const at = n * step;
      const nameIndex = r.u32(data, at);
      const info = r.is64 ? data[at + 4]! : data[at + 12]!;
      const shndx = r.u16(data, r.is64 ? at + 6 : at + 14);
      const value = Number(r.is64 ? r.word(data, at + 8) : BigInt(r.u32(data, at + 4)));
      const symbolSize = Number(r.is64 ? r.word(data, at + 16) : BigInt(r.u32(data, at + 8)));
      const section = specialSections[shndx] ?? (shndx < headers.length ? sections[shndx - 1]!.name : `#${shndx}`);
      symbols.push({
        name: nameIndex < strings.length ? cString(strings, nameIndex) : `#${nameIndex}`,
        type: symbolTypes[info & 0xf] ?? `type(${info & 0xf})`,
        bind: symbolBindings[info >> 4] ?? `bind(${info >> 4})`,
        section,
        value,
        size: symbolSize,
        table: sections[i - 1]!.name,
      });
    }
  }
  return { sections, symbols };
}
