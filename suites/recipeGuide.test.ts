/**
 * docs/recipes.md, run: every ```ts example of the guide is written into a project's recipe
 * directory, loaded as crosscheck loads a user's recipes, type-checked against the package's
 * public types (`import ... from "crosscheck"`), planned natively (x86_64-linux) and cross
 * (aarch64-multiplatform) with the built-in catalog under it, and checked for what the text next
 * to it says; an example shown with an error must fail with exactly that error. The prose's
 * claims about the build systems, phases and propagation are checked with small probe recipes
 * against the planner and the engine's build script.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DependencyDirectionError,
  MissingPackageError,
  Planner,
  RecipeError,
  UnsatisfiableError,
  type BuildSystem,
  type Catalog,
  type DependencyElement,
  type MkDerivationArgs,
  type Package,
  type Plan,
  type PlanNode,
  type Stdenv,
} from "../harness/planner/index.ts";
import { loadCatalog, recipeFiles, resolveProject } from "../harness/project/index.ts";
import { lib } from "../harness/planner/lib.ts";
import { buildEnvironment } from "../harness/engine/index.ts";
import { installCheckScript } from "../harness/emulate/index.ts";
import { scriptContext, storeObject } from "../harness/engine/index.ts";
import { findOutputCheckViolations } from "../harness/closure/index.ts";
import { catalog as builtinCatalog } from "../recipes/index.ts";
import { debianPoolPath, fetchSource, sourceName, SourceMismatchError } from "../harness/engine/index.ts";
import { InfrastructureError } from "../harness/engine/index.ts";
import {
  A,
  B,
  depsIn,
  inputNamed,
  inputsIn,
  linesOf,
  nodeOf,
  phasesOf,
  readGuide,
  repoRoot,
  rootOf,
  scriptOf,
  storePath,
  triple,
  typecheck,
  writeProject,
  type TypeDiagnostic,
} from "./recipeGuide.testutil.ts";

const guidePath = join(repoRoot, "docs/recipes.md");
const examples = readGuide(readFileSync(guidePath, "utf8"));
const project = mkdtempSync(join(tmpdir(), "crosscheck-recipe-guide-"));
const paths = writeProject(project, examples);

/** Every output's store path of a node, as CMAKE_PREFIX_PATH lists a dependency (its out, then its dev). */
const outputPaths = (node: PlanNode): string => node.outputs.map((o) => `/crosscheck/store/${o.storeName}`).join(";");

/** The package set of the examples in `recipes/`, and of each other directory's over it. */
let catalog: Catalog;
const layered = new Map<string, Catalog>();
let diagnostics: Map<string, TypeDiagnostic[]>;
const savedCache = process.env["CROSSCHECK_CACHE"];

beforeAll(async () => {
  // Sources fetched by these tests go to a cache of their own.
  process.env["CROSSCHECK_CACHE"] = join(project, "cache");
  // As a project with `recipes: ["recipes"]` gets its package set.
  catalog = await loadCatalog({ recipeDirs: [join(project, "recipes")], builtinRecipes: true });
  for (const dir of new Set(examples.map((e) => e.dir))) {
    if (dir !== null && dir !== "recipes") layered.set(dir, await loadCatalog({ recipeDirs: [join(project, "recipes"), join(project, dir)], builtinRecipes: true }));
  }
  diagnostics = typecheck([...paths.values()]);
}, 120_000);

afterAll(() => {
  if (savedCache === undefined) delete process.env["CROSSCHECK_CACHE"];
  else process.env["CROSSCHECK_CACHE"] = savedCache;
  rmSync(project, { recursive: true, force: true });
});

const NATIVE = "x86_64-linux";
const CROSS = "aarch64-multiplatform";

/** One cell, planned by a fresh planner (so no earlier plan decides what a shared node records),
 * with the examples of `recipes/` (and of `dir`, if given, over them) over the built-in catalog. */
function plan(pkg: string, host: string, target: string = host, extra: Catalog = {}, dir: string | null = null): Plan {
  const base = dir === null || dir === "recipes" ? catalog : layered.get(dir)!;
  return new Planner({ ...base, ...extra }, "x86_64-linux").plan({ build: "x86_64-linux", host, target, canadian: false, package: pkg });
}

/** The error a plan fails with. */
function planError(pkg: string, host: string, extra: Catalog = {}, dir: string | null = null): Error {
  try {
    plan(pkg, host, host, extra, dir);
  } catch (error) {
    return error as Error;
  }
  throw new Error(`${pkg} for ${host} planned, but should not have`);
}

/** `sh -n`: the text parses as POSIX shell (dash, the builds' /bin/sh on Debian). */
function expectShellSyntax(text: string, what: string): void {
  const result = spawnSync("sh", ["-n"], { input: text, encoding: "utf8" });
  expect(result.status, `${what} is not valid sh: ${result.stderr}`).toBe(0);
}

/** A probe recipe of the tests' own: a small mkDerivation with an inline source. */
function probe(attrs: Partial<MkDerivationArgs>, lists: (pkgs: Record<string, Package>, stdenv: Stdenv) => Partial<MkDerivationArgs> = () => ({})) {
  return ((args: Record<string, Package> & { stdenv: Stdenv }) =>
    args.stdenv.mkDerivation({
      pname: "probe",
      version: "1",
      src: { kind: "inline", files: { "probe-1/README": "probe\n" } },
      ...attrs,
      ...lists(args, args.stdenv),
    })) as unknown as Catalog[string];
}

const has = (script: string, line: string) => expect(linesOf(script)).toContain(line);
const lacks = (script: string, text: string) => expect(script).not.toContain(text);

interface ExampleCheck {
  /** The pname of what the example's attribute plans to, when not the attribute's name (an override). */
  pname?: string;
  /** TypeScript rejects the example with an error matching this (else it must type-check). */
  typeError?: RegExp;
  /** The cells whose plan fails with the ```text block that follows the example, and the class. */
  fails?: { cells: ("native" | "cross")[]; error: new (...args: never[]) => Error };
  native?: (plan: Plan) => void | Promise<void>;
  cross?: (plan: Plan) => void | Promise<void>;
  /** Further claims the guide makes about the example. */
  more?: Record<string, () => void | Promise<void>>;
}

