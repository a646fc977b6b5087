/**
 * A library nobody wrote a recipe for, taken from Debian's binary packages: libsodium-dev and
 * libsodium23 for arm64, pinned by their .debs' sha256, are store paths for the aarch64 host. A
 * program built against them (found through pkg-config, in the .pc file the derivation points at
 * its store path) runs under QEMU and hashes right; its runtime closure lists the Debian
 * library, with the host's platform, so the closure rules apply to it as to any package.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, expect, test } from "vitest";
import { debianBinary, overlay, type Package, type Stdenv } from "../harness/planner/index.ts";
import { createCellRunner } from "../harness/cell/index.ts";
import { resolveProject } from "../harness/project/index.ts";
import { catalog } from "../recipes/index.ts";

const version = "1.0.18-1+deb12u1";
const program = `#include <sodium.h>
#include <stdio.h>
int main(void) {
  unsigned char h[32];
  if (sodium_init() < 0) return 1;
  crypto_generichash(h, sizeof h, (const unsigned char *)"cross", 5, NULL, 0);
  for (int i = 0; i < 32; i++) printf("%02x", h[i]);
  printf("\\n");
  return 0;
}
`;
// BLAKE2b-256 of "cross", as Python's hashlib.blake2b(b"cross", digest_size=32) computes it.
const expected = "bf5f91f1a13e87d51d11be08cf6f245801070445699f918349fce02d9758d2de";

const recipes = overlay(catalog, {
  "libsodium23-deb": ({ stdenv }: { stdenv: Stdenv }) =>
    debianBinary(stdenv, {
      package: "libsodium23",
      source: "libsodium",
      version,
      sha256: { arm64: "9ba45ca22ac46604f1ac2a48cd1dc9f38f8e72bcd84e51f65be2c89400017d7d", amd64: "bceae6943d6e11fb53ec3f81d9630ec9ed03e51f89364902b05ebe402ae946ec" },
    }),
  "libsodium-dev-deb": ({ stdenv, "libsodium23-deb": runtime }: { stdenv: Stdenv; "libsodium23-deb": Package }) =>
    debianBinary(stdenv, {
      package: "libsodium-dev",
      source: "libsodium",
      version,
      sha256: { arm64: "6713440c957b2581bc7deab164ea99e80eab784c1004080c7a034fe6d95d178a", amd64: "96c76e95027592650b20987ceef189aa70c614dff3e6ec13c09b786149145700" },
      propagatedBuildInputs: [runtime],
    }),
  "sodium-hash": ({ stdenv, "libsodium-dev-deb": sodium, "pkg-config": pkgConfig }: { stdenv: Stdenv; "libsodium-dev-deb": Package; "pkg-config": Package }) =>
    stdenv.mkDerivation({
      pname: "sodium-hash",
      version: "1.0",
      src: { kind: "inline", files: { "sodium-hash.c": program } },
      buildSystem: "custom",
      nativeBuildInputs: [pkgConfig],
      buildInputs: [sodium],
      buildPhase: '$CC sodium-hash.c -o sodium-hash $(pkg-config --cflags --libs libsodium)',
      installPhase: 'mkdir -p "$out/bin" && cp sodium-hash "$out/bin/"',
      doInstallCheck: true,
      installCheck: `cd "$(mktemp -d)" && "$out/bin/sodium-hash" | tee hash.txt && grep -qx ${expected} hash.txt`,
    }),
});
const work = await mkdtemp(join(tmpdir(), "crosscheck-deb-"));
const project = { ...(await resolveProject(process.cwd())), snapshotsDir: join(work, "snapshots"), cellsDir: join(work, "cells") };
const runner = await createCellRunner({ project, catalog: recipes, snapshotUpdate: "new" });
const matrixFile = join(work, "deb.yaml");
await writeFile(matrixFile, "name: deb\nbuild: [x86_64-linux]\nhost: [aarch64-multiplatform]\npackage: [sodium-hash]\ndefaults:\n  checks: [installCheck, elf, closure]\n");
const [cell] = runner.loadMatrix(matrixFile).cells;

beforeAll(async () => {
  await runner.provision(() => undefined);
}, 30 * 60_000);

test("a program against Debian's libsodium for arm64 runs under QEMU, and its closure holds the Debian library for the host", { timeout: 20 * 60_000 }, async () => {
  const run = await runner.run(cell!);
  expect(run.outcome.state, run.failure?.message ?? run.closure?.report ?? run.outcome.message).toBe("passed");
  expect(run.installCheck!.status).toBe("passed");
  expect(run.installCheck!.log).toContain(expected);
  const plan = run.plan!;
  const deb = Object.values(plan.nodes).find((n) => n.pname === "libsodium23")!;
  expect(deb.host.config).toBe("aarch64-unknown-linux-gnu");
  expect(deb.attrs.src).toMatchObject({ kind: "debian", package: "libsodium", origTarball: `libsodium23_${version}_arm64.deb` });
  expect(run.closure!.report).toMatch(/ok/);
  const closure = run.closure!;
  expect(closure.findings).toEqual([]);
  const { readSnapshot } = await import("../harness/closure/snapshotFile.ts");
  const snapshot = (await readSnapshot(closure.snapshotPath, "deb/sodium-hash@x86_64-linux~aarch64-multiplatform"))!;
  // The -dev package is in the closure too: its lib/ holds the libsodium.so link, so the wrapper
  // gives the program an rpath to it (it counts links named *.so; see the issue note).
  expect(snapshot.outputs["sodium-hash"]!.closure.map((m) => [m.pname, m.host])).toEqual([
    ["libsodium-dev", "aarch64-unknown-linux-gnu"],
    ["libsodium23", "aarch64-unknown-linux-gnu"],
  ]);
  expect(snapshot.outputs["sodium-hash"]!.elf["bin/sodium-hash"]).toMatchObject({ machine: "AArch64", needed: expect.arrayContaining(["libsodium.so.23"]) });
});

test("a Debian binary package not pinned for the host's architecture is the recipe's error, naming what to add", () => {
  const riscv = runner.loadMatrix(matrixFile).cells[0]!;
  const plan = () => runner.plan({ ...riscv, host: { name: "riscv64", spec: "riscv64" }, target: { name: "riscv64", spec: "riscv64" } });
  expect(plan).toThrow(/recipe 'libsodium-dev': the Debian binary package libsodium-dev 1\.0\.18-1\+deb12u1 is pinned for amd64, arm64, not for riscv64 \(riscv64-unknown-linux-gnu\): add its sha256/);
});
