/**
 * The `equivalence` check as a user runs it (`crosscheck run` in a project of its own): a tiny
 * Makefile C program cross-built for aarch64 and built natively on aarch64 (in an arm64
 * container under QEMU, from the harness's debootstrap base, which this provisions on a fresh
 * machine) compares identical once store paths are set aside, and passes; the same program with
 * `-O0 -DCROSS` added only when cross (stdenv.isCross), whose installCheck passes both ways,
 * fails the cell with the differing file named, its sections, symbols and strings in the report.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { canProvision } from "../harness/engine/testing.ts";
import { listRunDirs, type RunSummary } from "../harness/report/index.ts";
import { TinyProject } from "./tinyProject.testutil.ts";

const source = (nonce: string) => `/* ${nonce} */
#include <stdio.h>
#ifdef CROSS
static const char how[] = "compiled by a cross compiler";
#else
static const char how[] = "compiled natively";
#endif
static int square(int x) { return x * x; }
int main(int argc, char **argv) {
  (void)argv;
  if (argc > 1) { puts(how); return 0; }
  int sum = 0;
  for (int i = 0; i < 10; i++) sum += square(i);
  printf("hello from the twins: %d\\n", sum);
  return 0;
}
`;

const makefile = "CFLAGS ?= -O2\nall: twin\ntwin: twin.c\n\t$(CC) $(CFLAGS) -o twin twin.c\ninstall:\n\tmkdir -p $(PREFIX)/bin\n\tcp twin $(PREFIX)/bin/\n";

/** The program; `planted` compiles it with -O0 -DCROSS when build ≠ host, as a recipe that treats cross builds otherwise would. */
const recipe = (pname: string, nonce: string, planted: boolean) => `export default ({ stdenv }: { stdenv: any }) =>
  stdenv.mkDerivation({
    pname: "${pname}", version: "0.1", buildSystem: "make",
    src: { kind: "inline", files: { "twin/Makefile": ${JSON.stringify(makefile)}, "twin/twin.c": ${JSON.stringify(source(nonce))} } },
    makeFlags: ["PREFIX=$(out)"${planted ? ', ...(stdenv.isCross ? ["CFLAGS=-O0 -DCROSS"] : [])' : ""}],
    doInstallCheck: true,
    installCheck: '"$out/bin/twin" | grep -qx "hello from the twins: 285"',
  });
`;

/** The text attachments of the last run's Allure results. */
function attachments(project: TinyProject): string[] {
  const dir = join(listRunDirs(project.reports).at(-1)!.dir, "allure-results");
  return readdirSync(dir).filter((f) => f.endsWith("-attachment.txt")).map((f) => readFileSync(join(dir, f), "utf8"));
}

test.skipIf(!canProvision)("a cross build that matches its native build passes the equivalence check; one compiled with -O0 -DCROSS only when cross fails it, the file named", { timeout: 60 * 60_000 }, async () => {
  const project = new TinyProject({});
  try {
    writeFileSync(join(project.dir, "recipes/twin.ts"), recipe("twin", project.nonce, false));
    writeFileSync(join(project.dir, "recipes/planted.ts"), recipe("planted", project.nonce, true));
    writeFileSync(join(project.dir, "matrices/tiny.yaml"), "name: tiny\nbuild: [x86_64-linux]\nhost: [aarch64-multiplatform]\npackage: [twin, planted]\ndefaults:\n  checks: [installCheck, equivalence]\n");
    const began = Date.now();
    const ran = await project.run("--reporter=json");
    console.log(`equivalence suite: crosscheck run took ${((Date.now() - began) / 1000).toFixed(0)} s`);
    const summary = JSON.parse(ran.stdout) as RunSummary;
    const byCell = Object.fromEntries(summary.results.map((r) => [r.cell, r]));

    const twin = byCell["twin@x86_64-linux~aarch64-multiplatform"];
    expect(twin, ran.stderr).toMatchObject({ state: "passed" });
    // Compared, not skipped: a skipped check would pass with a note saying so.
    expect(twin!.notes ?? []).not.toContainEqual(expect.stringMatching(/equivalence/));
    // Both builds were made: the cross one and the native one (named without a host config).
    const { built } = await project.lastRunEvents();
    expect(built).toEqual(expect.arrayContaining(["twin-0.1", "twin-aarch64-unknown-linux-gnu-0.1", "planted-0.1", "planted-aarch64-unknown-linux-gnu-0.1"]));

    const planted = byCell["planted@x86_64-linux~aarch64-multiplatform"];
    expect(planted, ran.stderr).toMatchObject({ state: "failed", category: "cross-differs-from-native" });
    expect(planted!.message).toMatch(/1 file differs from the native build: out\/bin\/twin/);
    const report = attachments(project).find((a) => a.startsWith("equivalence of planted"));
    expect(report, "the planted cell's equivalence report among its attachments").toBeDefined();
    console.log(report);
    expect(report).toMatch(/installCheck: cross passed \(qemu-aarch64\), native passed \(native\)/);
    expect(report).toMatch(/✗ out\/bin\/twin\n/);
    expect(report).toMatch(/section \.text: \d+ bytes cross, \d+ bytes native/);
    expect(report).toMatch(/symbol main \(func, \.text\): global \d+ bytes cross, global \d+ bytes native/);
    expect(report).toMatch(/section \.rodata: string "compiled by a cross compiler" only in cross/);
    expect(report).toMatch(/section \.rodata: string "compiled natively" only in native/);
    // The twin's report says what was set aside, and that nothing differs.
    const twinReport = attachments(project).find((a) => a.startsWith("equivalence of twin"));
    expect(twinReport).toMatch(/\d+ files?: \d+ identical, \d+ explained, 0 differ/);
    console.log(twinReport);
    expect(ran.code).toBe(1);
  } finally {
    project.remove();
  }
});
