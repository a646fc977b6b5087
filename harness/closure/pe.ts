import type { FileHandle } from "node:fs/promises";
import { peMachineName } from "./peMachine.ts";
import { BoundedFile, Corrupt } from "./boundedFile.ts";

/**
 * What a reviewer wants to know about one PE file (a Windows executable or DLL), as `elf.ts`
 * gives for ELF: the COFF machine, PE32 or PE32+, and the DLLs it imports, which is what the
 * Windows loader resolves as ld.so resolves NEEDED.
 *
 * Read by hand, with bounded reads like elf.ts: pe-library, the maintained npm parser, takes
 * the whole file in memory and refuses a file with a COFF symbol table ("Binary with symbols is
 * not supported"), which is every unstripped mingw-w64 binary, and reads no import table.
 */
export interface PeFacts {
  machine: string;
  /** PE32 (optional header magic 0x10b) or PE32+ (0x20b), the 32- and 64-bit layouts. */
  format: "PE32" | "PE32+";
  /** `dll` when IMAGE_FILE_DLL is set, else `executable`. */
  type: "executable" | "dll";
  /** The import table's DLL names, in its order (`KERNEL32.dll`, `msvcrt.dll`). */
  imports: string[];
}

/** A file with a PE signature that could not be read to the end of what we need. */
export interface PeCorrupt {
  corrupt: string;
}

/** The DOS header's magic: every PE file starts with an MS-DOS stub. */
export const MZ_MAGIC = Buffer.from("MZ", "latin1");
const PE_SIGNATURE = Buffer.from("PE\0\0", "latin1");

const IMAGE_FILE_DLL = 0x2000;
const IMPORT_DIRECTORY = 1;
const IMPORT_DESCRIPTOR_BYTES = 20;

/** Caps that keep a hostile or broken header from making us read megabytes. */
const MAX_SECTIONS = 96; // the loader's own limit
const MAX_IMPORTS = 4096;
const MAX_NAME_BYTES = 512;

interface Section {
  virtualAddress: number;
  virtualSize: number;
  rawSize: number;
  rawOffset: number;
}

/** Bounded reads of a PE file, with its NUL-terminated names. */
class Reader extends BoundedFile {

  async cString(offset: number, what: string): Promise<string> {
    const bytes = await this.bytes(offset, Math.min(MAX_NAME_BYTES, this.size - offset), what);
    const end = bytes.indexOf(0);
    if (end === -1) throw new Corrupt(`${what} at ${offset} has no end within ${bytes.length} bytes`);
    return bytes.toString("latin1", 0, end);
  }
}

/**
 * Reads a file that starts with `MZ`: its PE facts, a note that it is corrupt, or undefined when
 * it has no PE signature (an MS-DOS program, or data that happens to start with MZ). Never
 * throws for a malformed file: that is a fact about the output.
 */
export async function readPe(handle: FileHandle, size: number): Promise<PeFacts | PeCorrupt | undefined> {
  const r = new Reader(handle, size);
  if (size < 0x40) return undefined;
  const lfanew = (await r.bytes(0x3c, 4, "e_lfanew")).readUInt32LE(0);
  if (lfanew + 24 > size || !(await r.bytes(lfanew, 4, "PE signature")).equals(PE_SIGNATURE)) return undefined;
  try {
    return await parse(r, lfanew);
  } catch (error) {
    if (error instanceof Corrupt) return { corrupt: error.message };
    throw error;
  }
}

async function parse(r: Reader, lfanew: number): Promise<PeFacts> {
  const coff = await r.bytes(lfanew + 4, 20, "COFF file header");
  const machine = peMachineName(coff.readUInt16LE(0));
  const sectionCount = coff.readUInt16LE(2);
  const optionalSize = coff.readUInt16LE(16);
  const type = coff.readUInt16LE(18) & IMAGE_FILE_DLL ? "dll" : "executable";
  if (sectionCount > MAX_SECTIONS) throw new Corrupt(`${sectionCount} sections`);
  if (optionalSize < 2) throw new Corrupt("no optional header");
  const optional = await r.bytes(lfanew + 24, optionalSize, "optional header");
  const magic = optional.readUInt16LE(0);
  if (magic !== 0x10b && magic !== 0x20b) throw new Corrupt(`unknown optional header magic 0x${magic.toString(16)}`);
  const format = magic === 0x20b ? "PE32+" : "PE32";
  // The data directories follow the fields that differ between the layouts (ImageBase and the
  // stack and heap sizes are 8 bytes wide in PE32+), after their count.
  const directoriesAt = format === "PE32+" ? 112 : 96;
  const facts: PeFacts = { machine, format, type, imports: [] };
  const importAt = directoriesAt + 8 * IMPORT_DIRECTORY;
  if (optionalSize < importAt + 8 || optional.readUInt32LE(directoriesAt - 4) <= IMPORT_DIRECTORY) return facts;
  const importRva = optional.readUInt32LE(importAt);
  if (importRva === 0) return facts;

  const table = await r.bytes(lfanew + 24 + optionalSize, 40 * sectionCount, "section table");
  const sections: Section[] = [];
  for (let at = 0; at < table.length; at += 40) {
    sections.push({ virtualSize: table.readUInt32LE(at + 8), virtualAddress: table.readUInt32LE(at + 12), rawSize: table.readUInt32LE(at + 16), rawOffset: table.readUInt32LE(at + 20) });
  }
  // An RVA is an address in the loaded image; the section that maps it tells where it is in the file.
  const fileOffset = (rva: number, what: string): number => {
    const section = sections.find((s) => s.virtualAddress <= rva && rva < s.virtualAddress + Math.max(s.virtualSize, s.rawSize));
    if (section === undefined || rva - section.virtualAddress >= section.rawSize) throw new Corrupt(`${what} RVA 0x${rva.toString(16)} is not in any section's data`);
    return section.rawOffset + (rva - section.virtualAddress);
  };
  const start = fileOffset(importRva, "import table");
  for (let i = 0; ; i++) {
    if (i === MAX_IMPORTS) throw new Corrupt(`more than ${MAX_IMPORTS} import descriptors`);
    const descriptor = await r.bytes(start + i * IMPORT_DESCRIPTOR_BYTES, IMPORT_DESCRIPTOR_BYTES, "import descriptor");
    if (descriptor.every((byte) => byte === 0)) break;
    facts.imports.push(await r.cString(fileOffset(descriptor.readUInt32LE(12), "import name"), "import name"));
  }
  return facts;
}
