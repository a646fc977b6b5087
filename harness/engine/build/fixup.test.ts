/**
 * The fixup phase with a real container: a package that installs its program read-only (as
 * perl's `make install` does its XS modules) still gets its debug sections stripped, so the
 * build directory they record does not reach the output; and installed scripts get the host
 * input's interpreter in their `#!` line (patchShebangs --host).
 */
import { availableParallelism } from "node:os";
import { mkdtemp, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, expect, test } from "vitest";
import { Planner, type Catalog, type Package, type Stdenv } from "../../planner/index.ts";
import gcc from "../../../recipes/gcc.ts";
import { canProvision } from "../testing.ts";
import { provisionForRun } from "../machine/provisionForRun.ts";
import { Scheduler } from "./scheduler.ts";
import { outputPath } from "../store/localStore.ts";

/** An interpreter in the store that is not among the host inputs (as the build's own perl would be). */
const buildInterp = "/crosscheck/store/00000000000000000000000000000000-build-interp/bin/interp";

const catalog: Catalog = {
  gcc,
  readonly: (({ stdenv }: { stdenv: Stdenv }) =>
    stdenv.mkDerivation({
      pname: "readonly",
      version: "1",
      src: { kind: "inline", files: { "prog.c": "int main(void) { return 0; }\n", Makefile: "prog: prog.c\n\t$(CC) -g -o prog prog.c\n" } },
      buildSystem: "make",
      installPhase: 'mkdir -p "$out/bin" && install -m 0555 prog "$out/bin/prog"',
    })) as Catalog[string],
  interp: (({ stdenv }: { stdenv: Stdenv }) =>
    stdenv.mkDerivation({
      pname: "interp",
      version: "1",
      src: { kind: "inline", files: { interp: "#!/bin/sh\necho interp\n" } },
      buildSystem: "custom",
      buildPhase: "true",
      installPhase: 'mkdir -p "$out/bin" && install -m 0755 interp "$out/bin/interp"',
    })) as Catalog[string],
  scripts: (({ stdenv, interp }: { stdenv: Stdenv; interp: Package }) =>
    stdenv.mkDerivation({
      pname: "scripts",
      version: "1",
      src: { kind: "inline", files: { a: "#!/usr/bin/interp -x\n", b: "#! /usr/bin/env interp\n", c: "#!/bin/sh\n", d: "#!/usr/bin/interp\n", e: `#!${buildInterp}\n`, f: `#!${buildInterp}\n` } },
      buildSystem: "custom",
      buildPhase: "true",
      buildInputs: [interp],
      installPhase: 'mkdir -p "$out/bin" "$out/share" && install -m 0755 a b c e f "$out/bin" && install -m 0644 d "$out/share"',
      postFixup: 'patchShebangs --update "$out/bin/f"',
    })) as Catalog[string],
};

beforeAll(async () => {
  if (canProvision) await provisionForRun(() => undefined);
}, 30 * 60_000);

test.skipIf(!canProvision)("a read-only installed program is made writable and stripped", { timeout: 10 * 60_000 }, async () => {
  const store = await mkdtemp(join(tmpdir(), "crosscheck-store-"));
  const plan = new Planner(catalog, "x86_64-linux").plan({ build: "x86_64-linux", host: "x86_64-linux", package: "readonly" });
  const result = await new Scheduler({ store, cores: availableParallelism(), jobs: 1 }).realize(plan, { timeoutMs: 5 * 60_000 });
  expect(result.failed).toBeNull();
  const prog = join(outputPath(store, plan.nodes[plan.root]!), "bin", "prog");
  expect((await stat(prog)).mode & 0o200).toBe(0o200);
  // -g recorded the build directory (DW_AT_comp_dir); strip -S removed it with the debug sections.
  expect((await readFile(prog)).includes("/build/")).toBe(false);
});

test.skipIf(!canProvision)("scripts' interpreters are looked up in the host inputs", { timeout: 10 * 60_000 }, async () => {
  const store = await mkdtemp(join(tmpdir(), "crosscheck-store-"));
  const plan = new Planner(catalog, "x86_64-linux").plan({ build: "x86_64-linux", host: "x86_64-linux", package: "scripts" });
  const result = await new Scheduler({ store, cores: availableParallelism(), jobs: 1 }).realize(plan, { timeoutMs: 5 * 60_000 });
  expect(result.failed).toBeNull();
  const out = outputPath(store, plan.nodes[plan.root]!);
  const firstLine = async (path: string) => (await readFile(join(out, path), "utf8")).split("\n")[0];
  const interp = Object.values(plan.nodes).find((n) => n.pname === "interp")!;
  expect(await firstLine("bin/a")).toBe(`#!/crosscheck/store/${interp.storeName}/bin/interp -x`);
  expect(await firstLine("bin/b")).toBe(`#!/crosscheck/store/${interp.storeName}/bin/interp`);
  // No shell among the host inputs: left as it was. Not executable: not a script to patch.
  expect(await firstLine("bin/c")).toBe("#!/bin/sh");
  expect(await firstLine("share/d")).toBe("#!/usr/bin/interp");
  // In the store already: left alone, unless a hook asks for --update.
  expect(await firstLine("bin/e")).toBe(`#!${buildInterp}`);
  expect(await firstLine("bin/f")).toBe(`#!/crosscheck/store/${interp.storeName}/bin/interp`);
});
