/**
 * crosscheck as a user takes it: packed, installed as a dev dependency of a project of their own
 * outside the checkout, `crosscheck init`, a recipe of their own, an overlay that overrides a
 * built-in package (zlib with an extra configure flag), `crosscheck run` from that project.
 * Everything the user owns is written in the project, nothing in the installed package.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function sh(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<Result> {
  return new Promise((resolve) =>
    execFile(command, args, { cwd, env, maxBuffer: 256 << 20 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

const checkout = process.cwd();
const work = mkdtempSync(join(tmpdir(), "crosscheck-user-"));
const project = join(work, "my-cross-packages");
const installed = join(project, "node_modules/crosscheck");
// The user's own shell: not inside a vitest run (its settings, and a test run's reports dir, must not leak in), and not in CI,
// where a missing snapshot fails instead of being written.
const userEnv: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("CROSSCHECK_RUN") && k !== "CROSSCHECK_REPORTS_DIR" && k !== "CI" && k !== "VITEST" && !k.startsWith("VITEST_")));
const crosscheck = (...args: string[]) => sh("npx", ["crosscheck", ...args], project, userEnv);

// A recipe of the project's own, built by its own phases (buildSystem custom), as a user
// writes one for a source without a build system.
const ownRecipe = `import type { Stdenv } from "crosscheck";

const source = '#include <ctype.h>\\n#include <stdio.h>\\nint main(int c, char **v) { for (char *p = v[1]; *p; p++) putchar(toupper(*p)); putchar(10); return 0; }\\n';

export default ({ stdenv }: { stdenv: Stdenv }) =>
  stdenv.mkDerivation({
    pname: "shout", version: "0.1", buildSystem: "custom",
    src: { kind: "inline", files: { "shout.c": source } },
    buildPhase: '$CC -o shout shout.c',
    installPhase: 'mkdir -p "$out/bin" && cp shout "$out/bin/"',
    doInstallCheck: true, installCheck: '"$out/bin/shout" cross | grep -qx CROSS',
  });
`;

// An overlay over the built-in catalog: zlib as crosscheck ships it, with one more flag.
const zlibOverlay = `import type { Derivation } from "crosscheck";

export default ({ prev }: { prev: Derivation }) =>
  prev.overrideAttrs((old) => ({ configureFlags: [...(old.configureFlags ?? []), "--zprefix"] }));
`;

const matrix = `name: cross
build: [x86_64-linux]
host: [aarch64-multiplatform, riscv64]
package: [greet, shout, zlib]
exclude:
  - { package: zlib, host: riscv64 }
`;

beforeAll(async () => {
  const packed = await sh("npm", ["pack", "--pack-destination", work, "--silent"], checkout);
  expect(packed.code, packed.stderr).toBe(0);
  const tarball = join(work, packed.stdout.trim().split("\n").at(-1)!);
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), `${JSON.stringify({ name: "my-cross-packages", version: "1.0.0", private: true }, null, 2)}\n`);
  const install = await sh("npm", ["install", "--save-dev", tarball, "--prefer-offline", "--no-audit", "--no-fund"], project, userEnv);
  expect(install.code, install.stderr).toBe(0);
}, 10 * 60_000);

// The project holds an npm install (about 400 packages): removing it takes more than vitest's
// default 10 s on a loaded 2-core machine, and an async removal keeps the worker answering.
afterAll(() => rm(work, { recursive: true, force: true }), 5 * 60_000);

test("init scaffolds a project whose matrix is green right away, with an own recipe and an overlay of a built-in package", { timeout: 40 * 60_000 }, async () => {
  const init = await crosscheck("init");
  expect(init.code, init.stderr).toBe(0);
  for (const file of ["crosscheck.config.ts", "recipes/greet.ts", "matrices/cross.yaml", ".github/workflows/crosscheck.yml", ".gitignore"]) expect(existsSync(join(project, file)), file).toBe(true);
  expect(init.stdout).toContain("npx crosscheck run");

  const scaffolded = await crosscheck("run");
  expect(scaffolded.code, scaffolded.stdout + scaffolded.stderr).toBe(0);
  expect(scaffolded.stdout).toContain("cross: 3 of 3 cells");

  writeFileSync(join(project, "recipes/shout.ts"), ownRecipe);
  writeFileSync(join(project, "recipes/zlib.ts"), zlibOverlay);
  writeFileSync(join(project, "matrices/cross.yaml"), matrix);
  const run = await crosscheck("run");
  expect(run.code, run.stdout + run.stderr).toBe(0);
  // The run's own directory under reports/runs: the newest, this run's.
  const runDir = join(project, "reports/runs", readdirSync(join(project, "reports/runs")).sort().at(-1)!);
  const results = JSON.parse(readFileSync(join(runDir, "vitest-results.json"), "utf8")) as { numPassedTests: number; numFailedTests: number; testResults: { assertionResults: { title: string; status: string }[] }[] };
  const cells = results.testResults.flatMap((f) => f.assertionResults).map((a) => `${a.title} ${a.status}`).sort();
  expect(cells).toEqual([
    "greet@x86_64-linux~aarch64-multiplatform passed",
    "greet@x86_64-linux~riscv64 passed",
    "shout@x86_64-linux~aarch64-multiplatform passed",
    "shout@x86_64-linux~riscv64 passed",
    "zlib@x86_64-linux~aarch64-multiplatform passed",
  ]);

  // What the user owns is in the project (the scaffolded run's snapshots too); the installed
  // package holds none of it.
  expect(readdirSync(join(project, "snapshots/cross")).sort()).toEqual([
    "greet@x86_64-linux~aarch64-multiplatform.yaml",
    "greet@x86_64-linux~armv7l-hf-multiplatform.yaml",
    "greet@x86_64-linux~riscv64.yaml",
    "shout@x86_64-linux~aarch64-multiplatform.yaml",
    "shout@x86_64-linux~riscv64.yaml",
    "zlib@x86_64-linux~aarch64-multiplatform.yaml",
  ]);
  // Each run's results in a directory of its own, none of them in the plain vitest layout.
  expect(readdirSync(join(project, "reports")).filter((f) => f.startsWith("allure-results"))).toEqual([]);
  expect(readdirSync(join(project, "reports/runs"))).toHaveLength(2);
  expect(readdirSync(runDir)).toEqual(expect.arrayContaining(["allure-results", "run.json", "cells.jsonl", "summary.json"]));
  for (const owned of ["snapshots", "reports", ".crosscheck"]) expect(existsSync(join(installed, owned)), owned).toBe(false);

  // The override is in the plan: the flag reaches zlib's configure, and only the project's zlib.
  const plan = await crosscheck("plan", "--build", "x86_64-linux", "--host", "aarch64-multiplatform", "--json", "zlib");
  expect(plan.code, plan.stderr).toBe(0);
  const { root, nodes } = JSON.parse(plan.stdout) as { root: string; nodes: Record<string, { attrs: { configureFlags: string[] } }> };
  expect(nodes[root]!.attrs.configureFlags).toEqual(["--shared", "--zprefix"]);

  // A second run compares with the snapshots the first one wrote.
  const again = await crosscheck("run", "--cell", "zlib@*");
  expect(again.code, again.stdout + again.stderr).toBe(0);
});

test("a matrix naming an unknown package is refused at its place, with the closest name", { timeout: 5 * 60_000 }, async () => {
  writeFileSync(join(project, "matrices/typo.yaml"), "build: [x86_64-linux]\nhost: [riscv64]\npackage: [shuot]\n");
  const run = await crosscheck("run", "matrices/typo.yaml");
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/matrices\/typo\.yaml:3:11: unknown package 'shuot'; did you mean 'shout'\?/);
  expect(run.stderr).not.toMatch(/\n\s+at /);
});
