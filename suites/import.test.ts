/**
 * `crosscheck import` against the machine's real Debian archive (apt's lists, its repositories'
 * pools), from a project of the user's own outside the checkout: packages that are not in the
 * catalog (and not in issue 14's sanity list) drafted as recipes; each draft type-checks against
 * crosscheck's types, loads, and plans for aarch64 with `crosscheck plan`; two of them, libvorbis
 * with the libogg --with-deps brought in (autotools, a propagated library) and lz4 (a plain
 * Makefile, CC on make's command line), are built for aarch64 by the cell runner in Docker. Each
 * recipe is used as the importer wrote it: no hand edit.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createCellRunner } from "../harness/cell/index.ts";
import { loadCatalog, resolveProject } from "../harness/project/index.ts";
import { Planner, type Plan } from "../harness/planner/index.ts";
import { repoRoot, typecheck } from "./recipeGuide.testutil.ts";

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

const bin = join(repoRoot, "bin/crosscheck.mjs");
// The user's own shell: not this vitest run's settings.
const userEnv: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("CROSSCHECK_RUN") && k !== "VITEST" && !k.startsWith("VITEST_")));

function crosscheckWith(env: NodeJS.ProcessEnv, cwd: string, ...args: string[]): Promise<Result> {
  return new Promise((resolve) =>
    execFile(process.execPath, [bin, ...args], { cwd, env, maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

const crosscheck = (cwd: string, ...args: string[]): Promise<Result> => crosscheckWith(userEnv, cwd, ...args);

const work = mkdtempSync(join(tmpdir(), "crosscheck-import-"));
const project = join(work, "my-packages");
const recipes = join(project, "recipes");
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Small packages of the archive, none in the catalog: autotools, cmake (chosen by Debian or by the tarball), a Makefile, a source in a subdirectory, one without configure. */
const others = ["popt", "libyaml", "lz4", "cmark", "libsodium", "expat", "fribidi"];
const all = ["libvorbis", "libogg", ...others];
const timings: Record<string, number> = {};

beforeAll(() => {
  mkdirSync(join(project, "node_modules"), { recursive: true });
  symlinkSync(repoRoot, join(project, "node_modules/crosscheck"), "dir");
  writeFileSync(join(project, "package.json"), `${JSON.stringify({ name: "my-packages", private: true, type: "module" }, null, 2)}\n`);
  writeFileSync(join(project, "crosscheck.config.ts"), 'import { defineConfig } from "crosscheck";\n\nexport default defineConfig({ recipes: ["recipes"] });\n');
  mkdirSync(recipes);
});

const recipe = (attr: string) => readFileSync(join(recipes, `${attr}.ts`), "utf8");