const checks: Record<string, ExampleCheck> = {
  "recipes/greet.ts": {
    native: (p) => {
      const greet = rootOf(p);
      expect(greet.name).toBe("greet-1.0");
      expect(greet.hasTarget).toBe(false);
      const cc = nodeOf(p, greet.cc!);
      expect(triple(cc)).toEqual([B, B, B]);
      expect(cc.toolchain!.targetPrefix).toBe("");
      expect(greet.inputs.pkgsBuildHost.map((i) => i.id)).toContain(cc.id);
      expect(greet.attrs.doCheck).toBe(true);
      expect(greet.attrs.strictDeps).toBe(false);
      const script = scriptOf(p, greet);
      has(script, "export CC=cc");
      expect(phasesOf(script)).toContain("check");
      has(script, 'make -j"$NIX_BUILD_CORES" check');
      has(script, "make 'PREFIX=$(out)' install");
    },
    cross: (p) => {
      const greet = rootOf(p);
      expect(greet.name).toBe("greet-aarch64-unknown-linux-gnu-1.0");
      expect(triple(greet)).toEqual([B, A, A]);
      const cc = nodeOf(p, greet.cc!);
      expect(triple(cc)).toEqual([B, B, A]);
      expect(cc.toolchain!.targetPrefix).toBe("aarch64-unknown-linux-gnu-");
      expect(greet.attrs.strictDeps).toBe(true);
      const script = scriptOf(p, greet);
      has(script, "export CC=aarch64-unknown-linux-gnu-cc");
      has(script, "export AR=aarch64-unknown-linux-gnu-ar");
      has(script, "export STRIP=aarch64-unknown-linux-gnu-strip");
      has(script, "make 'PREFIX=$(out)' install");
      // Checks: off in the plan, what was asked kept, with the emulator the `checkPhase` check uses.
      expect(greet.attrs.doCheck).toBe(false);
      expect(greet.checks).toMatchObject({ requestedDoCheck: true, buildCanExecuteHost: false, emulator: { kind: "qemu", command: "qemu-aarch64" } });
      expect(phasesOf(script)).not.toContain("check");
      const emulated = scriptOf(p, greet, { emulatedCheck: true });
      expect(phasesOf(emulated)).toContain("check");
      has(emulated, 'make -j"$NIX_BUILD_CORES" check');
      // The environment every build has.
      has(script, "export SOURCE_DATE_EPOCH=315532800 LC_ALL=C");
      has(script, `export CROSSCHECK_BUILD=${B} CROSSCHECK_HOST=${A} CROSSCHECK_TARGET=${A}`);
      lacks(script, "CC_FOR_BUILD");
      lacks(script, "CC_FOR_TARGET");
      // No host inputs: no HOST_PATH, no patchShebangs; the fixup still strips with the host's strip.
      lacks(script, "HOST_PATH");
      lacks(script, "patchShebangs");
      has(script, 'for o in $outputs; do eval "chmod -R u+w,u-s,g-s \\"\\$$o\\""; done');
      has(script, 'for d in lib lib32 lib64 libexec bin sbin; do [ -d "$p/$d" ] || continue');
      expect(script).toContain('${STRIP:-strip} -S "$f"');
    },
    more: {
      "for a static host the name says -static too": () => {
        const host = { config: "x86_64-unknown-linux-musl", isStatic: true };
        const p = new Planner(catalog, "x86_64-linux").plan({ build: "x86_64-linux", host, target: host, canadian: false, package: "greet" });
        expect(rootOf(p).name).toBe("greet-static-x86_64-unknown-linux-musl-1.0");
      },
      "its inline source can be fetched": async () => {
        const fetched = await fetchSource(rootOf(plan("greet", NATIVE)).attrs.src);
        expect(fetched?.kind).toBe("directory");
        expect(readFileSync(join(fetched!.path, "greet-1.0/Makefile"), "utf8")).toContain("\t$(CC) $(CFLAGS) -o $@ greet.c");
      },
      "it has no target: one build serves every target, and CROSSCHECK_TARGET is its host": () => {
        const forAarch64Target = plan("greet", NATIVE, CROSS);
        expect(forAarch64Target.root).toBe(plan("greet", NATIVE).root);
        has(scriptOf(forAarch64Target, rootOf(forAarch64Target)), `export CROSSCHECK_BUILD=${B} CROSSCHECK_HOST=${B} CROSSCHECK_TARGET=${B}`);
      },
      "PATH has stdenv's tools, not the unprefixed compiler and binutils nor anything undeclared": () => {
        const script = scriptOf(plan("greet", CROSS), rootOf(plan("greet", CROSS)));
        const packages = /dpkg-query -L ([^|]+) \|/.exec(script)?.[1]?.trim().split(" ");
        expect(packages).toEqual(expect.arrayContaining(["coreutils", "make", "sed", "tar", "grep", "mawk"]));
        for (const denied of ["binutils", "gcc", "gcc-12", "cpp", "g++", "pkgconf", "perl", "python3"]) expect(packages, denied).not.toContain(denied);
      },
    },
  },

  "recipes/pkgconfig-typo.ts": {
    fails: { cells: ["native", "cross"], error: MissingPackageError },
    more: {
      "buildPackages is not spliced: buildPackages.file is the build machine's in any list": () => {
        const p = plan("probe", CROSS, CROSS, { probe: probe({}, (pkgs) => ({ buildInputs: [(pkgs["buildPackages"] as unknown as { file: Package }).file] })) });
        expect(depsIn(p, rootOf(p), "buildInputs")[0]!.node.host.config).toBe(B);
      },
      "in a cross build, targetPackages has only stdenv.cc": () => {
        const reads = (name: string) => ({
          probe: ((args: { stdenv: Stdenv; targetPackages: Record<string, unknown> }) => {
            void args.targetPackages[name];
            return args.stdenv.mkDerivation({ pname: "probe", version: "1", src: { kind: "inline", files: { a: "" } } });
          }) as unknown as Catalog[string],
        });
        expect(() => plan("probe", CROSS, CROSS, reads("stdenv"))).not.toThrow();
        expect(planError("probe", CROSS, reads("zlib")).message).toMatch(/^recipe 'probe': 'zlib' of post-stage after .*: the post-stage \(targetPackages of the final stage\) only has stdenv\.cc$/);
        expect(() => plan("probe", NATIVE, NATIVE, reads("zlib"))).not.toThrow();
      },
    },
  },

  "recipes/uses-patches.ts": {
    typeError: /Object literal may only specify known properties, and 'patches' does not exist/,
    fails: { cells: ["native", "cross"], error: RecipeError },
    more: {
      "a missing version is refused too": () => {
        const error = planError("probe", NATIVE, { probe: probe({ version: undefined as unknown as string }) });
        expect(error.message).toBe("recipe 'probe': mkDerivation needs a version");
      },
      "a recipe must return mkDerivation's result": () => {
        const error = planError("probe", NATIVE, { probe: (() => ({ pname: "probe" })) as unknown as Catalog[string] });
        expect(error.message).toBe("recipe 'probe': must return a derivation: stdenv.mkDerivation({...}), or an override of a package");
      },
      "flags and env values are passed as quoted words, nothing expanded": () => {
        const p = plan("probe", NATIVE, NATIVE, { probe: probe({ configureFlags: ["--with-data=$out/share"], env: { DATA: "$out/share" } }) });
        const script = scriptOf(p, rootOf(p));
        has(script, `./configure --prefix="$out" '--with-data=$out/share'`);
        has(script, "export DATA='$out/share'");
      },
      "env is exported after crosscheck's variables, so it can replace CC": () => {
        const p = plan("probe", CROSS, CROSS, { probe: probe({ env: { CC: "my-cc" } }) });
        const lines = linesOf(scriptOf(p, rootOf(p)));
        expect(lines.indexOf("export CC=my-cc")).toBeGreaterThan(lines.indexOf("export CC=aarch64-unknown-linux-gnu-cc"));
      },
      "there are no optional arguments: a default value never applies": () => {
        const recipe = (({ stdenv, nothere = null }: { stdenv: Stdenv; nothere?: Package | null }) =>
          stdenv.mkDerivation({ pname: "probe", version: "1", src: { kind: "inline", files: { a: "" } }, buildInputs: [nothere] })) as unknown as Catalog[string];
        expect(planError("probe", NATIVE, { probe: recipe })).toBeInstanceOf(MissingPackageError);
      },
    },
  },

  "recipes/libsodium23.ts": {
    native: (p) => expect(rootOf(p).attrs.src).toMatchObject({ kind: "debian", package: "libsodium", origTarball: "libsodium23_1.0.18-1+deb12u1_amd64.deb" }),
    cross: (p) => {
      const lib = rootOf(p);
      expect(lib.attrs.src).toMatchObject({ origTarball: "libsodium23_1.0.18-1+deb12u1_arm64.deb", sha256: "9ba45ca22ac46604f1ac2a48cd1dc9f38f8e72bcd84e51f65be2c89400017d7d" });
      expect(lib.host.config).toBe(A);
      has(scriptOf(p, lib), "mkdir deb && /usr/bin/dpkg-deb -x /crosscheck/src/libsodium23_1.0.18-1+deb12u1_arm64.deb deb");
    },
    more: {
      "a host it is not pinned for is the recipe's error, naming what to add": () => {
        expect(planError("libsodium23", "riscv64").message).toMatch(/^recipe 'libsodium23': the Debian binary package libsodium23 1\.0\.18-1\+deb12u1 is pinned for amd64, arm64, not for riscv64 \(riscv64-unknown-linux-gnu\): add its sha256 from the archive's Packages index for riscv64$/);
      },
    },
  },

  "recipes/libsodium-dev.ts": {
    native: (p) => expect(depsIn(p, rootOf(p), "propagatedBuildInputs").map((d) => d.node.pname)).toEqual(["libsodium23"]),
    cross: (p) => {
      const [runtime] = depsIn(p, rootOf(p), "propagatedBuildInputs");
      expect(runtime!.node.host.config).toBe(A);
      expect(rootOf(p).attrs.src).toMatchObject({ origTarball: "libsodium-dev_1.0.18-1+deb12u1_arm64.deb" });
    },
  },

  "recipes/gnu-hello.ts": {
    native: (p) => {
      const hello = rootOf(p);
      expect(hello.attrs.buildSystem).toBe("autotools");
      expect(hello.attrs.configurePlatforms).toEqual([]);
      has(scriptOf(p, hello), './configure --prefix="$out" --disable-nls');
      expect(scriptContext(p, hello, { emulatedCheck: false }).updateGnuConfig).toBe(false);
    },
    cross: (p) => {
      const hello = rootOf(p);
      expect(hello.attrs.configurePlatforms).toEqual(["build", "host"]);
      const script = scriptOf(p, hello);
      has(script, `./configure --prefix="$out" --build=${B} --host=${A} --disable-nls`);
      // aarch64 is not x86: config.sub and config.guess are replaced by Debian's first.
      expect(scriptContext(p, hello, { emulatedCheck: false }).updateGnuConfig).toBe(true);
      expect(script).toContain("cp /usr/share/misc/${f##*/}");
    },
    more: {
      "it pins the source the built-in hello pins": () => {
        expect(rootOf(plan("gnu-hello", NATIVE)).attrs.src).toEqual(rootOf(plan("hello", NATIVE)).attrs.src);
      },
      "Debian sources come from the pool by package and tarball name": () => {
        expect(debianPoolPath("hello", "hello_2.10.orig.tar.gz")).toBe("pool/main/h/hello/hello_2.10.orig.tar.gz");
        expect(debianPoolPath("libpng1.6", "libpng1.6_1.6.39.orig.tar.gz")).toBe("pool/main/libp/libpng1.6/libpng1.6_1.6.39.orig.tar.gz");
      },
      "with target in configurePlatforms, configure gets --target": () => {
        const p = plan("probe", CROSS, CROSS, { probe: probe({ configurePlatforms: ["build", "host", "target"] }) });
        has(scriptOf(p, rootOf(p)), `./configure --prefix="$out" --build=${B} --host=${A} --target=${A}`);
      },
    },
  },

  "recipes/hello-upstream.ts": {
    native: (p) => {
      const hello = rootOf(p);
      expect(sourceName(hello.attrs.src)).toBe("hello-2.12.1.tar.gz");
      expect(scriptOf(p, hello)).toContain("tar -xf /crosscheck/src/hello-2.12.1.tar.gz");
    },
    more: {
      "a download with another hash fails with the message the guide shows": async () => {
        const server = createServer((_req, res) => res.end("not hello\n"));
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        const port = (server.address() as AddressInfo).port;
        const pinned = "8d99142afd92576f30b0cd7cb42a8dc6809998bc5d607d88761f512e26c7db20";
        try {
          const fetching = fetchSource({ kind: "url", url: `http://127.0.0.1:${port}/hello-2.12.1.tar.gz`, sha256: pinned });
          await expect(fetching).rejects.toBeInstanceOf(SourceMismatchError);
          await expect(fetching).rejects.toThrow(
            new RegExp(`^hello-2\\.12\\.1\\.tar\\.gz: source checksum mismatch: pinned ${pinned}, got [0-9a-f]{64}\n  downloaded from http://127\\.0\\.0\\.1:${port}/hello-2\\.12\\.1\\.tar\\.gz; check the new bytes before updating the recipe's sha256$`),
          );
        } finally {
          server.close();
        }
      },
      "an unreachable server is an infrastructure fault": async () => {
        const server = createServer();
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        const port = (server.address() as AddressInfo).port;
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await expect(fetchSource({ kind: "url", url: `http://127.0.0.1:${port}/gone-1.0.tar.gz`, sha256: "0".repeat(64) })).rejects.toBeInstanceOf(InfrastructureError);
      },
    },
  },

  "recipes/mytool.ts": {
    native: (p) => expect(rootOf(p).attrs.src).toMatchObject({ kind: "path", path: "/srv/tarballs/mytool-0.3.tar.gz" }),
    more: {
      "a file with another hash fails, and the message gives the file's hash": async () => {
        const file = join(project, "mytool-0.3.tar.gz");
        writeFileSync(file, "not really a tarball\n");
        const fetching = fetchSource({ kind: "path", path: file, sha256: "0".repeat(64) });
        await expect(fetching).rejects.toBeInstanceOf(SourceMismatchError);
        await expect(fetching).rejects.toThrow(new RegExp(`^${file}: source checksum mismatch: pinned 0{64}, got [0-9a-f]{64}$`));
      },
      "a directory is not hashed, and editing it leaves the node id as it was": async () => {
        const dir = join(project, "mytool-src");
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, "main.c"), "int main(void) { return 0; }\n");
        await expect(fetchSource({ kind: "path", path: dir, sha256: "not a hash at all" })).resolves.toMatchObject({ kind: "directory", path: dir });
        const recipe = { probe: probe({ src: { kind: "path", path: dir, sha256: "0".repeat(64) } }) };
        const before = plan("probe", NATIVE, NATIVE, recipe).root;
        writeFileSync(join(dir, "main.c"), "int main(void) { return 1; }\n");
        expect(plan("probe", NATIVE, NATIVE, recipe).root).toBe(before);
      },
      "an inline source with no files plans, and is fetched as an empty directory": async () => {
        expect(() => plan("probe", NATIVE, NATIVE, { probe: probe({ src: { kind: "inline", files: {} } }) })).not.toThrow();
        const fetched = await fetchSource({ kind: "inline", files: {} });
        expect(fetched).toMatchObject({ kind: "directory" });
        expect(readdirSync(fetched!.path)).toEqual([]);
      },
    },
  },

  "recipes/zlib-chost.ts": {
    native: (p) => {
      const script = scriptOf(p, rootOf(p));
      lacks(script, "CHOST");
      // Its dev output gets the headers: configure is told where (multiple-outputs.sh's --includedir).
      has(script, './configure --prefix="$out" --includedir="$dev/include" --shared');
    },
    cross: (p) => {
      const zlib = rootOf(p);
      const script = scriptOf(p, zlib);
      has(script, `export CHOST=${A}`);
      has(script, './configure --prefix="$out" --includedir="$dev/include" --shared');
      // `$CHOST-gcc`, `$CHOST-ar`: the wrapper's names are exactly these.
      const tools = nodeOf(p, zlib.cc!).toolchain!.tools;
      for (const tool of ["gcc", "ar", "ranlib"]) expect(Object.keys(tools)).toContain(`${A}-${tool}`);
      // What the built-in zlib does.
      const builtin = rootOf(plan("zlib", CROSS)).attrs;
      expect({ env: zlib.attrs.env, configurePlatforms: zlib.attrs.configurePlatforms, configureFlags: zlib.attrs.configureFlags, src: zlib.attrs.src }).toEqual({
        env: builtin.env,
        configurePlatforms: builtin.configurePlatforms,
        configureFlags: builtin.configureFlags,
        src: builtin.src,
      });
    },
  },

  "recipes/zversion-cmake.ts": {
    native: (p) => {
      const root = rootOf(p);
      const zlib = depsIn(p, root, "buildInputs")[0]!.node;
      expect(zlib.host.config).toBe(B);
      const script = scriptOf(p, root);
      has(script, `cmake -S . -B build -DCMAKE_INSTALL_PREFIX="$out" -DCMAKE_BUILD_TYPE=Release '-DCMAKE_PREFIX_PATH=${outputPaths(zlib)}' -DCMAKE_C_STANDARD=99`);
      has(script, "cd build");
      has(script, "ctest --output-on-failure");
      // strictDeps is off natively: every input's bin/ is on PATH.
      expect(script).toMatch(new RegExp(`^export PATH=.*${storePath(zlib)}/bin`, "m"));
    },
    cross: (p) => {
      const root = rootOf(p);
      const zlib = depsIn(p, root, "buildInputs")[0]!.node;
      expect(zlib.host.config).toBe(A);
      const script = scriptOf(p, root);
      has(
        script,
        `cmake -S . -B build -DCMAKE_INSTALL_PREFIX="$out" -DCMAKE_BUILD_TYPE=Release '-DCMAKE_PREFIX_PATH=${outputPaths(zlib)}' ` +
          "-DCMAKE_SYSTEM_NAME=Linux -DCMAKE_SYSTEM_PROCESSOR=aarch64 -DCMAKE_C_COMPILER=aarch64-unknown-linux-gnu-cc " +
          "-DCMAKE_CXX_COMPILER=aarch64-unknown-linux-gnu-c++ -DCMAKE_FIND_ROOT_PATH_MODE_PROGRAM=NEVER -DCMAKE_C_STANDARD=99",
      );
      // strictDeps: the host's zlib is not on PATH, but on HOST_PATH.
      expect(script).not.toMatch(new RegExp(`^export PATH=.*${storePath(zlib)}/bin`, "m"));
      has(script, `export HOST_PATH=${zlib.outputs.map((o) => `/crosscheck/store/${o.storeName}/bin`).join(":")}`);
    },
  },

  "recipes/zversion-meson.ts": {
    native: (p) => {
      const root = rootOf(p);
      const script = scriptOf(p, root);
      has(script, 'meson setup build --prefix="$out" -Dbuildtype=release');
      lacks(script, "cross-file");
      has(script, 'ninja -j"$NIX_BUILD_CORES"');
      has(script, "meson test");
      has(script, "meson install");
    },
    cross: (p) => {
      const root = rootOf(p);
      const script = scriptOf(p, root);
      has(script, 'meson setup build --prefix="$out" --cross-file /build/cross-file.ini -Dbuildtype=release');
      // The cross file as the script writes it: its printf, run.
      const printf = /^printf '%s' ([\s\S]*?) > \/build\/cross-file\.ini$/m.exec(script)?.[1];
      expect(printf).toBeDefined();
      const written = spawnSync("sh", ["-c", `printf '%s' ${printf}`], { encoding: "utf8" });
      expect(written.stdout.split("\n")).toEqual([
        "[binaries]",
        "c = 'aarch64-unknown-linux-gnu-cc'",
        "cpp = 'aarch64-unknown-linux-gnu-c++'",
        "ar = 'aarch64-unknown-linux-gnu-ar'",
        "strip = 'aarch64-unknown-linux-gnu-strip'",
        "pkg-config = 'pkg-config'",
        "[host_machine]",
        "system = 'linux'",
        "cpu_family = 'aarch64'",
        "cpu = 'aarch64'",
        "endian = 'little'",
        "",
      ]);
      // pkg-config runs on the build machine and sees only the host inputs' .pc files.
      const pkgconf = inputNamed(p, root, "pkgsBuildHost", "pkgconf");
      expect(pkgconf.host).toBe(B);
      expect(script).toMatch(new RegExp(`^export PATH=.*${storePath(pkgconf.node)}/bin`, "m"));
      const zlib = inputNamed(p, root, "pkgsHostTarget", "zlib");
      // zlib's out and its dev, where the .pc file is (a dependency is its dev and what dev propagates).
      has(script, `export PKG_CONFIG_LIBDIR=${zlib.node.outputs.map((o) => `/crosscheck/store/${o.storeName}/lib/pkgconfig:/crosscheck/store/${o.storeName}/share/pkgconfig`).join(":")}`);
    },
  },

  "recipes/hooks-demo.ts": {
    native: (p) => {
      const script = scriptOf(p, rootOf(p));
      const said = [...script.matchAll(/^echo (\w+)/gm)].map((m) => m[1]);
      expect(said).toEqual(["postUnpack", "postPatch", "preConfigure", "postConfigure", "preBuild", "postBuild", "preCheck", "postCheck", "preInstall", "postInstall", "postFixup"]);
      expect(phasesOf(script)).toEqual(["unpack", "patch", "configure", "build", "check", "install", "fixup"]);
      has(script, `make -j"$NIX_BUILD_CORES" 'DATADIR=$(out)/share/hooks-demo'`);
      has(script, `make 'DATADIR=$(out)/share/hooks-demo' install`);
      // postFixup comes last, after strip.
      expect(script.lastIndexOf("echo postFixup")).toBeGreaterThan(script.indexOf("${STRIP:-strip}"));
    },
    cross: (p) => {
      const root = rootOf(p);
      const said = (s: string) => [...s.matchAll(/^echo (\w+)/gm)].map((m) => m[1]);
      expect(said(scriptOf(p, root))).not.toContain("preCheck");
      expect(said(scriptOf(p, root, { emulatedCheck: true }))).toEqual(expect.arrayContaining(["preCheck", "postCheck"]));
    },
    more: {
      "a phase with nothing to do is left out: patch without postPatch, configure of make without hooks": () => {
        const p = plan("probe", NATIVE, NATIVE, { probe: probe({ buildSystem: "make" }) });
        expect(phasesOf(scriptOf(p, rootOf(p)))).toEqual(["unpack", "build", "install", "fixup"]);
      },
      "preInstallCheck and postInstallCheck run around the installCheck, not in the build": () => {
        const p = plan("probe", NATIVE, NATIVE, { probe: probe({ preInstallCheck: "echo PRE-INSTALL-CHECK", postInstallCheck: "echo POST-INSTALL-CHECK", installCheck: "true" }) });
        const root = rootOf(p);
        for (const text of [scriptOf(p, root), buildEnvironment({ plan: p, node: root, source: null, updateGnuConfig: false })]) {
          lacks(text, "INSTALL-CHECK");
        }
        const lines = linesOf(installCheckScript(p, root, "true"));
        const [pre, command, post] = ["echo PRE-INSTALL-CHECK", "true", "echo POST-INSTALL-CHECK"].map((l) => lines.indexOf(l));
        expect(pre).toBeGreaterThan(0);
        expect(command).toBeGreaterThan(pre!);
        expect(post).toBeGreaterThan(command!);
      },
      "sourceRoot is entered after unpack's own cd into the single top directory": () => {
        const p = plan("probe", NATIVE, NATIVE, { probe: probe({ sourceRoot: "src" }) });
        const lines = linesOf(scriptOf(p, rootOf(p)));
        const intoTop = lines.findIndex((l) => l.startsWith('set -- */; if [ "$#" = 1 ]'));
        expect(intoTop).toBeGreaterThan(0);
        expect(lines.indexOf("cd src")).toBeGreaterThan(intoTop);
      },
    },
  },

  "recipes/wordcount.ts": {
    native: (p) => {
      const root = rootOf(p);
      const perl = depsIn(p, root, "buildInputs")[0]!.node;
      expect(perl.host.config).toBe(B);
      has(scriptOf(p, root), `export HOST_PATH=${storePath(perl)}/bin`);
    },
    cross: (p) => {
      const root = rootOf(p);
      const perl = depsIn(p, root, "buildInputs")[0]!.node;
      expect(perl.name).toBe("perl-aarch64-unknown-linux-gnu-5.36.0");
      const script = scriptOf(p, root);
      has(script, `export HOST_PATH=${storePath(perl)}/bin`);
      has(script, "patchShebangs() {");
      has(script, 'for o in $outputs; do eval "patchShebangs \\"\\$$o\\""; done');
      // custom with its own phases: no make at all.
      expect(script).not.toMatch(/^make /m);
      has(script, "true");
      has(script, 'install -D -m 755 wordcount "$out/bin/wordcount"');
    },
    more: {
      "patchShebangs gives a script the interpreter HOST_PATH has, and leaves /bin/sh alone": () => {
        const p = plan("wordcount", CROSS);
        const script = scriptOf(p, rootOf(p));
        const fn = /^patchShebangs\(\) \{\n[\s\S]*?\n\}$/m.exec(script)?.[0];
        expect(fn).toBeDefined();
        const dir = join(project, "shebangs");
        const hostPerl = join(dir, "host-perl", "bin");
        mkdirSync(hostPerl, { recursive: true });
        mkdirSync(join(dir, "out", "bin"), { recursive: true });
        writeFileSync(join(hostPerl, "perl"), "#!/bin/sh\n");
        chmodSync(join(hostPerl, "perl"), 0o755);
        writeFileSync(join(dir, "out", "bin", "wordcount"), "#!/usr/bin/env perl\nprint 1;\n");
        writeFileSync(join(dir, "out", "bin", "helper"), "#!/bin/sh\necho hi\n");
        writeFileSync(join(dir, "out", "bin", "built-with"), "#!/crosscheck/store/00000000000000000000000000000000-perl-5.36.0/bin/perl\nprint 1;\n");
        for (const f of ["wordcount", "helper", "built-with"]) chmodSync(join(dir, "out", "bin", f), 0o755);
        const patch = (args: string) => {
          const run = spawnSync("sh", ["-eu", "-c", `${fn}\npatchShebangs ${args}`, "sh", join(dir, "out")], { env: { ...process.env, HOST_PATH: hostPerl }, encoding: "utf8" });
          expect(run.status, run.stderr).toBe(0);
        };
        const first = (f: string) => readFileSync(join(dir, "out", "bin", f), "utf8").split("\n")[0];
        patch('"$1"');
        expect(first("wordcount")).toBe(`#!${hostPerl}/perl`);
        expect(first("helper")).toBe("#!/bin/sh");
        // An interpreter already in the store is left alone, unless --update.
        expect(first("built-with")).toBe("#!/crosscheck/store/00000000000000000000000000000000-perl-5.36.0/bin/perl");
        patch('--update "$1/bin"');
        expect(first("built-with")).toBe(`#!${hostPerl}/perl`);
      },
    },
  },

  "recipes/x86-only.ts": { fails: { cells: ["cross"], error: UnsatisfiableError } },
  "recipes/uses-x86-only.ts": { fails: { cells: ["cross"], error: UnsatisfiableError } },
  "recipes/needs-native.ts": {
    fails: { cells: ["cross"], error: UnsatisfiableError },
    more: {
      "badPlatforms matches patterns against the elaborated host": () => {
        const bad = { probe: probe({ meta: { badPlatforms: [{ parsed: { cpu: { name: "aarch64" } } }] } }) };
        expect(() => plan("probe", NATIVE, NATIVE, bad)).not.toThrow();
        expect(planError("probe", CROSS, bad).message).toMatch(/: meta\.badPlatforms includes aarch64-unknown-linux-gnu$/);
      },
      "lib.platforms are such lists: linux has aarch64 Linux, not Windows; all has both": () => {
        expect(() => plan("probe", "mingwW64", "mingwW64", { probe: probe({ meta: { platforms: lib.platforms.all } }) })).not.toThrow();
        const linuxOnly = { probe: probe({ meta: { platforms: lib.platforms.linux } }) };
        expect(() => plan("probe", CROSS, CROSS, linuxOnly)).not.toThrow();
        expect(planError("probe", "mingwW64", linuxOnly)).toBeInstanceOf(UnsatisfiableError);
      },
      "a compiler is cross when its target differs from its host": () => {
        const compiler = {
          probe: ((args: { stdenv: Stdenv }) => {
            void args.stdenv.targetPlatform;
            return args.stdenv.mkDerivation({ pname: "probe", version: "1", src: { kind: "inline", files: { a: "" } }, meta: { crossUnsupported: "no" } });
          }) as unknown as Catalog[string],
        };
        expect(() => plan("probe", NATIVE, NATIVE, compiler)).not.toThrow();
        expect(() => plan("probe", NATIVE, CROSS, compiler)).toThrow(UnsatisfiableError);
      },
    },
  },

  "recipes/pngview.ts": {
    native: (p) => {
      const root = rootOf(p);
      expect(inputNamed(p, root, "pkgsBuildHost", "pkgconf").host).toBe(B);
      expect(inputsIn(p, root, "pkgsHostTarget").map(({ pname, host, propagatedBy }) => ({ pname, host, propagatedBy }))).toEqual([
        { pname: "libpng", host: B, propagatedBy: null },
        { pname: "zlib", host: B, propagatedBy: "libpng" },
      ]);
    },
    cross: (p) => {
      const root = rootOf(p);
      const pkgconf = inputNamed(p, root, "pkgsBuildHost", "pkgconf");
      expect([pkgconf.node.build.config, pkgconf.host]).toEqual([B, B]);
      expect(depsIn(p, root, "nativeBuildInputs").map((d) => [d.node.pname, d.type])).toEqual([["pkgconf", "build→*"]]);
      expect(depsIn(p, root, "buildInputs").map((d) => [d.node.pname, d.type])).toEqual([["libpng", "host→*"]]);
      expect(inputsIn(p, root, "pkgsHostTarget").map(({ pname, host, propagatedBy }) => ({ pname, host, propagatedBy }))).toEqual([
        { pname: "libpng", host: A, propagatedBy: null },
        { pname: "zlib", host: A, propagatedBy: "libpng" },
      ]);
    },
  },

  "recipes/mkfont.ts": {
    native: (p) => {
      const script = scriptOf(p, rootOf(p));
      has(script, "export CC_FOR_BUILD=cc");
      has(script, "export CC=cc");
    },
    cross: (p) => {
      const root = rootOf(p);
      const [buildCc] = depsIn(p, root, "depsBuildBuild");
      expect(buildCc!.type).toBe("build→build");
      expect(triple(buildCc!.node)).toEqual([B, B, B]);
      expect(root.inputs.pkgsBuildBuild.map((i) => i.id)).toEqual([buildCc!.node.id]);
      const script = scriptOf(p, root);
      has(script, "export CC_FOR_BUILD=cc");
      has(script, "export CC=aarch64-unknown-linux-gnu-cc");
    },
    more: {
      "the same compiler in nativeBuildInputs is on PATH but gives no CC_FOR_BUILD": () => {
        const p = plan("probe", CROSS, CROSS, {
          probe: probe({}, (pkgs) => ({ nativeBuildInputs: [(pkgs["buildPackages"] as unknown as { stdenv: Stdenv }).stdenv.cc] })),
        });
        const root = rootOf(p);
        const [nativeCc] = depsIn(p, root, "nativeBuildInputs");
        const script = scriptOf(p, root);
        lacks(script, "CC_FOR_BUILD");
        expect(script).toMatch(new RegExp(`^export PATH=.*${storePath(nativeCc!.node)}/bin`, "m"));
      },
    },
  },

  "recipes/perl-gen.ts": {
    cross: (p) => {
      const perl = depsIn(p, rootOf(p), "propagatedBuildInputs")[0]!.node;
      expect(perl.host.config).toBe(A);
    },
  },

  "recipes/uses-perl-gen.ts": {
    native: (p) => {
      expect(inputsIn(p, rootOf(p), "pkgsBuildHost").map(({ pname, propagatedBy }) => [pname, propagatedBy])).toEqual(
        expect.arrayContaining([["perl-gen", null], ["perl", "perl-gen"]]),
      );
    },
    cross: (p) => {
      const root = rootOf(p);
      const gen = inputNamed(p, root, "pkgsBuildHost", "perl-gen");
      const perl = inputNamed(p, root, "pkgsBuildHost", "perl");
      expect([gen.host, gen.propagatedBy, perl.host, perl.propagatedBy]).toEqual([B, null, B, "perl-gen"]);
      const script = scriptOf(p, root);
      for (const n of [gen.node, perl.node]) expect(script).toMatch(new RegExp(`^export PATH=.*${storePath(n)}/bin`, "m"));
    },
    more: {
      "had perl-gen used propagatedNativeBuildInputs, perl would be dropped": () => {
        const wrongGen = ((args: { stdenv: Stdenv; perl: Package }) =>
          args.stdenv.mkDerivation({ pname: "perl-gen", version: "1.0", src: { kind: "inline", files: { a: "" } }, buildSystem: "custom", propagatedNativeBuildInputs: [args.perl] })) as unknown as Catalog[string];
        for (const host of [NATIVE, CROSS]) {
          const p = plan("uses-perl-gen", host, host, { "perl-gen": wrongGen });
          const everything = Object.values(rootOf(p).inputs).flat().map((i) => nodeOf(p, i.id).pname);
          expect(everything).toContain("perl-gen");
          expect(everything).not.toContain("perl");
        }
      },
    },
  },

  "recipes/mycc.ts": {
    native: (p) => {
      const root = rootOf(p);
      expect(root.hasTarget).toBe(true);
      for (const d of root.deps) expect(triple(nodeOf(p, d.id)).slice(0, 2)).toEqual([B, B]);
      has(scriptOf(p, root), "export CC_FOR_TARGET=cc");
    },
    cross: (p) => {
      const root = rootOf(p);
      const [targetZlib] = depsIn(p, root, "depsTargetTarget");
      const [hostZlib] = depsIn(p, root, "buildInputs");
      expect(targetZlib!.node.host.config).toBe(A);
      expect(targetZlib!.node.id).toBe(hostZlib!.node.id);
      has(scriptOf(p, root), "export CC_FOR_TARGET=aarch64-unknown-linux-gnu-cc");
    },
    more: {
      "as (x86_64, x86_64, aarch64) it is a cross compiler with the lists the guide describes": () => {
        const p = plan("mycc", NATIVE, CROSS);
        const root = rootOf(p);
        expect(triple(root)).toEqual([B, B, A]);
        const [gcc] = depsIn(p, root, "depsBuildTarget");
        expect([gcc!.type, ...triple(gcc!.node), gcc!.node.toolchain!.targetPrefix]).toEqual(["build→target", B, B, A, "aarch64-unknown-linux-gnu-"]);
        const [tcc] = depsIn(p, root, "depsHostHost");
        expect([tcc!.type, ...triple(tcc!.node)]).toEqual(["host→host", B, B, B]);
        const [targetZlib] = depsIn(p, root, "depsTargetTarget");
        expect([targetZlib!.type, targetZlib!.node.host.config]).toEqual(["target→*", A]);
        expect(root.inputs.pkgsTargetTarget.map((i) => i.id)).toEqual([targetZlib!.node.id]);
        const [ownZlib] = depsIn(p, root, "buildInputs");
        expect(ownZlib!.node.host.config).toBe(B);
        const script = scriptOf(p, root);
        has(script, "export CC_FOR_TARGET=aarch64-unknown-linux-gnu-cc");
        has(script, "export CC=cc");
        // pkgsTargetTarget: not on the compilers' search paths, pkg-config's or HOST_PATH; only on
        // PATH, because a package built on and for the build machine has strictDeps off.
        expect(root.attrs.strictDeps).toBe(false);
        for (const line of linesOf(script).filter((l) => l.includes(storePath(targetZlib!.node)))) expect(line).toMatch(/^export PATH=/);
        expect(script).toMatch(new RegExp(`^export PATH=.*${storePath(targetZlib!.node)}/bin`, "m"));
      },
      "tcc in buildInputs instead would be the one that emits aarch64 code": () => {
        const user = { probe: probe({}, (pkgs, stdenv) => (void stdenv.targetPlatform, { buildInputs: [pkgs["tcc"]!] })) };
        const p = plan("probe", NATIVE, CROSS, user);
        const [tcc] = depsIn(p, rootOf(p), "buildInputs");
        expect([tcc!.type, ...triple(tcc!.node)]).toEqual(["host→target", B, B, A]);
      },
    },
  },

  "recipes/backwards.ts": {
    typeError: /'depsHostBuild' does not exist/,
    fails: { cells: ["native", "cross"], error: DependencyDirectionError },
    more: {
      "a string in a list is refused, null is skipped": () => {
        const strings = { probe: probe({ buildInputs: ["zlib"] as unknown as DependencyElement[] }) };
        expect(planError("probe", NATIVE, strings).message).toBe("recipe 'probe': buildInputs: dependency is not of a valid type (string)");
        const nulls = { probe: probe({}, (pkgs) => ({ buildInputs: [null, pkgs["zlib"]!] })) };
        expect(rootOf(plan("probe", CROSS, CROSS, nulls)).deps.map((d) => d.list)).toEqual(["buildInputs"]);
      },
    },
  },

  "recipes/zlib-both.ts": {
    native: (p) => {
      const root = rootOf(p);
      expect(depsIn(p, root, "nativeBuildInputs")[0]!.node.id).toBe(depsIn(p, root, "buildInputs")[0]!.node.id);
    },
    cross: (p) => {
      const root = rootOf(p);
      const tool = inputNamed(p, root, "pkgsBuildHost", "zlib");
      const lib = inputNamed(p, root, "pkgsHostTarget", "zlib");
      expect([tool.node.name, tool.host, lib.node.name, lib.host]).toEqual(["zlib-1.2.13", B, "zlib-aarch64-unknown-linux-gnu-1.2.13", A]);
      expect(tool.node.id).not.toBe(lib.node.id);
    },
  },

  "recipes/wrong-zlib.ts": {
    cross: (p) => {
      const root = rootOf(p);
      const [zlib] = depsIn(p, root, "buildInputs");
      expect([zlib!.type, zlib!.node.host.config]).toEqual(["host→*", B]);
      expect(inputNamed(p, root, "pkgsHostTarget", "zlib").host).toBe(B);
    },
  },

  "recipes/nested-optionals.ts": {
    cross: (p) => {
      const root = rootOf(p);
      expect(inputNamed(p, root, "pkgsBuildHost", "zlib").host).toBe(A);
      expect(inputNamed(p, root, "pkgsBuildHost", "pkgconf").host).toBe(B);
    },
    more: {
      "spread, the same zlib is the build machine's": () => {
        const spread = {
          probe: probe({}, (pkgs, stdenv) => ({ nativeBuildInputs: [pkgs["pkg-config"]!, ...(stdenv.isCross ? [pkgs["zlib"]!] : [])] })),
        };
        const p = plan("probe", CROSS, CROSS, spread);
        expect(inputNamed(p, rootOf(p), "pkgsBuildHost", "zlib").host).toBe(B);
      },
    },
  },

  "recipes/greet-config.ts": {
    native: (p) => {
      const root = rootOf(p);
      const [zlib] = depsIn(p, root, "buildInputs");
      expect(root.attrs.allowedReferences).toEqual(["out", zlib!.node.id]);
      expect(root.attrs.disallowedReferences![0]).toBe(root.cc);
    },
    cross: (p) => {
      const root = rootOf(p);
      const [zlib] = depsIn(p, root, "buildInputs");
      expect(zlib!.node.host.config).toBe(A);
      expect(root.attrs.allowedReferences).toEqual(["out", zlib!.node.id]);
      const [cc, perl] = root.attrs.disallowedReferences!;
      expect(cc).toBe(root.cc);
      expect(triple(nodeOf(p, cc!))).toEqual([B, B, A]);
      // The build machine's perl: named by id, neither a dependency nor in the plan.
      const nativePerl = rootOf(plan("perl", NATIVE));
      expect(perl).toBe(nativePerl.id);
      expect(root.deps.map((d) => d.id)).not.toContain(perl);
      expect(Object.values(p.nodes).map((n) => n.pname)).not.toContain("perl");
      // Checks the recipe doesn't set are absent.
      expect(Object.keys(root.attrs)).not.toContain("allowedRequisites");
      expect(Object.keys(root.attrs)).not.toContain("disallowedRequisites");
    },
    more: {
      "a recipe that sets no check has none in its attrs": () => {
        const keys = Object.keys(rootOf(plan("greet", CROSS)).attrs);
        for (const check of ["allowedReferences", "disallowedReferences", "allowedRequisites", "disallowedRequisites"]) expect(keys).not.toContain(check);
      },
      "an element that is neither a package nor \"out\" is refused": () => {
        const error = planError("probe", NATIVE, { probe: probe({ allowedReferences: ["dev"] as unknown as "out"[] }) });
        expect(error.message).toBe('recipe \'probe\': allowedReferences: each element must be a package or "out" (the output itself), not "dev"');
      },
      "the closure check reports a disallowed reference by the file that holds it": () => {
        const p = plan("greet-config", CROSS);
        const root = rootOf(p);
        const cc = nodeOf(p, root.cc!);
        const file = { path: "bin/greet-config", size: 64, references: [{ id: cc.id, count: 1, offsets: [12], context: "" }], buildMachinePaths: [] };
        const scan = (node: typeof root, files: (typeof file)[]) => ({
          object: storeObject(node),
          references: files.flatMap((f) => f.references.map((r) => storeObject(nodeOf(p, r.id)))),
          fileCount: files.length,
          totalBytes: 64,
          files,
          searchedPaths: [],
        });
        const graph = new Map([
          [root.id, scan(root, [file])],
          [cc.id, scan(cc, [])],
        ]);
        const findings = findOutputCheckViolations(root.id, graph, root.attrs);
        // Not in allowedReferences, and in disallowedReferences: two findings, one file.
        expect(findings.map((f) => [f.kind, f.file])).toEqual([
          ["reference-not-allowed", "bin/greet-config"],
          ["disallowed-reference", "bin/greet-config"],
        ]);
        expect(findings[1]!.message).toBe(
          `refers to aarch64-unknown-linux-gnu-gcc-wrapper 12.2.0 (${B}) (/crosscheck/store/${cc.storeName}), which disallowedReferences forbids: greet-config → bin/greet-config@12 → aarch64-unknown-linux-gnu-gcc-wrapper (${B})`,
        );
        // Its reference to zlib is allowed; the scan found nothing else.
        const zlib = depsIn(p, root, "buildInputs")[0]!.node;
        const allowedOnly = new Map([
          [root.id, scan(root, [{ ...file, references: [{ id: zlib.id, count: 1, offsets: [12], context: "" }] }])],
          [zlib.id, scan(zlib, [])],
        ]);
        expect(findOutputCheckViolations(root.id, allowedOnly, root.attrs)).toEqual([]);
      },
    },
  },

  "recipes/zlib-zprefix.ts": {
    pname: "zlib",
    native: (p) => {
      const zlib = rootOf(p);
      expect(zlib.attrs.configureFlags).toEqual(["--shared", "--zprefix"]);
      const plain = rootOf(plan("zlib", NATIVE));
      expect(plain.attrs.configureFlags).toEqual(["--shared"]);
      expect(zlib.id).not.toBe(plain.id);
      expect(plain.id).toBe(rootOf(new Planner(builtinCatalog, "x86_64-linux").plan({ build: "x86_64-linux", host: NATIVE, package: "zlib" })).id);
    },
    cross: (p) => expect(rootOf(p).attrs.configureFlags).toEqual(["--shared", "--zprefix"]),
    more: {
      "taken by name it is spliced: the build machine's in nativeBuildInputs, the host's in buildInputs": () => {
        const user = { probe: probe({}, (pkgs) => ({ nativeBuildInputs: [pkgs["zlib-zprefix"]!], buildInputs: [pkgs["zlib-zprefix"]!] })) };
        const p = plan("probe", CROSS, CROSS, user);
        const root = rootOf(p);
        const [tool] = depsIn(p, root, "nativeBuildInputs");
        const [lib] = depsIn(p, root, "buildInputs");
        expect([tool!.node.host.config, lib!.node.host.config]).toEqual([B, A]);
        for (const z of [tool!, lib!]) expect(z.node.attrs.configureFlags).toEqual(["--shared", "--zprefix"]);
      },
    },
  },

  "recipes/zversion-zprefix.ts": {
    pname: "zversion-cmake",
    cross: (p) => {
      const [zlib] = depsIn(p, rootOf(p), "buildInputs");
      expect([zlib!.node.host.config, ...zlib!.node.attrs.configureFlags]).toEqual([A, "--shared", "--zprefix"]);
      expect(rootOf(p).attrs.cmakeFlags).toEqual(rootOf(plan("zversion-cmake", CROSS)).attrs.cmakeFlags);
    },
  },

  "recipes/judy-no-fix.ts": {
    pname: "judy",
    native: (p) => expect(p.root).toBe(plan("judy", NATIVE).root),
    cross: (p) => {
      const root = rootOf(p);
      expect(root.deps.filter((d) => d.list === "depsBuildBuild")).toEqual([]);
      expect(p.root).toBe(plan("judy-unfixed", CROSS).root);
      const fixed = rootOf(plan("judy", CROSS));
      expect(depsIn(plan("judy", CROSS), fixed, "depsBuildBuild").map((d) => triple(d.node))).toEqual([[B, B, B]]);
    },
  },

  "overlay/zlib.ts": {
    native: (p) => expect(rootOf(p).attrs.configureFlags).toEqual(["--shared", "--zprefix"]),
    cross: (p) => expect(rootOf(p).attrs.configureFlags).toEqual(["--shared", "--zprefix"]),
    more: {
      "every package that uses zlib gets it: libpng's propagated zlib, pngview's": () => {
        for (const host of [NATIVE, CROSS]) {
          const p = plan("pngview", host, host, {}, "overlay");
          expect(inputNamed(p, rootOf(p), "pkgsHostTarget", "zlib").node.attrs.configureFlags).toEqual(["--shared", "--zprefix"]);
        }
        // Without the overlay directory, the same examples get the built-in zlib.
        const p = plan("pngview", CROSS);
        expect(inputNamed(p, rootOf(p), "pkgsHostTarget", "zlib").node.attrs.configureFlags).toEqual(["--shared"]);
      },
    },
  },

  "recipes/inline-override.ts": {
    typeError: /not assignable to type 'DependencyElement'/,
    fails: { cells: ["native", "cross"], error: RecipeError },
  },

  "recipes/no-prev.ts": { fails: { cells: ["native", "cross"], error: RecipeError } },

  "crosscheck.config.ts": {
    more: {
      "the project resolves, with the examples' directory as its recipe directory": async () => {
        const resolved = await resolveProject(project);
        expect(resolved.configFile).toBe(join(project, "crosscheck.config.ts"));
        expect(resolved.recipeDirs).toEqual([join(project, "recipes")]);
        expect(resolved.builtinRecipes).toBe(true);
        expect(resolved.matrix).toBe(join(project, "matrices/mine.yaml"));
      },
      "a recipe file's name is its attribute; _helpers and tests are not recipes": () => {
        const dir = join(project, "more-recipes");
        mkdirSync(dir, { recursive: true });
        for (const f of ["pkg-config.ts", "_shared.ts", "pngview.test.ts"]) writeFileSync(join(dir, f), "export default () => null;\n");
        expect(recipeFiles(dir).map((r) => r.attrName)).toEqual(["pkg-config"]);
        for (const example of examples) if (example.attr !== null) expect(Object.hasOwn(catalog, example.attr), example.attr).toBe(true);
      },
      "a later directory overrides an earlier one, and the built-in catalog is under both": async () => {
        const first = join(project, "layer-1");
        const second = join(project, "layer-2");
        const recipe = (pname: string) =>
          `export default ({ stdenv }) => stdenv.mkDerivation({ pname: "${pname}", version: "1", src: { kind: "inline", files: { a: "" } } });\n`;
        for (const [dir, pname] of [[first, "from-layer-1"], [second, "from-layer-2"]] as const) {
          mkdirSync(dir, { recursive: true });
          writeFileSync(join(dir, "greet.ts"), recipe(pname));
          writeFileSync(join(dir, "zlib.ts"), recipe(`zlib-${pname}`));
        }
        const layered = await loadCatalog({ recipeDirs: [first, second], builtinRecipes: true });
        const planned = (pkg: string) => rootOf(new Planner(layered, "x86_64-linux").plan({ build: "x86_64-linux", host: NATIVE, package: pkg })).pname;
        expect(planned("greet")).toBe("from-layer-2");
        expect(planned("zlib")).toBe("zlib-from-layer-2");
        expect(planned("libpng")).toBe("libpng");
      },
    },
  },
};

