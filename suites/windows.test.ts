/**
 * Windows hosts for real: the nightly matrix's mingwW64 and mingw32 hello are cross-built with
 * Debian's mingw-w64 toolchains; their test suites (the checkPhase check) and installChecks run
 * hello.exe under wine64 and wine32 (the check's image, a fresh WINEPREFIX, no network) and
 * pass. The mingwW64 cell with an ELF file planted in its output (a recipe whose install copies
 * the build machine's program in) fails on the `elf` check, the file named.
 */
import { readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { beforeAll, expect, test } from "vitest";
import { selectCells } from "../harness/matrix/index.ts";
import { overlay, type Derivation } from "../harness/planner/index.ts";
import { catalog } from "../recipes/index.ts";
import { createCellRunner, readRunSettings } from "../harness/cell/index.ts";
import { localStoreDir, Scheduler } from "../harness/engine/index.ts";

const { project } = readRunSettings();
const scheduler = new Scheduler({ store: localStoreDir(), cores: availableParallelism(), jobs: 1 });
const runner = await createCellRunner({ project, scheduler });
const [hello, hello32] = selectCells(runner.loadMatrix(join(project.root, "matrices/nightly.yaml")).cells, "hello@*~mingwW64,hello@*~mingw32");

// The wrong-format file comes as a user's overlay would plant it: the build machine's `true`, an x86-64 ELF program.
const planted = await createCellRunner({
  project,
  scheduler,
  catalog: overlay(catalog, { hello: ({ prev }: { prev: Derivation }) => prev.overrideAttrs({ postInstall: 'cp /bin/true "$out/bin/true"' }) }),
});

beforeAll(async () => {
  await runner.provision(() => undefined);
}, 30 * 60_000);

for (const [cell, wine] of [
  [hello!, "wine64"],
  [hello32!, "wine32"],
] as const) {
  test(`${cell.host.name} hello: built with mingw-w64, its test suite and installCheck pass under ${wine}`, { timeout: 60 * 60_000 }, async () => {
    const run = await runner.run(cell);
    expect(run.outcome.state, run.failure?.message ?? JSON.stringify(run.outcome)).toBe("passed");
    expect(run.outcome.skippedChecks).toEqual([]);
    expect(run.record?.checkedWith).toMatch(new RegExp(`^${wine} \\d`));
    expect(run.installCheck).toMatchObject({ status: "passed", runner: wine });
    // The committed snapshot records the program's DLL imports, as it records an ELF file's NEEDED.
    expect(run.closure?.snapshot).toBe("matched");
    const committed = await readFile(join(project.snapshotsDir, "nightly", `${cell.id}.yaml`), "utf8");
    const [machine, format] = wine === "wine64" ? ["x86-64", "PE32+"] : ["i386", "PE32"];
    expect(committed).toContain(["    pe:", "      bin/hello.exe:", `        machine: ${machine}`, `        format: ${format}`, "        type: executable", "        imports: [ KERNEL32.dll, msvcrt.dll ]"].join("\n"));
  });
}

test("an ELF file planted in a mingwW64 output fails the cell on its elf check, the file named", { timeout: 60 * 60_000 }, async () => {
  const run = await planted.run({ ...hello!, checks: ["build", "elf"] });
  expect(run.outcome.state).toBe("failed");
  expect(run.failure?.phase).toBe("elf");
  expect(run.failure?.log).toContain("bin/true");
  expect(run.failure?.log).toContain("is an ELF PIE executable for x86-64 (64-bit, little-endian), but the host x86_64-w64-mingw32 runs PE files");
});
