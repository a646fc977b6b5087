import { readFile, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { readElfTables } from "./elfTables.ts";
import { compileInToolchain, CROSS_CC, readFileWith } from "./toolchainCompile.testutil.ts";

const tablesOf = (path: string) => readFileWith(path, readElfTables);

const source = 'static int square(int x) { return x * x; }\nint counter = 3;\nint main(int argc, char **argv) { (void)argv; return square(argc) + counter; }\n';
const programs = await compileInToolchain({
  native: { cc: "gcc", source, args: ["-O0"] },
  aarch64: { cc: CROSS_CC, source, args: ["-O0"] },
});

describe("readElfTables", () => {
  it.each(Object.keys(programs) as (keyof typeof programs)[])("reads the sections and symbols of a %s program as readelf -S -s prints them", async (name) => {
    const tables = await tablesOf(programs[name]);
    if ("corrupt" in tables) throw new Error(tables.corrupt);
    const section = (n: string) => tables.sections.find((s) => s.name === n);
    expect(section(".text")).toMatchObject({ type: "progbits", flags: "AX" });
    expect(section(".data")).toMatchObject({ type: "progbits", flags: "WA" });
    expect(section(".bss")).toMatchObject({ type: "nobits", contents: null });
    expect(section(".dynsym")).toMatchObject({ type: "dynsym", flags: "A" });
    expect(section(".comment")).toMatchObject({ type: "progbits", flags: "MS" });
    expect(section(".comment")!.contents!.toString("latin1")).toMatch(/^GCC: \(Debian 12\./);
    const symbol = (n: string) => tables.symbols.filter((s) => s.name === n);
    expect(symbol("main")).toEqual([expect.objectContaining({ type: "func", bind: "global", section: ".text", table: ".symtab" })]);
    expect(symbol("main")[0]!.size).toBeGreaterThan(0);
    expect(symbol("square")).toEqual([expect.objectContaining({ type: "func", bind: "local", section: ".text" })]);
    expect(symbol("counter")).toEqual([expect.objectContaining({ type: "object", bind: "global", section: ".data", size: 4 })]);
    // An import: undefined here, in the dynamic symbol table the loader reads.
    expect(tables.symbols).toContainEqual(expect.objectContaining({ name: "__libc_start_main", section: "UND", table: ".dynsym" }));
    // The bytes a variable covers are found from its address in its section.
    const data = section(".data")!;
    const counter = symbol("counter")[0]!;
    expect(data.contents!.readInt32LE(counter.value - data.address)).toBe(3);
  });

  it("calls a file whose section headers lie outside it corrupt", async () => {
    const bytes = await readFile(programs.aarch64);
    const cut = `${programs.aarch64}.cut`;
    await writeFile(cut, bytes.subarray(0, bytes.length - 200));
    expect(await tablesOf(cut)).toEqual({ corrupt: expect.stringMatching(/section header table at \d+\+\d+ lies outside the file/) });
  });
});