/** The guide's build-systems table, per build system: configure, build, check, install lines. */
const buildSystemTable: Record<Exclude<BuildSystem, "toolchain-wrapper">, { configure: string | null; build: string; check: string; install: string }> = {
  autotools: { configure: './configure --prefix="$out"', build: 'make -j"$NIX_BUILD_CORES" F=1', check: 'make -j"$NIX_BUILD_CORES" F=1 check', install: "make F=1 I=1 install" },
  cmake: {
    configure: 'cmake -S . -B build -DCMAKE_INSTALL_PREFIX="$out" -DCMAKE_BUILD_TYPE=Release',
    build: 'make -j"$NIX_BUILD_CORES" F=1',
    check: 'make -j"$NIX_BUILD_CORES" F=1 check',
    install: "make F=1 I=1 install",
  },
  meson: { configure: 'meson setup build --prefix="$out"', build: 'ninja -j"$NIX_BUILD_CORES"', check: "meson test", install: "meson install" },
  make: { configure: null, build: 'make -j"$NIX_BUILD_CORES" F=1', check: 'make -j"$NIX_BUILD_CORES" F=1 check', install: "make F=1 I=1 install" },
  custom: { configure: null, build: 'make -j"$NIX_BUILD_CORES" F=1', check: 'make -j"$NIX_BUILD_CORES" F=1 check', install: "make F=1 I=1 install" },
};