test("import debian:libvorbis --with-deps writes libvorbis and the libogg it lacks, libogg propagated as libvorbis-dev depends on libogg-dev", { timeout: 10 * 60_000 }, async () => {
  const started = Date.now();
  const run = await crosscheck(project, "import", "debian:libvorbis", "--with-deps");
  timings["libvorbis --with-deps"] = Date.now() - started;
  expect(run.code, run.stdout + run.stderr).toBe(0);
  expect(run.stdout).toMatch(/^wrote {3}recipes\/libvorbis\.ts: libvorbis 1\.3\.7, autotools$/m);
  expect(run.stdout).toMatch(/^wrote {3}recipes\/libogg\.ts: libogg 1\.3\.5, autotools \(a build dependency of debian:libvorbis\)$/m);
  expect(run.stdout).not.toMatch(/does not plan/);
  expect(recipe("libvorbis")).toMatch(/propagatedBuildInputs: \[\n\s+libogg, \/\/ libogg-dev: Multi-Arch: same, a library; libvorbis's -dev package depends on it; source libogg\n\s+\],/);
  expect(recipe("libvorbis")).toContain('"--enable-static", // debian/rules:');
  expect(recipe("libogg")).toContain('license: "BSD-3-Clause"');
});

test("import several packages at once; the pinned tarball's bytes are the sha256 the .dsc gives", { timeout: 10 * 60_000 }, async () => {
  const started = Date.now();
  const run = await crosscheck(project, "import", ...others.map((p) => `debian:${p}`));
  timings[others.join(" ")] = Date.now() - started;
  expect(run.code, run.stdout + run.stderr).toBe(0);
  for (const attr of others) expect(existsSync(join(recipes, `${attr}.ts`)), attr).toBe(true);

  const systems = Object.fromEntries(all.map((attr) => [attr, /buildSystem: "([a-z]+)"/.exec(recipe(attr))?.[1]]));
  expect(systems).toEqual({ libvorbis: "autotools", libogg: "autotools", popt: "autotools", libyaml: "cmake", lz4: "make", cmark: "cmake", libsodium: "autotools", expat: "cmake", fribidi: "autotools" });
  // What decided it, and what a reviewer is told.
  expect(recipe("cmark")).toContain("// Debian builds it with dh --buildsystem=cmake; the tarball has CMakeLists.txt (it also has Makefile)");
  expect(recipe("libyaml")).toContain("// the tarball has CMakeLists.txt (it also has configure.ac)");
  expect(recipe("expat")).toMatch(/sourceRoot: "expat",\n\s+\/\/ the tree's build is in expat\/; expat\/ has CMakeLists\.txt/);
  expect(recipe("libsodium")).toContain('preConfigure: "autoreconf -fi"');
  expect(recipe("libsodium")).toContain("The tarball has no configure script");
  expect(recipe("lz4")).toContain("makeFlags: [\n      \"PREFIX=$(out)\"");
  expect(recipe("lz4")).toContain("`CC=${prefix}cc`");
  expect(recipe("lz4")).toContain("python3:any <!nocheck>");
  expect(recipe("popt")).toMatch(/no recipe in the package set: gettext: Multi-Arch: foreign, a tool; source gettext \[debian:gettext\]/);
  expect(recipe("fribidi")).toMatch(/nativeBuildInputs: \[\n\s+pkgconf, \/\/ pkg-config: a build tool/);
  expect(recipe("fribidi")).toContain("depsBuildBuild: [buildPackages.stdenv.cc], // configure.ac uses AX_PROG_CC_FOR_BUILD: a compiler for the build machine");
  expect(recipe("cmark")).toContain('checkPhase: "ctest --output-on-failure",');

  // Each pin is the bytes: the engine's source cache keeps the file under the sha256 it checked.
  const cache = join(process.env["CROSSCHECK_CACHE"] ?? join(process.env["HOME"] ?? "/root", ".cache/crosscheck"), "sources");
  for (const attr of all) {
    const [, origTarball, sha256] = /origTarball: "([^"]+)",\n\s+sha256: "([0-9a-f]{64})"/.exec(recipe(attr)) ?? [];
    expect(origTarball, attr).toBeDefined();
    const bytes = readFileSync(join(cache, `${sha256}-${origTarball}`));
    expect(createHash("sha256").update(bytes).digest("hex"), attr).toBe(sha256);
  }
});

test("every draft type-checks against crosscheck's types, loads in the project's package set and plans for aarch64", { timeout: 10 * 60_000 }, async () => {
  const diagnostics = typecheck(all.map((attr) => join(recipes, `${attr}.ts`)));
  for (const [file, found] of diagnostics) expect(found, file).toEqual([]);
  // The project's package set, as every command loads it.
  const planner = new Planner(await loadCatalog(await resolveProject(project)), "x86_64-linux");
  for (const attr of all) {
    const plan = planner.plan({ build: "x86_64-linux", host: "aarch64-multiplatform", package: attr });
    const root = plan.nodes[plan.root]!;
    expect([root.pname, root.host.config, root.attrs.src.kind], attr).toEqual([attr, "aarch64-unknown-linux-gnu", "debian"]);
  }
  // And the command a user runs.
  const command = await crosscheck(project, "plan", "--build", "x86_64-linux", "--host", "aarch64-multiplatform", "--json", "libvorbis");
  expect(command.code, command.stderr).toBe(0);
  const vorbis = JSON.parse(command.stdout) as Plan;
  const ogg = Object.values(vorbis.nodes).find((n) => n.pname === "libogg")!;
  expect(vorbis.nodes[vorbis.root]!.inputs.pkgsHostTarget.map((i) => i.id)).toContain(ogg.id);
  expect(ogg.host.config).toBe("aarch64-unknown-linux-gnu");
});

test("libvorbis (with libogg) and lz4 build for aarch64 as imported, in Docker through the cell runner", { timeout: 40 * 60_000 }, async () => {
  mkdirSync(join(project, "matrices"), { recursive: true });
  const matrixFile = join(project, "matrices/imported.yaml");
  // The build and its output's checks; the test suites under QEMU are left out (libvorbis's takes minutes).
  writeFileSync(matrixFile, "defaults:\n  checks: [elf, closure]\nbuild: [x86_64-linux]\nhost: [aarch64-multiplatform]\npackage: [libvorbis, lz4]\n");
  const runner = await createCellRunner({ project: await resolveProject(project), snapshotUpdate: "new" });
  await runner.provision(() => undefined);
  for (const cell of runner.loadMatrix(matrixFile).cells) {
    const started = Date.now();
    const run = await runner.run(cell);
    timings[`build ${cell.package}`] = Date.now() - started;
    expect(run.outcome.state, `${cell.package}: ${JSON.stringify(run.outcome)}`).toBe("passed");
  }
  console.log(`import test timings: ${Object.entries(timings).map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)}s`).join(", ")}`);
});

test("a mirror that does not answer is the machine's fault: said as that, status 3, no stack trace, nothing written", { timeout: 60_000 }, async () => {
  const into = join(work, "unwritten");
  // An empty source cache, so the tarball must be downloaded, from a port nothing listens on.
  const env = { ...userEnv, CROSSCHECK_CACHE: join(work, "empty-cache"), CROSSCHECK_DEBIAN_MIRROR: "http://127.0.0.1:9/debian" };
  const run = await crosscheckWith(env, project, "import", "debian:popt", "--into", into);
  expect(run.code).toBe(3);
  expect(run.stderr).toMatch(/crosscheck import: a fault of this machine \(fetch\), not of what you gave: could not fetch popt_[^ ]+\.orig\.tar\.xz:\n {2}http:\/\/127\.0\.0\.1:9\/debian\/pool\/main\/p\/popt\/popt_/);
  expect(run.stderr).toContain("run it again");
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(existsSync(into)).toBe(false);
});

test("outside a project with a recipe directory, import says how to get one", { timeout: 60_000 }, async () => {
  const bare = join(work, "bare");
  mkdirSync(bare);
  const run = await crosscheck(bare, "import", "debian:popt");
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('crosscheck import: no crosscheck.config.ts here: add recipes: ["recipes"] to the project file (crosscheck init writes one), or give --into DIR');
});
