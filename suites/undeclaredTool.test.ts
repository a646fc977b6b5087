/**
 * A build sees only its inputs' tools and stdenv's own: a recipe that runs pkg-config without
 * declaring it fails, classified as an undeclared tool that names pkg-config; the same recipe
 * with pkg-config in nativeBuildInputs builds, and finds the host's zlib through it. The build
 * also records which of stdenv's tools it found and that the image's perl, gcc and ar are hidden.
 */
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, expect, test } from "vitest";
import { overlay, type Package, type Stdenv } from "../harness/planner/index.ts";
import { createCellRunner } from "../harness/cell/index.ts";
import { resolveProject } from "../harness/project/index.ts";
import { catalog } from "../recipes/index.ts";
import { localStoreDir, outputPath } from "../harness/engine/store/localStore.ts";

const stdenvCommands = ["sh", "bash", "sed", "grep", "awk", "make", "tar", "gzip", "bzip2", "xz", "patch", "file", "find", "xargs", "diff", "cmp", "install", "sort"];
const hidden = ["perl", "gcc", "cc", "ar", "python3", "which"];

const zlibUser = (declared: boolean) =>
  ({ stdenv, zlib, "pkg-config": pkgConfig }: { stdenv: Stdenv; zlib: Package; "pkg-config": Package }) =>
    stdenv.mkDerivation({
      pname: declared ? "zlib-version" : "zlib-version-undeclared",
      version: "1.0",
      src: { kind: "inline", files: { README: "asks pkg-config for zlib's version\n" } },
      buildSystem: "custom",
      buildInputs: [zlib],
      ...(declared ? { nativeBuildInputs: [pkgConfig] } : {}),
      buildPhase: [
        `for t in ${stdenvCommands.join(" ")}; do command -v "$t" >/dev/null || { echo "missing $t"; exit 1; }; done`,
        `for t in ${hidden.join(" ")}; do if command -v "$t" >/dev/null; then echo "visible $t"; exit 1; fi; done`,
        "pkg-config --modversion zlib > version",
      ].join("\n"),
      installPhase: 'mkdir -p "$out/share" && cp version "$out/share/zlib-version"',
    });

const recipes = overlay(catalog, { "zlib-version": zlibUser(true), "zlib-version-undeclared": zlibUser(false) });
const work = await mkdtemp(join(tmpdir(), "crosscheck-tools-"));
const project = { ...(await resolveProject(process.cwd())), snapshotsDir: join(work, "snapshots"), cellsDir: join(work, "cells") };
const runner = await createCellRunner({ project, catalog: recipes, snapshotUpdate: "new" });
const matrixFile = join(work, "tools.yaml");
await writeFile(matrixFile, "build: [x86_64-linux]\nhost: [aarch64-multiplatform]\npackage: [zlib-version-undeclared, zlib-version]\ndefaults:\n  checks: [elf]\n");
const [undeclared, declared] = runner.loadMatrix(matrixFile).cells;

beforeAll(async () => {
  await runner.provision(() => undefined);
}, 30 * 60_000);

test("a build that runs pkg-config without declaring it fails, and names the tool", { timeout: 20 * 60_000 }, async () => {
  const run = await runner.run(undeclared!);
  expect(run.outcome.state).toBe("failed");
  expect(run.failure?.category.id).toBe("undeclared-tool");
  expect(run.failure?.lines.map((l) => l.text).join("\n")).toMatch(/ran `pkg-config`, which none of its inputs provides/);
});

test("with pkg-config in nativeBuildInputs it builds and finds the host's zlib", { timeout: 20 * 60_000 }, async () => {
  const run = await runner.run(declared!);
  expect(run.outcome.state, run.failure?.message ?? run.outcome.message).toBe("passed");
  const out = outputPath(localStoreDir(), run.plan!.nodes[run.plan!.root]!);
  expect((await readFile(join(out, "share/zlib-version"), "utf8")).trim()).toBe("1.2.13");
});