describe("docs/recipes.md", () => {
  it("has examples, each named by its first line, and every example has its checks here and every check an example", () => {
    expect(examples.length).toBeGreaterThan(10);
    const files = examples.map((e) => e.file);
    expect(new Set(files).size, "two examples name the same file").toBe(files.length);
    expect(files.filter((f) => !(f in checks)), "examples without checks").toEqual([]);
    expect(Object.keys(checks).filter((f) => !files.includes(f)), "checks without an example").toEqual([]);
  });

  it("shows an error after exactly the examples that fail", () => {
    const mismatched = examples.filter((e) => (e.output !== null) !== (checks[e.file]?.fails !== undefined)).map((e) => `${e.file} (line ${e.line})`);
    expect(mismatched).toEqual([]);
  });

  describe.each(Object.entries(buildSystemTable))("the build-systems table: %s", (buildSystem, row) => {
    for (const host of [NATIVE, CROSS]) {
      it(`does what the table says (${host})`, () => {
        const p = plan("probe", host, host, { probe: probe({ buildSystem: buildSystem as BuildSystem, makeFlags: ["F=1"], installFlags: ["I=1"], doCheck: true }) });
        const script = scriptOf(p, rootOf(p), { emulatedCheck: true });
        const lines = linesOf(script);
        if (row.configure === null) expect(phasesOf(script)).not.toContain("configure");
        else expect(lines.some((l) => l.startsWith(row.configure!)), `${row.configure} in\n${script}`).toBe(true);
        for (const line of [row.build, row.check, row.install]) expect(lines).toContain(line);
        if (buildSystem === "cmake" || buildSystem === "meson") expect(lines).toContain("cd build");
      });
    }
  });

  describe("the propagation table", () => {
    const library = (list: "propagatedBuildInputs" | "propagatedNativeBuildInputs") =>
      ((args: { stdenv: Stdenv; "pkg-config": Package }) =>
        args.stdenv.mkDerivation({ pname: "libprobe", version: "1", src: { kind: "inline", files: { a: "" } }, [list]: [args["pkg-config"]] })) as unknown as Catalog[string];
    const user = (list: "buildInputs" | "nativeBuildInputs") =>
      ((args: { stdenv: Stdenv; libprobe: Package }) =>
        args.stdenv.mkDerivation({ pname: "user", version: "1", src: { kind: "inline", files: { a: "" } }, [list]: [args.libprobe] })) as unknown as Catalog[string];
    const rows = [
      ["buildInputs", "propagatedBuildInputs", { accumulator: "pkgsHostTarget", host: A }],
      ["buildInputs", "propagatedNativeBuildInputs", { accumulator: "pkgsBuildHost", host: B }],
      ["nativeBuildInputs", "propagatedBuildInputs", { accumulator: "pkgsBuildHost", host: B }],
      ["nativeBuildInputs", "propagatedNativeBuildInputs", null],
    ] as const;
    it.each(rows)("a dependency in %s propagating via %s", (userList, libList, lands) => {
      const p = plan("user", CROSS, CROSS, { libprobe: library(libList), user: user(userList) });
      const found = Object.entries(rootOf(p).inputs).flatMap(([accumulator, entries]) =>
        entries.filter((e) => nodeOf(p, e.id).pname === "pkgconf").map((e) => ({ accumulator, host: nodeOf(p, e.id).host.config, propagatedBy: nodeOf(p, e.propagatedBy!).pname })),
      );
      expect(found).toEqual(lands === null ? [] : [{ ...lands, propagatedBy: "libprobe" }]);
    });
  });

  for (const example of examples) {
    const check = checks[example.file];
    if (check === undefined) continue;
    describe(`${example.file} (docs/recipes.md:${example.line})`, () => {
      const path = paths.get(example)!;
      if (check.typeError === undefined) {
        it("type-checks against crosscheck's types", () => {
          expect(diagnostics.get(path)!.map((d) => `line ${example.line + d.line - 1}: ${d.message}`)).toEqual([]);
        });
      } else {
        it("is rejected by TypeScript, as the guide says", () => {
          expect(diagnostics.get(path)!.map((d) => d.message)).toEqual([expect.stringMatching(check.typeError!)]);
        });
      }
      if (example.attr !== null) {
        const attr = example.attr;
        for (const [cell, host] of [["native", NATIVE], ["cross", CROSS]] as const) {
          if (check.fails?.cells.includes(cell)) {
            it(`fails to plan ${cell}, with the error the guide shows`, () => {
              const error = planError(attr, host, {}, example.dir);
              expect(error).toBeInstanceOf(check.fails!.error);
              expect(error.message).toBe(example.output);
            });
          } else {
            it(`plans ${cell} (${host})${check[cell] ? ", as the guide says" : ""}`, async () => {
              const p = plan(attr, host, host, {}, example.dir);
              const root = rootOf(p);
              expect(root.pname).toBe(check.pname ?? attr);
              for (const emulatedCheck of [false, true]) expectShellSyntax(scriptOf(p, root, { emulatedCheck }), `the build script of ${root.name}`);
              if (root.attrs.installCheck !== null) expectShellSyntax(root.attrs.installCheck, `the installCheck of ${root.name}`);
              await check[cell]?.(p);
            });
          }
        }
      }
      for (const [claim, run] of Object.entries(check.more ?? {})) it(claim, run, 30_000);
    });
  }
});
