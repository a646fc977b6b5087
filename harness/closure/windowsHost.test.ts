/**
 * Executables on a Windows host: PE files must be for the host's machine and width (PE32+ for
 * x86_64, PE32 for i686), and an ELF file has no place there at all. The files are compiled by
 * Debian's mingw-w64 and native gcc; the snapshot records each PE file's imports.
 */
import { describe, expect, it } from "vitest";
import { findContamination } from "./contamination.ts";
import { snapshotOutput } from "./snapshot.ts";
import { compileInToolchain, MINGW32_CC, MINGW64_CC } from "./toolchainCompile.testutil.ts";
import { derivation, FixtureStore } from "./testFixtures.ts";

const program = "#include <stdio.h>\nint main(void) { puts(\"hi\"); return 0; }\n";
const built = await compileInToolchain({ "hi64.exe": { cc: MINGW64_CC, source: program }, "hi32.exe": { cc: MINGW32_CC, source: program }, "elf-hi": { cc: "gcc", source: program } }, "mingw");

const WINDOWS = "x86_64-w64-mingw32";
const rules = { host: { config: WINDOWS, cpu: { name: "x86_64", bits: 64, significantByte: "littleEndian" as const, family: "x86" }, execFormat: "pe" } };

/** Unstripped, mingw-w64's own startup objects carry the /build paths of Debian's build of them (a build's fixup strips them): only the machines are judged here. */
const machineFindings = (id: string, graph: Awaited<ReturnType<typeof scanned>>["graph"], hostRules: typeof rules) => findContamination(id, graph, hostRules).filter((f) => f.kind === "wrong-machine");

async function scanned(files: Record<string, string>) {
  const store = await FixtureStore.create();
  const hello = derivation("hello", "2.10", WINDOWS);
  await store.add(hello, Object.fromEntries(Object.entries(files).map(([path, compiled]) => [path, { compiled }])));
  return { id: hello.id, graph: await store.scanAll([hello]) };
}

describe("a Windows host", () => {
  it("takes a PE32+ x86-64 executable, and the snapshot records its machine, format and imports", async () => {
    const { id, graph } = await scanned({ "bin/hello.exe": built["hi64.exe"] });
    expect(machineFindings(id, graph, rules)).toEqual([]);
    expect(snapshotOutput(id, graph)).toMatchObject({ elf: {}, pe: { "bin/hello.exe": { machine: "x86-64", format: "PE32+", type: "executable", imports: ["KERNEL32.dll", "msvcrt.dll"] } } });
  });

  it("fails an ELF file in the output, and a PE32 i386 executable on an x86_64 host", async () => {
    const { id, graph } = await scanned({ "bin/hello.exe": built["hi64.exe"], "bin/hello": built["elf-hi"], "bin/hello32.exe": built["hi32.exe"] });
    expect(machineFindings(id, graph, rules).map((f) => [f.kind, f.file, f.offset, f.message])).toEqual([
      ["wrong-machine", "bin/hello", 18, "is an ELF PIE executable for x86-64 (64-bit, little-endian), but the host x86_64-w64-mingw32 runs PE files"],
      ["wrong-machine", "bin/hello32.exe", 0x3c, "is a PE32 executable for i386, but the host x86_64-w64-mingw32 needs PE32+ for x86-64"],
    ]);
  });

  it("leaves PE files on a Linux host to themselves, as it finds them (installers, EFI programs)", async () => {
    const { id, graph } = await scanned({ "share/hello/setup.exe": built["hi32.exe"] });
    const linux = { host: { config: "x86_64-unknown-linux-gnu", cpu: rules.host.cpu, execFormat: "elf" } };
    expect(machineFindings(id, graph, linux)).toEqual([]);
  });
});
