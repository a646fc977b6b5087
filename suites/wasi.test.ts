/**
 * wasm32-wasi cells as a user runs them (`crosscheck run` in a project of its own): a tiny C
 * program built by wasi32's clang, its installCheck run under Node's WASI, passes; the same
 * package with a native ELF program planted beside it (built by the build machine's compiler, as
 * a package that installs a build tool by mistake would) fails the cell at the elf check, the
 * file named.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { canProvision } from "../harness/engine/testing.ts";
import type { RunSummary } from "../harness/report/index.ts";
import { TinyProject } from "./tinyProject.testutil.ts";

const source = (nonce: string) => `/* ${nonce} */\n#include <stdio.h>\nint main(void) { puts("hello from wasm"); return 0; }\n`;

/** A recipe of the program for the host; `planted` also installs the build machine's build of it. */
const recipe = (nonce: string, planted: boolean) => `export default ({ stdenv, buildPackages }: { stdenv: any; buildPackages: any }) =>
  stdenv.mkDerivation({
    pname: "${planted ? "planted" : "greeter"}", version: "0.1", buildSystem: "custom",
    src: { kind: "inline", files: { "greeter.c": ${JSON.stringify(source(nonce))} } },
    depsBuildBuild: ${planted ? "[buildPackages.stdenv.cc]" : "[]"},
    buildPhase: ${JSON.stringify(`$CC -O1 -o greeter greeter.c${planted ? " && $CC_FOR_BUILD -O1 -o greeter-native greeter.c" : ""}`)},
    installPhase: ${JSON.stringify(`mkdir -p "$out/bin" && cp greeter${planted ? " greeter-native" : ""} "$out/bin/"`)},
    doInstallCheck: true,
    installCheck: '"$out/bin/greeter" | grep -qx "hello from wasm"',
  });
`;

test.skipIf(!canProvision)("a wasi32 program passes its installCheck under node:wasi; a native ELF in a wasi output fails the cell", { timeout: 30 * 60_000 }, async () => {
  const project = new TinyProject({});
  try {
    writeFileSync(join(project.dir, "recipes/greeter.ts"), recipe(project.nonce, false));
    writeFileSync(join(project.dir, "recipes/planted.ts"), recipe(project.nonce, true));
    writeFileSync(join(project.dir, "matrices/tiny.yaml"), "name: tiny\nbuild: [x86_64-linux]\nhost: [wasi32]\npackage: [greeter, planted]\ndefaults:\n  checks: [installCheck, elf]\n");
    const ran = await project.run("--reporter=json");
    const summary = JSON.parse(ran.stdout) as RunSummary;
    const byCell = Object.fromEntries(summary.results.map((r) => [r.cell, r]));
    expect(byCell["greeter@x86_64-linux~wasi32"], ran.stderr).toMatchObject({ state: "passed" });
    // Ran, not skipped: a cell whose installCheck had no runner would pass with a note saying so.
    expect(byCell["greeter@x86_64-linux~wasi32"]!.notes ?? []).not.toContainEqual(expect.stringMatching(/installCheck/));
    expect(byCell["planted@x86_64-linux~wasi32"], ran.stderr).toMatchObject({ state: "failed" });
    expect(byCell["planted@x86_64-linux~wasi32"]!.message).toMatch(/bin\/greeter-native.*is an ELF (PIE )?executable for x86-64, but the host wasm32-unknown-wasi runs WebAssembly modules/);
    expect(ran.code).toBe(1);
  } finally {
    project.remove();
  }
});
