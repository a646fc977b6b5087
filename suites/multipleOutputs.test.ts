/**
 * Outputs split as Nixpkgs' multiple-outputs.sh splits them, each its own store path with its
 * own closure: zlib's and libpng's headers, .pc files, -config scripts and static archives land
 * in dev, and libpng's runtime closure holds zlib's out alone. A build-platform reference (the
 * cross compiler's path) planted in a -config script is found in zlib.dev and only warns, by
 * default; the same reference in out fails the cell, and so does the one in dev when the matrix
 * says dev must be clean too (`cleanOutputs`).
 */
import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, expect, test } from "vitest";
import { overlay, type Package } from "../harness/planner/index.ts";
import { createCellRunner } from "../harness/cell/index.ts";
import { resolveProject } from "../harness/project/index.ts";
import { localStoreDir, outputPath } from "../harness/engine/index.ts";
import { readSnapshot } from "../harness/closure/snapshotFile.ts";
import { catalog } from "../recipes/index.ts";

const recordCompiler = (file: string) => `mkdir -p "$(dirname "${file}")"; printf '#!/bin/sh\\necho "CC=%s"\\n' "$(command -v "$CC")" > "${file}"; chmod 755 "${file}"`;
const recipes = overlay(catalog, {
  // Written to $out/bin: the fixup moves a -config script to dev.
  "zlib-config-planted": ({ zlib }: { zlib: Package }) => zlib.overrideAttrs({ postInstall: recordCompiler("$out/bin/zlib-config") }),
  "zlib-out-planted": ({ zlib }: { zlib: Package }) => zlib.overrideAttrs({ postInstall: recordCompiler("$out/share/zlib/compiler") }),
  // The same derivation, for a cell whose matrix entry wants dev clean too.
  "zlib-config-strict": ({ zlib }: { zlib: Package }) => zlib.overrideAttrs({ postInstall: recordCompiler("$out/bin/zlib-config") }),
});
const work = await mkdtemp(join(tmpdir(), "crosscheck-outputs-"));
const project = { ...(await resolveProject(process.cwd())), snapshotsDir: join(work, "snapshots"), cellsDir: join(work, "cells") };
const runner = await createCellRunner({ project, catalog: recipes, snapshotUpdate: "new" });
const matrixFile = join(work, "outputs.yaml");
await writeFile(
  matrixFile,
  [
    "name: outputs",
    "build: [x86_64-linux]",
    "host: [aarch64-multiplatform]",
    "package: [zlib, libpng, zlib-config-planted, zlib-out-planted]",
    "defaults:",
    "  checks: [elf, closure]",
    "include:",
    "  - { package: zlib-config-strict, host: aarch64-multiplatform, cleanOutputs: [out, dev] }",
    "",
  ].join("\n"),
);
const cells = new Map(runner.loadMatrix(matrixFile).cells.map((c) => [c.package, c]));

beforeAll(async () => {
  await runner.provision(() => undefined);
}, 30 * 60_000);

const files = async (dir: string): Promise<string[]> => (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => !e.isDirectory()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();

test("zlib and libpng are split into out and dev, and libpng's runtime closure is zlib's out", { timeout: 30 * 60_000 }, async () => {
  const zlib = await runner.run(cells.get("zlib")!);
  expect(zlib.outcome.state, zlib.closure?.report ?? zlib.outcome.message).toBe("passed");
  const root = zlib.plan!.nodes[zlib.plan!.root]!;
  expect(root.outputs.map((o) => o.name)).toEqual(["out", "dev"]);
  const [out, dev] = root.outputs.map((o) => outputPath(localStoreDir(), o));
  expect(await files(dev!)).toEqual(expect.arrayContaining(["include/zlib.h", "include/zconf.h", "lib/pkgconfig/zlib.pc", "lib/libz.a"]));
  const outFiles = await files(out!);
  expect(outFiles).toEqual(expect.arrayContaining(["lib/libz.so.1.2.13"]));
  expect(outFiles.filter((f) => f.startsWith("include/") || f.endsWith(".a") || f.includes("pkgconfig"))).toEqual([]);

  const libpng = await runner.run(cells.get("libpng")!);
  expect(libpng.outcome.state, libpng.closure?.report ?? libpng.outcome.message).toBe("passed");
  const snapshot = (await readSnapshot(libpng.closure!.snapshotPath, "outputs/libpng@x86_64-linux~aarch64-multiplatform"))!;
  expect(Object.keys(snapshot.outputs)).toEqual(["libpng", "libpng.dev"]);
  expect(snapshot.outputs["libpng"]!.closure.map((m) => `${m.pname}${m.output === undefined ? "" : `.${m.output}`}`)).toEqual(["zlib"]);
  expect(Object.keys(snapshot.outputs["libpng.dev"]!.symlinks ?? {})).toContain("bin/libpng-config");
  expect(snapshot.outputs["libpng.dev"]!.references.map((r) => r.pname)).toContain("libpng");
});

test("a build-platform reference in dev warns and names zlib.dev; in out it fails the cell; with dev in cleanOutputs, dev fails too", { timeout: 30 * 60_000 }, async () => {
  const inDev = await runner.run(cells.get("zlib-config-planted")!);
  expect(inDev.outcome.state, inDev.closure?.report).toBe("passed");
  expect(inDev.closure!.findings).toEqual([]);
  expect(inDev.closure!.warnings.map((f) => [f.kind, f.output, f.file])).toEqual([["foreign-reference", "zlib.dev", "bin/zlib-config"]]);
  expect(inDev.closure!.report).toMatch(/warning \(zlib\.dev need not be clean\): foreign-reference: zlib\.dev: bin\/zlib-config .*gcc-wrapper/);

  const inOut = await runner.run(cells.get("zlib-out-planted")!);
  expect(inOut.outcome.state).toBe("failed");
  expect(inOut.closure!.findings.map((f) => [f.kind, f.output, f.file])).toEqual([["foreign-reference", "zlib", "share/zlib/compiler"]]);

  const strict = await runner.run(cells.get("zlib-config-strict")!);
  expect(strict.outcome.state).toBe("failed");
  expect(strict.closure!.findings.map((f) => [f.output, f.file])).toEqual([["zlib.dev", "bin/zlib-config"]]);
});
