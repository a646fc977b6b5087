/**
 * The importer on a small archive of its own (binary packages, a .dsc, tarballs made here with
 * tar): a Debian source package drafted, its Build-Depends sorted and mapped to the built-in
 * catalog through their source packages, --with-deps, debian/rules' cross knowledge, the
 * recipe written, loaded and planned natively and for aarch64. suites/import.test.ts does the
 * same against the machine's real archive, and builds.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, test } from "vitest";
import { catalog as builtin } from "../../recipes/index.ts";
import { overlay, Planner, type Catalog, type Recipe } from "../planner/index.ts";
import { archiveOf, binaryPackages, debianSource, type DebianArchive } from "./debian/index.ts";
import { parseParagraphs } from "./debian/deb822.ts";
import { importRecipes } from "./index.ts";

const work = mkdtempSync(join(tmpdir(), "crosscheck-importer-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const repository = "http://archive.example.org/debian/";

const packagesIndex = `
Package: pkg-config
Source: pkgconf
Version: 1.8.1-1
Architecture: amd64
Multi-Arch: same
Section: devel
Filename: pool/main/p/pkgconf/pkg-config_1.8.1-1_amd64.deb

Package: zlib1g-dev
Source: zlib
Version: 1:1.2.13.dfsg-1
Architecture: amd64
Multi-Arch: same
Provides: libz-dev
Section: libdevel
Filename: pool/main/z/zlib/zlib1g-dev_1.2.13.dfsg-1_amd64.deb

Package: libfoo-dev
Source: foo
Version: 2.0-1
Architecture: amd64
Multi-Arch: same
Section: libdevel
Filename: pool/main/f/foo/libfoo-dev_2.0-1_amd64.deb

Package: bison
Source: bison (2:3.8.2+dfsg-1)
Version: 2:3.8.2+dfsg-1+b1
Architecture: amd64
Multi-Arch: foreign
Section: devel
Filename: pool/main/b/bison/bison_3.8.2+dfsg-1+b1_amd64.deb

Package: help2man
Version: 1.49.3
Architecture: amd64
Multi-Arch: foreign
Section: devel
Filename: pool/main/h/help2man/help2man_1.49.3_amd64.deb

Package: python3
Source: python3-defaults (3.11.2-1)
Version: 3.11.2-1+b1
Architecture: amd64
Multi-Arch: allowed
Section: python
Filename: pool/main/p/python3-defaults/python3_3.11.2-1+b1_amd64.deb

Package: demo-dev
Source: demo
Version: 1.0-1
Architecture: amd64
Multi-Arch: same
Depends: libfoo-dev (>= 2), libc6-dev | libc-dev
Section: libdevel
Filename: pool/main/d/demo/demo-dev_1.0-1_amd64.deb

Package: demo
Version: 1.0-1
Architecture: amd64
Section: utils
Filename: pool/main/d/demo/demo_1.0-1_amd64.deb

Package: demo
Version: 0.9-1
Architecture: amd64
Section: utils
Filename: pool/main/d/demo/demo_0.9-1_amd64.deb

Package: baz
Version: 2-1
Architecture: amd64
Section: utils
Filename: pool/main/b/baz/baz_2-1_amd64.deb

Package: baz
Version: 1-1
Architecture: amd64
Section: utils
Filename: pool/main/b/baz/baz_1-1_amd64.deb
`;

const control = `Source: demo
Section: libs
Build-Depends: debhelper-compat (= 13)
Homepage: https://demo.example.org

Package: demo
Architecture: any
Description: Demonstrates the importer - command-line tool
 Long text.

Package: demo-dev
Architecture: any
Section: libdevel
Description: Demonstrates the importer - development files
`;

const rules = `#!/usr/bin/make -f
DEB_BUILD_GNU_TYPE ?= $(shell dpkg-architecture -qDEB_BUILD_GNU_TYPE)
DEB_HOST_GNU_TYPE ?= $(shell dpkg-architecture -qDEB_HOST_GNU_TYPE)
CONFFLAGS = --disable-docs
ifneq ($(DEB_BUILD_GNU_TYPE),$(DEB_HOST_GNU_TYPE))
CONFFLAGS += ac_cv_func_malloc_0_nonnull=yes
endif
%:
\tdh $@
override_dh_auto_configure:
\tdh_auto_configure -- $(CONFFLAGS) --libdir=/usr/lib/$(DEB_HOST_MULTIARCH) --with-x=$(DEB_HOST_MULTIARCH)
`;

const copyright = `Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/

Files: *
Copyright: someone
License: Expat
`;

/** A tarball of these files, made with tar; its bytes and sha256. */
function tarball(name: string, files: Record<string, string>, flag: string): { file: string; path: string; sha256: string; size: number } {
  const dir = mkdtempSync(join(work, "tree-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const path = join(work, name);
  execFileSync("tar", [flag, "-cf", path, "-C", dir, ...Object.keys(files).map((f) => f.split("/")[0]!).filter((f, i, a) => a.indexOf(f) === i)]);
  const bytes = readFileSync(path);
  return { file: name, path, sha256: createHash("sha256").update(bytes).digest("hex"), size: bytes.length };
}

function dsc(source: string, version: string, buildDepends: string, files: { file: string; sha256: string; size: number }[], buildDependsIndep?: string): string {
  return [
    "-----BEGIN PGP SIGNED MESSAGE-----",
    "Hash: SHA256",
    "",
    "Format: 3.0 (quilt)",
    `Source: ${source}`,
    `Version: ${version}`,
    "Architecture: any",
    `Build-Depends: ${buildDepends}`,
    ...(buildDependsIndep === undefined ? [] : [`Build-Depends-Indep: ${buildDependsIndep}`]),
    "Checksums-Sha256:",
    ...files.map((f) => ` ${f.sha256} ${f.size} ${f.file}`),
    "",
    "-----BEGIN PGP SIGNATURE-----",
    "-----END PGP SIGNATURE-----",
    "",
  ].join("\n");
}

const demoOrig = tarball("demo_1.0.orig.tar.gz", { "demo-1.0/configure": "#!/bin/sh\n", "demo-1.0/configure.ac": "AC_INIT([demo], [1.0])\nAX_PROG_CC_FOR_BUILD\n", "demo-1.0/CMakeLists.txt": "", "demo-1.0/src/demo.c": "" }, "-z");
const demoDebian = tarball("demo_1.0-1.debian.tar.xz", { "debian/control": control, "debian/rules": rules, "debian/copyright": copyright, "debian/patches/series": "fix-cross-build.patch\n# off.patch\n" }, "-J");
const fooOrig = tarball("foo_2.0.orig.tar.gz", { "foo-2.0/meson.build": "" }, "-z");
const fooDebian = tarball("foo_2.0-1.debian.tar.xz", { "debian/control": "Source: foo\n\nPackage: libfoo-dev\nDescription: The foo library - headers\n", "debian/rules": "%:\n\tdh $@\n" }, "-J");
const bazOrig = tarball("baz_1.orig.tar.gz", { "baz-1/configure": "#!/bin/sh\n", "baz-1/configure.ac": "AC_INIT([baz], [1])\nBAZ_PROG_HELPERS\n", "baz-1/acinclude.m4": "AC_DEFUN([BAZ_PROG_HELPERS], [AC_ARG_VAR([CC_FOR_BUILD], [the build machine's compiler])])\n" }, "-z");
const bazDebian = tarball("baz_1-1.debian.tar.xz", { "debian/control": "Source: baz\n\nPackage: baz\nArchitecture: all\nDescription: The baz tool\n", "debian/rules": "%:\n\tdh $@\n\noverride_dh_auto_configure:\n\tdh_auto_configure -B shared -- --enable-shared\n\tdh_auto_configure -B small -- --enable-small\n" }, "-J");
/** Named by baz 2-1's .dsc, not in the pool: a mirror that serves a version's .dsc but not its packaging. */
const bazMissing = { file: "baz_2-1.debian.tar.xz", sha256: "0".repeat(64), size: 1 };
const buildDepends =
  "debhelper-compat (= 13), pkg-config, zlib1g-dev, libfoo-dev (>= 2), bison, help2man <!nodoc>, python3:any <!nocheck>, demo <cross>, libbsd-dev [kfreebsd-any], gperf <!cross>, nosuch-dev, gfortran | fortran-compiler";

const pool: Record<string, string> = {
  "pool/main/d/demo/demo_1.0-1.dsc": dsc("demo", "1.0-1", buildDepends, [demoOrig, demoDebian]),
  "pool/main/f/foo/foo_2.0-1.dsc": dsc("foo", "2.0-1", "debhelper-compat (= 13)", [fooOrig, fooDebian]),
  "pool/main/b/baz/baz_2-1.dsc": dsc("baz", "2-1", "debhelper-compat (= 13)", [bazOrig, bazMissing]),
  "pool/main/b/baz/baz_1-1.dsc": dsc("baz", "1-1", "debhelper-compat (= 13)", [bazOrig, bazDebian], "zlib1g-dev"),
};
const files = new Map([demoOrig, demoDebian, fooOrig, fooDebian, bazOrig, bazDebian].map((f) => [f.file, f]));

const fetched: string[] = [];
const archive: DebianArchive = archiveOf(binaryPackages(parseParagraphs(packagesIndex), repository), {
  async text(url) {
    fetched.push(url);
    return pool[url.slice(repository.length)] ?? null;
  },
  async file(source) {
    const f = files.get(source.file);
    if (f === undefined || f.sha256 !== source.sha256) throw new Error(`${source.file}: not in the pool with that sha256`);
    return f.path;
  },
});
const sources = [debianSource(async () => archive)];

/** The written recipes loaded over the catalog, as the project's recipe directory would be. */
async function withWritten(written: { attr: string; file: string }[]): Promise<Catalog> {
  const layer: Record<string, Recipe> = {};
  for (const w of written) layer[w.attr] = ((await import(pathToFileURL(w.file).href)) as { default: Recipe }).default;
  return overlay(builtin, layer);
}

describe("importing a Debian source package", () => {
  const dir = join(work, "recipes");
  const log: string[] = [];
  const imported = importRecipes({ refs: ["debian:demo"], dir, catalog: builtin, sources, withDeps: true, log: (l) => log.push(l) });

  test("the newest version in the lists, its .dsc from the pool of the list's repository, the tarball pinned by the .dsc's sha256", async () => {
    const [demo] = await imported;
    expect(fetched).toContain(`${repository}pool/main/d/demo/demo_1.0-1.dsc`);
    expect(demo!.draft.src).toEqual({ kind: "debian", package: "demo", version: "1.0-1", origTarball: "demo_1.0.orig.tar.gz", sha256: demoOrig.sha256 });
    expect(demo!.draft).toMatchObject({ attr: "demo", pname: "demo", version: "1.0", buildSystem: "autotools", outputs: ["out", "dev"] });
    expect(demo!.draft.meta).toEqual({ description: "Demonstrates the importer", homepage: "https://demo.example.org", license: "MIT", platforms: "unix" });
  });

  test("Build-Depends: tools in nativeBuildInputs, libraries in buildInputs, mapped through their source package; what the -dev package depends on propagated", async () => {
    const [demo] = await imported;
    const inputs = demo!.draft.inputs.map((i) => [i.list, i.when, i.attr, i.names.join(",")]);
    expect(inputs).toEqual([
      ["nativeBuildInputs", "always", "pkgconf", "pkg-config"],
      ["buildInputs", "always", "zlib", "zlib1g-dev"],
      ["propagatedBuildInputs", "always", "foo", "libfoo-dev"],
      ["nativeBuildInputs", "always", null, "bison"],
    ]);
    // foo came in with --with-deps; bison's source is not in this archive, so it stays a comment.
    expect(demo!.missing.map((m) => m.identity)).toEqual(["debian:bison"]);
    expect(log.some((l) => l.includes("debian:bison") && l.includes("not imported"))).toBe(true);
  });

  test("what Debian knows about cross: the rules' flags under stdenv.isCross, profiles, the package itself when cross, patches", async () => {
    const [demo] = await imported;
    expect(demo!.draft.configureFlags.map((f) => [f.value, f.when])).toEqual([
      ["--disable-docs", "always"],
      ["ac_cv_func_malloc_0_nonnull=yes", "cross"],
    ]);
    const text = readFileSync(demo!.file, "utf8");
    expect(text).toContain('...lib.optionals(stdenv.isCross, ["ac_cv_func_malloc_0_nonnull=yes"]), // debian/rules:11 (only when cross-compiling)');
    expect(text).toContain("debian/rules:11: --with-x=$(DEB_HOST_MULTIARCH)");
    expect(text).toContain("debian/rules:5: ifneq ($(DEB_BUILD_GNU_TYPE),$(DEB_HOST_GNU_TYPE))");
    expect(text).toContain("help2man <!nodoc>");
    expect(text).toContain("python3:any <!nocheck> (tool: ':any'");
    expect(text).toContain("Debian build-depends on this package itself");
    expect(text).toContain("these look like build fixes: fix-cross-build.patch");
    expect(text).toContain("nosuch-dev (not in apt's lists)");
    expect(text).toContain("gperf <!cross> (not in apt's lists)");
    expect(text).toContain("libbsd-dev"); // kfreebsd only: left out, not listed as needed
    expect(text).toContain("compilers and C libraries (the stdenv's toolchain, or none crosscheck has): gfortran | fortran-compiler");
    expect(text).not.toMatch(/buildInputs: \[[^\]]*libbsd/);
    expect(text).toContain("depsBuildBuild: [buildPackages.stdenv.cc], // configure.ac uses AX_PROG_CC_FOR_BUILD: a compiler for the build machine");
    expect(demo!.draft.doCheck).toBe(false);
    expect(demo!.draft.doCheckWhy).toContain("python3");
  });

  test("the dependency is written too, and both recipes load and plan, natively and for aarch64", async () => {
    const written = await imported;
    expect(written.map((w) => [w.attr, w.requiredBy, w.draft.buildSystem])).toEqual([
      ["demo", null, "autotools"],
      ["foo", "debian:demo", "meson"],
    ]);
    const planner = new Planner(await withWritten(written), "x86_64-linux");
    const cross = planner.plan({ build: "x86_64-linux", host: "aarch64-multiplatform", package: "demo" });
    const root = cross.nodes[cross.root]!;
    expect(root.attrs.configureFlags).toEqual(["--disable-docs", "ac_cv_func_malloc_0_nonnull=yes"]);
    expect(root.deps.map((d) => `${d.list} ${cross.nodes[d.id]!.pname} ${d.type}`)).toEqual([
      "depsBuildBuild gcc-wrapper build→build",
      "nativeBuildInputs pkgconf build→*",
      "buildInputs zlib host→*",
      "propagatedBuildInputs foo host→*",
    ]);
    const native = planner.plan({ build: "x86_64-linux", host: "x86_64-linux", package: "demo" });
    expect(native.nodes[native.root]!.attrs.configureFlags).toEqual(["--disable-docs"]);
  });

  test("an existing recipe is not overwritten without --force; a binary package's name points at its source", async () => {
    await imported;
    await expect(importRecipes({ refs: ["debian:demo"], dir, catalog: builtin, sources })).rejects.toThrow(/demo\.ts exists already; --force overwrites it/);
    await expect(importRecipes({ refs: ["debian:zlib1g-dev"], dir: join(work, "other"), catalog: builtin, sources })).rejects.toThrow(
      "'zlib1g-dev' is a binary package of the Debian source package 'zlib': import debian:zlib",
    );
    await expect(importRecipes({ refs: ["debian:demo"], dir: join(work, "other"), catalog: builtin, sources, version: "0.8" })).rejects.toThrow(/apt's lists have demo 1\.0-1, 0\.9-1, not 0\.8/);
    await expect(importRecipes({ refs: ["nixpkgs:hello"], dir: join(work, "other"), catalog: builtin, sources })).rejects.toThrow("no source of recipes 'nixpkgs' (known: debian)");
    // --with-deps is bounded: past the bound, what is still missing is said, not imported.
    const bounded: string[] = [];
    const alone = await importRecipes({ refs: ["debian:demo"], dir: join(work, "bounded"), catalog: builtin, sources, withDeps: true, maxDependencies: 0, log: (l) => bounded.push(l) });
    expect(alone.map((r) => r.attr)).toEqual(["demo"]);
    expect(alone[0]!.missing.map((m) => m.identity)).toEqual(["debian:foo", "debian:bison"]);
    expect(bounded).toContain("--with-deps stopped after 0 dependencies; still without a recipe: debian:foo, debian:bison (import them by name, with --with-deps again if need be)");
  });
});

test("a version whose .dsc the pool has but not all its files gives way to the next version apt lists", async () => {
  const log: string[] = [];
  const [baz] = await importRecipes({ refs: ["debian:baz"], dir: join(work, "recipes-baz"), catalog: builtin, sources, withDeps: false, log: (l) => log.push(l) });
  expect(baz!.draft.src).toEqual({ kind: "debian", package: "baz", version: "1-1", origTarball: "baz_1.orig.tar.gz", sha256: bazOrig.sha256 });
  expect(log).toContain("debian:baz: the pool has baz_2-1.dsc but not baz_2-1.debian.tar.xz, trying the next version apt lists");
});

test("the last version left, whose .dsc and tarball the pool has but not its packaging, is drafted from the .dsc and the upstream tree, and says so", async () => {
  const [baz] = await importRecipes({ refs: ["debian:baz"], version: "2-1", dir: join(work, "recipes-baz-unpackaged"), catalog: builtin, sources, withDeps: false, log: () => {} });
  expect(baz!.draft.src).toEqual({ kind: "debian", package: "baz", version: "2-1", origTarball: "baz_1.orig.tar.gz", sha256: bazOrig.sha256 });
  expect(baz!.draft.buildSystem).toBe("autotools");
  const text = readFileSync(baz!.file, "utf8");
  expect(text).toContain("The pool has baz_2-1.dsc but not baz_2-1.debian.tar.xz: Debian's debian/ (control, rules, copyright, patches) was not read");
  expect(text).toContain("How Debian builds it is in its debian/rules, which the pool did not give.");
  // What an empty debian/ would wrongly say.
  expect(text).not.toContain("debian/rules is a Makefile of its own");
  expect(text).not.toContain("debian/copyright is not in the machine-readable format");
});

test("a source package whose binaries are all Architecture: all is built from its Build-Depends-Indep too", async () => {
  const [baz] = await importRecipes({ refs: ["debian:baz"], dir: join(work, "recipes-baz-indep"), catalog: builtin, sources, withDeps: false, log: () => {} });
  expect(baz!.draft.inputs.map((i) => [i.list, i.attr, i.names.join(",")])).toEqual([["buildInputs", "zlib", "zlib1g-dev"]]);
});

test("several dh_auto_configure calls are several builds: the flags are the first one's, the others are for review", async () => {
  const [baz] = await importRecipes({ refs: ["debian:baz"], dir: join(work, "recipes-baz-builds"), catalog: builtin, sources, withDeps: false, log: () => {} });
  expect(baz!.draft.configureFlags.map((f) => f.value)).toEqual(["--enable-shared"]);
  const text = readFileSync(baz!.file, "utf8");
  expect(text).toContain("Debian configures 2 builds (debian/rules:5, 6): the flags are the first one's; the others':");
  expect(text).toContain("debian/rules:6: --enable-small");
});

test("a compiler for the build machine when the package's own macros (acinclude.m4) use one", async () => {
  const [baz] = await importRecipes({ refs: ["debian:baz"], dir: join(work, "recipes-baz-cc"), catalog: builtin, sources, withDeps: false, log: () => {} });
  expect(readFileSync(baz!.file, "utf8")).toContain("depsBuildBuild: [buildPackages.stdenv.cc], // acinclude.m4 uses CC_FOR_BUILD: a compiler for the build machine");
});
