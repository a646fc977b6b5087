import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readElf } from "./elf.ts";
import { expectedElf } from "./elfMachine.ts";
import { compileInToolchain, CROSS_CC, readFileWith } from "./toolchainCompile.testutil.ts";

const readElfFile = (path: string) => readFileWith(path, readElf);

/** The programs the tests read, compiled by the toolchain image's gcc and aarch64 cross gcc. */
const main = "int main(void) { return 0; }\n";
const programs = await compileInToolchain({
  native: { cc: "gcc", source: main },
  "native-runpath": { cc: "gcc", source: main, args: ["-Wl,-rpath,/opt/a:/opt/b"] },
  aarch64: { cc: CROSS_CC, source: main },
});

/**
 * A 32-bit big-endian PowerPC executable by hand: header, PT_LOAD, PT_INTERP and PT_DYNAMIC,
 * with NEEDED and RPATH strings; the case no compiler on this machine produces.
 */
function powerpcElf(): Buffer {
  const file = Buffer.alloc(256);
  const vaddr = 0x10000000;
  file.set([0x7f, 0x45, 0x4c, 0x46, 1, 2, 1], 0);
  file.writeUInt16BE(2, 16); // ET_EXEC
  file.writeUInt16BE(20, 18); // EM_PPC
  file.writeUInt32BE(52, 28); // e_phoff
  file.writeUInt16BE(32, 42); // e_phentsize
  file.writeUInt16BE(3, 44); // e_phnum
  const segment = (index: number, type: number, offset: number, size: number): void => {
    const at = 52 + index * 32;
    file.writeUInt32BE(type, at);
    file.writeUInt32BE(offset, at + 4);
    file.writeUInt32BE(vaddr + offset, at + 8);
    file.writeUInt32BE(size, at + 16);
  };
  const interpreter = "/lib/ld.so.1\0";
  const strings = "\0libc.so.6\0/opt/lib:/build/x\0";
  file.write(interpreter, 148, "latin1");
  file.write(strings, 164, "latin1");
  const dynamic = [[1, 1], [15, 11], [5, vaddr + 164], [10, strings.length], [0, 0]];
  dynamic.forEach(([tag, value], i) => {
    file.writeUInt32BE(tag!, 200 + i * 8);
    file.writeUInt32BE(value!, 204 + i * 8);
  });
  segment(0, 1, 0, 256);
  segment(1, 3, 148, interpreter.length);
  segment(2, 2, 200, dynamic.length * 8);
  return file;
}

/**
 * A 32-bit little-endian ARM executable whose dynamic string table starts in one PT_LOAD segment
 * and ends in the next, the two contiguous in the file and in memory: how patchelf lays out a
 * table it grew (`patchelf --set-rpath` on Debian's armhf python3.11).
 */
function straddlingStringsElf(): Buffer {
  const file = Buffer.alloc(320);
  const vaddr = 0x10000;
  file.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1], 0);
  file.writeUInt16LE(2, 16); // ET_EXEC
  file.writeUInt16LE(40, 18); // EM_ARM
  file.writeUInt32LE(52, 28); // e_phoff
  file.writeUInt16LE(32, 42); // e_phentsize
  file.writeUInt16LE(4, 44); // e_phnum
  const segment = (index: number, type: number, offset: number, size: number): void => {
    const at = 52 + index * 32;
    file.writeUInt32LE(type, at);
    file.writeUInt32LE(offset, at + 4);
    file.writeUInt32LE(vaddr + offset, at + 8);
    file.writeUInt32LE(size, at + 16);
  };
  const interpreter = "/lib/ld-linux-armhf.so.3\0";
  const strings = "\0libc.so.6\0libexpat.so.1\0/crosscheck/store/x/lib\0";
  file.write(interpreter, 184, "latin1");
  file.write(strings, 212, "latin1");
  const dynamic = [[1, 1], [1, 11], [29, 25], [5, vaddr + 212], [10, strings.length], [0, 0]];
  dynamic.forEach(([tag, value], i) => {
    file.writeUInt32LE(tag!, 264 + i * 8);
    file.writeUInt32LE(value!, 268 + i * 8);
  });
  segment(0, 1, 0, 230); // the strings begin here, at 212...
  segment(1, 1, 230, 90); // ...and end here
  segment(2, 3, 184, interpreter.length);
  segment(3, 2, 264, dynamic.length * 8);
  return file;
}

