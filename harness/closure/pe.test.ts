import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readPe } from "./pe.ts";
import { expectedPe } from "./peMachine.ts";
import { compileInToolchain, MINGW32_CC, MINGW64_CC, readFileWith } from "./toolchainCompile.testutil.ts";

const readPeFile = (path: string) => readFileWith(path, readPe);

/** Programs and DLLs compiled by Debian's mingw-w64 gcc, unstripped (with their COFF symbol tables). */
const program = "#include <stdio.h>\nint main(void) { puts(\"hi\"); return 0; }\n";
const library = "__declspec(dllexport) int answer(void) { return 42; }\n";
const user = "__declspec(dllimport) int answer(void);\nint main(void) { return answer(); }\n";
const built = await compileInToolchain(
  {
    "win64/hi.exe": { cc: MINGW64_CC, source: program },
    "win64/answer.dll": { cc: MINGW64_CC, source: library, args: ["-shared"] },
    "win64/user.exe": { cc: MINGW64_CC, source: user, args: ["-L@OUT@/win64", "-l:answer.dll"] },
    "win32/hi.exe": { cc: MINGW32_CC, source: program },
    "win32/answer.dll": { cc: MINGW32_CC, source: library, args: ["-shared"] },
  },
  "mingw",
);

describe("readPe", () => {
  it("reads a 64-bit executable: x86-64, PE32+, its DLL imports in the import table's order", async () => {
    expect(await readPeFile(built["win64/hi.exe"])).toEqual({ machine: "x86-64", format: "PE32+", type: "executable", imports: ["KERNEL32.dll", "msvcrt.dll"] });
  });

  it("reads a DLL, and an executable that imports it", async () => {
    expect(await readPeFile(built["win64/answer.dll"])).toMatchObject({ machine: "x86-64", format: "PE32+", type: "dll" });
    expect(await readPeFile(built["win64/user.exe"])).toMatchObject({ type: "executable", imports: expect.arrayContaining(["answer.dll", "KERNEL32.dll"]) });
  });

  it("reads 32-bit ones: i386, PE32", async () => {
    expect(await readPeFile(built["win32/hi.exe"])).toEqual({ machine: "i386", format: "PE32", type: "executable", imports: ["KERNEL32.dll", "msvcrt.dll"] });
    expect(await readPeFile(built["win32/answer.dll"])).toMatchObject({ machine: "i386", format: "PE32", type: "dll" });
  });

  it("takes a file that only starts with MZ for no PE file", async () => {
    const path = join(await mkdtemp(join(tmpdir(), "crosscheck-pe-")), "notes.txt");
    await writeFile(path, `MZ is how this text starts, and it goes on for a while ${"to be long enough ".repeat(8)}\n`);
    expect(await readPeFile(path)).toBeUndefined();
    await writeFile(path, "MZ");
    expect(await readPeFile(path)).toBeUndefined();
  });

  it("records a truncated or damaged PE file as corrupt, whatever is cut off", async () => {
    const whole = await readFile(built["win64/hi.exe"]);
    const lfanew = whole.readUInt32LE(0x3c);
    const path = join(await mkdtemp(join(tmpdir(), "crosscheck-pe-")), "cut.exe");
    for (const length of [lfanew + 24, lfanew + 30, lfanew + 100, lfanew + 300, 1024, 2048, 4096, 8192]) {
      await writeFile(path, whole.subarray(0, length));
      // Past the signature every cut is a corrupt file or, when what is left holds the imports, a whole one; none throws.
      const facts = await readPeFile(path);
      expect(facts !== undefined && ("corrupt" in facts || "machine" in facts), `cut at ${length}`).toBe(true);
      if (length < lfanew + 24 + 112) expect(facts, `cut at ${length}`).toHaveProperty("corrupt");
    }
    const badMagic = Buffer.from(whole);
    badMagic.writeUInt16LE(0x999, lfanew + 24);
    await writeFile(path, badMagic);
    expect(await readPeFile(path)).toEqual({ corrupt: "unknown optional header magic 0x999" });
    const badImports = Buffer.from(whole);
    badImports.writeUInt32LE(0x7fff0000, lfanew + 24 + 112 + 8);
    await writeFile(path, badImports);
    expect(await readPeFile(path)).toEqual({ corrupt: "import table RVA 0x7fff0000 is not in any section's data" });
  });
});

describe("expectedPe", () => {
  it("maps a parsed cpu to its COFF machine and PE32 or PE32+", () => {
    expect(expectedPe({ name: "x86_64", bits: 64, significantByte: "littleEndian", family: "x86" })).toEqual({ machine: "x86-64", format: "PE32+" });
    expect(expectedPe({ name: "i686", bits: 32, significantByte: "littleEndian", family: "x86" })).toEqual({ machine: "i386", format: "PE32" });
    expect(expectedPe({ name: "aarch64", bits: 64, significantByte: "littleEndian", family: "arm" })).toEqual({ machine: "AArch64", format: "PE32+" });
    expect(expectedPe({ name: "mips", bits: 32, significantByte: "bigEndian", family: "mips" })).toBeUndefined();
  });
});
