import { cp, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { compareBuilds, type EquivalenceInput } from "./equivalence.ts";
import { compileInToolchain, CROSS_CC } from "./toolchainCompile.testutil.ts";

/** Two builds' store names of one package: a cross build's carries the host's config, so it is longer. */
const crossName = "0a1b2c3d4f5g6h7i8j9k0l1m2n3p4q5r-twin-aarch64-unknown-linux-gnu-0.1";
const nativeName = "9z8y7x6w5v4s3r2q1p0n9m8l7k6j5i4h-twin-0.1";
const program = (flags: string) => `#include <stdio.h>
static const char data[] = DATADIR;
static int square(int x) { return x * x; }
int main(int argc, char **argv) {
  (void)argv;
  if (argc > 2) puts(data);
${flags}
  int sum = 0;
  for (int i = 0; i < 10; i++) sum += square(i);
  printf("%d\\n", sum);
  return 0;
}
`;
const copy = `#include <stdio.h>
#include <string.h>
static void show(void) { char buf[sizeof DATADIR]; memcpy(buf, DATADIR, sizeof DATADIR); puts(buf); }
int main(void) { show(); return 0; }
`;
const datadir = (storeName: string) => `-DDATADIR="/crosscheck/store/${storeName}/share/twin"`;

/**
 * Real aarch64 programs from Debian's cross gcc, each build's own store path in its strings. One
 * compile each: the fixtures' source files are numbered, and a build's file symbol names its source.
 */
const compile = async (source: string, args: string[]) => (await compileInToolchain({ twin: { cc: CROSS_CC, source, args } })).twin;
const built = {
  cross: await compile(program(""), [datadir(crossName)]),
  native: await compile(program(""), [datadir(nativeName)]),
  O0: await compile(program(""), [datadir(nativeName), "-O0"]),
  string: await compile(program('  if (argc > 3) puts("only in this one");'), [datadir(nativeName)]),
  crossObject: await compile(program(""), [datadir(crossName), "-c"]),
  nativeObject: await compile(program(""), [datadir(nativeName), "-c"]),
  O0Object: await compile(program(""), [datadir(nativeName), "-c", "-O0"]),
  // A copy of the path inlined (as gnulib's locale_charset copies LIBDIR): code that grows with it.
  crossCopy: await compile(copy, [datadir(crossName), "-O2"]),
  nativeCopy: await compile(copy, [datadir(nativeName), "-O2"]),
};

/** A static library as GNU ar writes one (members named `name/`, sizes in decimal, even offsets), of the object files given. */
async function archive(members: Record<string, string>): Promise<string> {
  const parts: Buffer[] = [Buffer.from("!<arch>\n")];
  for (const [name, path] of Object.entries(members)) {
    const bytes = await readFile(path);
    parts.push(Buffer.from(`${`${name}/`.padEnd(16)}${"0".padEnd(12)}${"0".padEnd(6)}${"0".padEnd(6)}${"644".padEnd(8)}${String(bytes.length).padEnd(10)}\`\n`, "latin1"), bytes);
    if (bytes.length % 2 === 1) parts.push(Buffer.from("\n"));
  }
  const path = join(await mkdtemp(join(tmpdir(), "crosscheck-archive-")), "libtwin.a");
  await writeFile(path, Buffer.concat(parts));
  return path;
}

const passed = { status: "passed" as const, runner: "native", reason: "installCheck passed (native)" };

/** An output directory holding the given program and text files. */
async function output(program: string, files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "crosscheck-equivalence-"));
  await mkdir(join(dir, "bin"));
  await cp(program, join(dir, "bin/twin"));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

function input(cross: string, native: string, overrides: Partial<EquivalenceInput> = {}): EquivalenceInput {
  return {
    subject: "twin 0.1 for aarch64-unknown-linux-gnu",
    outputs: [{ name: "out", cross, native }],
    storeNames: [
      { storeName: crossName, label: "twin" },
      { storeName: nativeName, label: "twin" },
    ],
    installCheck: { cross: { ...passed, runner: "qemu-aarch64" }, native: passed },
    ...overrides,
  };
}