describe("readElf", () => {
  it("reads a native x86-64 executable", async () => {
    const facts = await readElfFile(programs["native-runpath"]);
    expect(facts).toMatchObject({ machine: "x86-64", elfClass: 64, endian: "little", interpreter: "/lib64/ld-linux-x86-64.so.2", needed: ["libc.so.6"], runpath: ["/opt/a", "/opt/b"] });
  });

  it("reads a cross-built AArch64 executable", async () => {
    const facts = await readElfFile(programs.aarch64);
    expect(facts).toMatchObject({ machine: "AArch64", elfClass: 64, endian: "little", interpreter: "/lib/ld-linux-aarch64.so.1", needed: ["libc.so.6"], runpath: [] });
  });

  it("reads a 32-bit big-endian file, taking RPATH when there is no RUNPATH", async () => {
    const path = join(await mkdtemp(join(tmpdir(), "crosscheck-elf-")), "ppc");
    await writeFile(path, powerpcElf());
    expect(await readElfFile(path)).toEqual({ machine: "PowerPC", elfClass: 32, endian: "big", type: "executable", interpreter: "/lib/ld.so.1", needed: ["libc.so.6"], runpath: ["/opt/lib", "/build/x"] });
  });

  it("reads a dynamic string table that runs on into the next contiguous loadable segment", async () => {
    const path = join(await mkdtemp(join(tmpdir(), "crosscheck-elf-")), "arm");
    await writeFile(path, straddlingStringsElf());
    expect(await readElfFile(path)).toEqual({ machine: "ARM", elfClass: 32, endian: "little", type: "executable", interpreter: "/lib/ld-linux-armhf.so.3", needed: ["libc.so.6", "libexpat.so.1"], runpath: ["/crosscheck/store/x/lib"] });
    // Not where the next segment is elsewhere in memory: the table ends with its own segment.
    const apart = straddlingStringsElf();
    apart.writeUInt32LE(0x20000 + 230, 52 + 32 + 8);
    await writeFile(path, apart);
    expect(await readElfFile(path)).toMatchObject({ corrupt: expect.stringContaining("beyond the string table") });
  });

    it("records a truncated or damaged file as corrupt, whatever is cut off", async () => {
    const whole = await readFile(programs.native);
    const dir = await mkdtemp(join(tmpdir(), "crosscheck-elf-"));
    const path = join(dir, "cut");
    const lengths = [4, 5, 16, 20, 52, 63, 64, 65, 100, 200, 500, 1000, 3000, 5000, 8000, 12000];
    for (const length of lengths.filter((l) => l < whole.length)) {
      await writeFile(path, whole.subarray(0, length));
      const facts = await readElfFile(path);
      // Whatever is read stays within the file: short files are corrupt, none throws.
      expect("corrupt" in facts || "machine" in facts, `cut at ${length}`).toBe(true);
      if (length < 64) expect(facts, `cut at ${length}`).toHaveProperty("corrupt");
    }
    const badClass = Buffer.from(whole);
    badClass[4] = 9;
    await writeFile(path, badClass);
    expect(await readElfFile(path)).toEqual({ corrupt: "unknown ELF class 9" });
    const hugeTable = Buffer.from(whole);
    hugeTable.writeBigUInt64LE(1n << 60n, 32);
    await writeFile(path, hugeTable);
    expect(await readElfFile(path)).toMatchObject({ corrupt: expect.stringContaining("e_phoff") });
  });
});

describe("expectedElf", () => {
  it("maps a parsed cpu to its ELF machine, class and byte order", () => {
    expect(expectedElf({ name: "armv7l", bits: 32, significantByte: "littleEndian", family: "arm" })).toEqual({ machines: ["ARM"], elfClass: 32, endian: "little" });
    expect(expectedElf({ name: "riscv64", bits: 64, significantByte: "littleEndian", family: "riscv" })).toEqual({ machines: ["RISC-V"], elfClass: 64, endian: "little" });
    expect(expectedElf({ name: "powerpc64", bits: 64, significantByte: "bigEndian", family: "power" })).toEqual({ machines: ["PowerPC64"], elfClass: 64, endian: "big" });
    expect(expectedElf({ name: "wasm32", bits: 32, significantByte: "littleEndian", family: "wasm" })).toBeUndefined();
    expect(expectedElf({ name: "avr", bits: 8, family: "avr" })).toBeUndefined();
  });
});
