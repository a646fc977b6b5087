import { createHash } from "node:crypto";
import { chmod, copyFile, mkdir, mkdtemp, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { buildMachinePaths } from "./buildMachinePaths.ts";
import { checkCell, type CellCheck, type CellVerdict, type SnapshotUpdate } from "./checkCell.ts";
import type { ScanGraph } from "./closure.ts";
import type { HostCpu } from "./elfMachine.ts";
import { scanOutput } from "./scanOutput.ts";
import { DEFAULT_TOLERANCE } from "./tolerance.ts";
import { NIX_BASE32_ALPHABET, storePath, type StoreObject, type StoreRole } from "./storeObject.ts";
import { compileInToolchain, CROSS_CC, OUT } from "./toolchainCompile.testutil.ts";

export { CROSS_CC };

/** Test fixtures: small store outputs, their programs and libraries built with the real
 * compilers of the aarch64 toolchain image (toolchainCompile.testutil.ts). */

export const BUILD = "x86_64-unknown-linux-gnu";
export const HOST = "aarch64-unknown-linux-gnu";
export const HOST_CPU: HostCpu = { name: "aarch64", bits: 64, significantByte: "littleEndian", family: "arm" };
export const BUILD_DIRECTORY = "/build";
export const BUILD_PATHS = buildMachinePaths({ buildDirectory: BUILD_DIRECTORY, home: "/home/builder", toolchainTriples: ["aarch64-linux-gnu"] });

/** A stable fake hash part, so fixtures get the same store paths on every run. */
export function fakeId(seed: string): string {
  const digest = createHash("sha256").update(seed).digest();
  return Array.from(digest.subarray(0, 32), (b) => NIX_BASE32_ALPHABET[b % 32]).join("");
}

export function derivation(pname: string, version: string, host: string, role?: StoreRole): StoreObject {
  const name = `${pname}-${host}-${version}`;
  return { id: fakeId(name), name, pname, version, build: BUILD, host, target: null, ...(role === undefined ? {} : { role }) };
}

/** A file to put into an output: text, bytes, a compiled file (copied from its path), or a symlink to a target. */
export type FixtureFile = string | Buffer | { compiled: string } | { symlink: string };

export class FixtureStore {
  private constructor(readonly root: string) {}

  static async create(): Promise<FixtureStore> {
    return new FixtureStore(await mkdtemp(join(tmpdir(), "crosscheck-closure-")));
  }

  directory(object: StoreObject): string {
    return join(this.root, "store", `${object.id}-${object.name}`);
  }

  async add(object: StoreObject, files: Record<string, FixtureFile>): Promise<void> {
    for (const [path, content] of Object.entries(files)) {
      const target = join(this.directory(object), path);
      await mkdir(dirname(target), { recursive: true });
      if (typeof content === "string" || Buffer.isBuffer(content)) {
        await writeFile(target, content);
        if (path.startsWith("bin/")) await chmod(target, 0o755);
      } else if ("symlink" in content) {
        await symlink(content.symlink, target);
      } else {
        await copyFile(content.compiled, target);
      }
    }
  }

  /** Scans every given output against all of them as candidates (the whole plan), each with the
   * dependencies its links may reach (by default every other output). */
  async scanAll(objects: readonly StoreObject[], dependencies = (o: StoreObject): readonly StoreObject[] => objects.filter((d) => d !== o)): Promise<ScanGraph> {
    const scans = await Promise.all(
      objects.map((object) =>
        scanOutput({
          object,
          directory: this.directory(object),
          candidates: objects,
          dependencies: dependencies(object).map((d) => ({ object: d, directory: this.directory(d) })),
          buildMachinePaths: BUILD_PATHS,
        }),
      ),
    );
    return new Map(scans.map((s) => [s.object.id, s]));
  }
}

export const gccWrapper = derivation("gcc-wrapper", "12.2.0", BUILD, "toolchain");
export const glibc = derivation("glibc", "2.36", HOST);
export const zlib = derivation("zlib", "1.2.13", HOST);
export const curl = derivation("curl", "8.4.0", HOST);
export const openssl = derivation("openssl", "3.0.11", HOST);

const lib = (object: StoreObject): string => `${storePath(object)}/lib`;
const shared = ["-shared", "-fPIC"];
const curlSource = (usesOpenssl: boolean): string =>
  `int zfixture(int);\n${usesOpenssl ? "int fixture_ssl(void);\n" : "static int fixture_ssl(void) { return 0; }\n"}int main(void) { return zfixture(-1) + fixture_ssl(); }\n`;
const curlJob = (usesOpenssl: boolean) => ({
  cc: CROSS_CC,
  source: curlSource(usesOpenssl),
  args: [`-L${OUT}/zlib`, "-lz", ...(usesOpenssl ? [`-L${OUT}/openssl`, "-lsslfixture"] : []), `-Wl,-rpath,${[lib(zlib), ...(usesOpenssl ? [lib(openssl)] : [])].join(":")}`, `-Wl,-rpath-link,${OUT}/glibc`],
});
const zlibJob = (rpath: string[]) => ({
  cc: CROSS_CC,
  source: "int fixture_abs(int);\nint zfixture(int x) { return fixture_abs(x) + 1; }\n",
  args: [...shared, `-L${OUT}/glibc`, "-lcfixture", `-Wl,-rpath,${rpath.join(":")}`],
});

/**
 * Every program and library a scenario holds, each variant a plant asks for, compiled once
 * when this file is loaded (so no test waits for provisioning; each scenario copies them).
 * RUNPATHs are store paths, as a build's are; -L points at the compiled libraries.
 */
const binaries = await compileInToolchain({
  "glibc/libcfixture.so": { cc: CROSS_CC, source: "int fixture_abs(int x) { return x < 0 ? -x : x; }\n", args: shared },
  "openssl/libsslfixture.so": { cc: CROSS_CC, source: "int fixture_ssl(void) { return 3; }\n", args: shared },
  "zlib/libz.so": zlibJob([lib(glibc)]),
  "zlib-rpath-into-build-tree/libz.so": zlibJob([lib(glibc), `${BUILD_DIRECTORY}/zlib-1.2.13/.libs`]),
  "minigzip/minigzip": { cc: "gcc", source: "int main(void) { return 0; }\n" },
  "curl/curl": curlJob(false),
  "curl-uses-openssl/curl": curlJob(true),
});

/** Each kind of contamination a test can plant into zlib. */
export interface Plant {
  /** bin/zlib-config embeds the build compiler's store path. */
  configScript?: boolean;
  /** lib/pkgconfig/zlib.pc and lib/libz.la point at the build directory. */
  buildDirInPcAndLa?: boolean;
  /** lib/libz.so has an RPATH into the build tree. */
  rpathIntoBuildTree?: boolean;
  /** bin/minigzip is built for the build machine. */
  wrongMachine?: boolean;
  /** curl gains a reference to openssl (through its binary's RUNPATH). */
  curlUsesOpenssl?: boolean;
  /** Extra bytes in zlib's share/, to move sizes. */
  zlibPadding?: number;
  /** Symlinks in curl's output: its path → the target as written. */
  curlLinks?: Record<string, string>;
}

export interface Scenario {
  store: FixtureStore;
  objects: StoreObject[];
  graph: ScanGraph;
}

/**
 * A cross cell in miniature: gcc-wrapper runs on the build machine; glibc, zlib and curl are
 * built for aarch64, curl links zlib, zlib links glibc, through RUNPATHs into the store. zlib's
 * lib/libz.so.1 is a link to libz.so, as a real zlib's soname link. Each build had gcc-wrapper
 * and the libraries it links (its requisites, where its links may lead): openssl is curl's only
 * when curl uses it.
 */
export async function buildScenario(plant: Plant = {}): Promise<Scenario> {
  const store = await FixtureStore.create();
  await store.add(gccWrapper, {
    "bin/aarch64-unknown-linux-gnu-cc": `#!/bin/sh\nexec /usr/bin/${CROSS_CC} "$@"\n`,
  });
  await store.add(glibc, { "lib/libcfixture.so": { compiled: binaries["glibc/libcfixture.so"] } });
  await store.add(openssl, { "lib/libsslfixture.so": { compiled: binaries["openssl/libsslfixture.so"] } });
  await store.add(zlib, {
    "include/zlib.h": "#define ZLIB_VERSION \"1.2.13\"\nint zfixture(int);\n",
    "lib/libz.so.1": { symlink: "libz.so" },
    "lib/libz.so": { compiled: binaries[plant.rpathIntoBuildTree ? "zlib-rpath-into-build-tree/libz.so" : "zlib/libz.so"] },
    "lib/pkgconfig/zlib.pc": `prefix=${storePath(zlib)}\nlibdir=${plant.buildDirInPcAndLa ? `${BUILD_DIRECTORY}/zlib-1.2.13/lib` : "${prefix}/lib"}\nName: zlib\nVersion: 1.2.13\nLibs: -L\${libdir} -lz\n`,
    ...(plant.buildDirInPcAndLa ? { "lib/libz.la": `# libz.la - a libtool library file\ndlname='libz.so'\ndependency_libs=' -L${BUILD_DIRECTORY}/zlib-1.2.13/.libs'\nlibdir='${storePath(zlib)}/lib'\n` } : {}),
    ...(plant.configScript ? { "bin/zlib-config": `#!/bin/sh\n# written by configure\nCC=${storePath(gccWrapper)}/bin/aarch64-unknown-linux-gnu-cc\necho "$CC"\n` } : {}),
    ...(plant.wrongMachine ? { "bin/minigzip": { compiled: binaries["minigzip/minigzip"] } } : {}),
    ...(plant.zlibPadding === undefined ? {} : { "share/zlib/padding.bin": Buffer.alloc(plant.zlibPadding, 0x2a) }),
  });
  await store.add(curl, {
    "bin/curl": { compiled: binaries[plant.curlUsesOpenssl ? "curl-uses-openssl/curl" : "curl/curl"] },
    ...Object.fromEntries(Object.entries(plant.curlLinks ?? {}).map(([path, target]) => [path, { symlink: target }])),
  });
  const objects = [gccWrapper, glibc, zlib, curl, openssl];
  const requisites = new Map([
    [glibc.id, [gccWrapper]],
    [openssl.id, [gccWrapper]],
    [zlib.id, [gccWrapper, glibc]],
    [curl.id, [gccWrapper, glibc, zlib, ...(plant.curlUsesOpenssl ? [openssl] : [])]],
  ]);
  return { store, objects, graph: await store.scanAll(objects, (o) => requisites.get(o.id) ?? []) };
}

/** A fresh project's snapshot and cell record directories. */
export async function projectDirs(): Promise<{ snapshotsDir: string; cellsDir: string }> {
  const root = await mkdtemp(join(tmpdir(), "crosscheck-project-"));
  return { snapshotsDir: join(root, "snapshots"), cellsDir: join(root, ".crosscheck", "cells") };
}

/** The closure check of the scenario's cell, smoke/curl-aarch64: curl and zlib for aarch64. */
export function checkCurlCell(dirs: { snapshotsDir: string; cellsDir: string }, graph: ScanGraph, update: SnapshotUpdate, extra: Partial<CellCheck> = {}): Promise<CellVerdict> {
  return checkCell({
    matrix: "smoke",
    cellId: "curl-aarch64",
    outputIds: [curl.id, zlib.id],
    graph,
    rules: { host: { config: HOST, cpu: HOST_CPU } },
    tolerance: DEFAULT_TOLERANCE,
    update,
    ...dirs,
    ...extra,
  });
}