describe("compareBuilds", () => {
  it("finds two builds that differ only in their store paths equivalent, and says what it set aside", async () => {
    const pc = (name: string) => `prefix=/crosscheck/store/${name}\nlibdir=\${prefix}/lib\n`;
    const verdict = await compareBuilds(input(await output(built.cross, { "share/twin.pc": pc(crossName), "share/README": "same\n" }), await output(built.native, { "share/twin.pc": pc(nativeName), "share/README": "same\n" })));
    expect(verdict.differences).toEqual([]);
    expect(verdict.ok).toBe(true);
    expect(verdict.identical).toBe(1);
    expect(verdict.explained.map((e) => e.file)).toEqual(["out/bin/twin", "out/share/twin.pc"]);
    // The paths are of other lengths: the string moved, and with it the code that loads it.
    expect(verdict.explained[0]!.lines.join("; ")).toMatch(/^store paths .*; build id .*; layout /);
    expect(verdict.report).toMatch(/^equivalence of twin 0.1 for aarch64-unknown-linux-gnu: the cross build against the native one\ninstallCheck: cross passed \(qemu-aarch64\), native passed \(native\)\n3 files: 1 identical, 2 explained, 0 differ\n/);
  });

  it("names a program compiled with other flags, its code's size and its symbols'", async () => {
    const verdict = await compareBuilds(input(await output(built.cross), await output(built.O0)));
    expect(verdict.ok).toBe(false);
    expect(verdict.differences.map((d) => d.file)).toEqual(["out/bin/twin"]);
    const lines = verdict.differences[0]!.lines;
    expect(lines[0]).toMatch(/^size: \d+ bytes cross, \d+ bytes native$/);
    expect(lines).toContainEqual(expect.stringMatching(/^section \.text: \d+ bytes cross, \d+ bytes native$/));
    expect(lines).toContainEqual(expect.stringMatching(/^symbol main \(func, \.text\): global \d+ bytes cross, global \d+ bytes native$/));
    // -O1 inlines square; -O0 keeps it.
    expect(lines).toContainEqual("symbol square (local func, .text, 24 bytes, .symtab) only in native");
    expect(verdict.report).toMatch(/\ndifferences:\n  ✗ out\/bin\/twin\n      size: /);
  });

  it("compares a static library member by member", async () => {
    const lib = async (object: string) => {
      const dir = await output(built.cross);
      await cp(await archive({ "twin.o": object, "other.o": built.nativeObject }), join(dir, "libtwin.a"));
      return dir;
    };
    const explained = await compareBuilds(input(await lib(built.crossObject), await lib(built.nativeObject)));
    expect(explained.differences).toEqual([]);
    expect(explained.explained).toContainEqual({ file: "out/libtwin.a", lines: [expect.stringMatching(/^store paths/), expect.stringMatching(/^layout/), expect.stringMatching(/^archive index/)] });
    const differs = await compareBuilds(input(await lib(built.crossObject), await lib(built.O0Object)));
    expect(differs.differences.map((d) => d.file)).toEqual(["out/libtwin.a"]);
    expect(differs.differences[0]!.lines).toContainEqual(expect.stringMatching(/^member twin\.o: section \.text: \d+ bytes cross, \d+ bytes native$/));
    expect(differs.differences[0]!.lines).not.toContainEqual(expect.stringMatching(/^member other\.o/));
  });

  it("explains code that copies a store path inline, grown by the path's extra length", async () => {
    const verdict = await compareBuilds(input(await output(built.crossCopy), await output(built.nativeCopy)));
    expect(verdict.differences).toEqual([]);
    expect(verdict.explained).toEqual([{ file: "out/bin/twin", lines: expect.arrayContaining([expect.stringMatching(/^inlined store paths /)]) }]);
  });

  it("names a string only one build has", async () => {
    const verdict = await compareBuilds(input(await output(built.cross), await output(built.string)));
    expect(verdict.differences[0]!.lines).toContainEqual('section .rodata: string "only in this one" only in native');
  });

  it("names files only one build has, text that differs by its first line, and the installChecks' results", async () => {
    const verdict = await compareBuilds(
      input(await output(built.cross, { "share/only-cross": "x\n", "share/notes": "one\ntwo\n" }), await output(built.native, { "share/notes": "one\nthree\n" }), {
        installCheck: { cross: { status: "failed", runner: "qemu-aarch64", reason: "installCheck `twin` exited with 1 (qemu-aarch64)" }, native: passed },
      }),
    );
    expect(verdict.differences).toEqual([
      { file: "installCheck", lines: ["installCheck: failed (installCheck `twin` exited with 1 (qemu-aarch64)) cross, passed (installCheck passed (native)) native"] },
      { file: "out/share/notes", lines: ["contents differ: 8 bytes cross, 10 bytes native", 'line 2: "two" cross, "three" native'] },
      { file: "out/share/only-cross", lines: ["2 bytes only in cross"] },
    ]);
  });
});
