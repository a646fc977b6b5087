/**
 * Windows hosts for real: the nightly matrix's mingwW64 hello is cross-built with Debian's
 * mingw-w64 toolchain, its installCheck runs hello.exe under wine (the check's image, a fresh
 * WINEPREFIX, no network) and passes. The same cell with an ELF file planted in its output (a
 * recipe whose install copies the build machine's program in) fails on the `elf` check, the
 * file named.
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
const [hello] = selectCells(runner.loadMatrix(join(project.root, "matrices/nightly.yaml")).cells, "hello@*~mingwW64");

// The wrong-format file comes as a user's overlay would plant it: the build machine's `true`, an x86-64 ELF program.
const planted = await createCellRunner({
  project,
  scheduler,
  catalog: overlay(catalog, { hello: ({ prev }: { prev: Derivation }) => prev.overrideAttrs({ postInstall: 'cp /bin/true "$out/bin/true"' }) }),
});

beforeAll(async () => {
  await runner.provision(() => undefined);
}, 30 * 60_000);

test("mingwW64 hello: built with mingw-w64, its installCheck passes under wine", { timeout: 60 * 60_000 }, async () => {
  const run = await runner.run(hello!);
  expect(run.outcome.state, run.failure?.message ?? JSON.stringify(run.outcome)).toBe("passed");
  expect(run.installCheck).toMatchObject({ status: "passed", runner: "wine64" });
  expect(run.outcome.skippedChecks.map((s) => s.check)).not.toContain("installCheck");
  // The committed snapshot records the program's DLL imports, as it records an ELF file's NEEDED.
  expect(run.closure?.snapshot).toBe("matched");
  const committed = await readFile(join(project.snapshotsDir, "nightly", `${hello!.id}.yaml`), "utf8");
  expect(committed).toContain(["    pe:", "      bin/hello.exe:", "        machine: x86-64", "        format: PE32+", "        type: executable", "        imports: [ KERNEL32.dll, msvcrt.dll ]"].join("\n"));
});

test("an ELF file planted in a mingwW64 output fails the cell on its elf check, the file named", { timeout: 60 * 60_000 }, async () => {
  const run = await planted.run({ ...hello!, checks: ["build", "elf"] });
  expect(run.outcome.state).toBe("failed");
  expect(run.failure?.phase).toBe("elf");
  expect(run.failure?.log).toContain("bin/true");
  expect(run.failure?.log).toContain("is an ELF PIE executable for x86-64 (64-bit, little-endian), but the host x86_64-w64-mingw32 runs PE files");
});
