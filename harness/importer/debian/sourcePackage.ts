/**
 * One Debian source package as the archive has it: its `.dsc` (from the pool of the repository
 * that lists it), the upstream tarball and Debian's packaging, each fetched and checked against
 * the sha256 the `.dsc` gives. The upstream tree is only listed (and a file or two read); the
 * packaging (`debian/`) is read whole: control, rules, copyright, the patch series.
 *
 * Unpacking is GNU tar's, as the build containers unpack sources: it reads every compression
 * the archive uses (gz, bz2, xz, zst through the system's tools), which Node's zlib does not.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { UserError } from "../../userError.ts";
import type { DebianArchive, PoolLocation } from "./archive.ts";
import { fieldLines, parseParagraphs, stripSignature, type Paragraph } from "./deb822.ts";
import { parseVersion, recipeVersion, withoutEpoch } from "./version.ts";

const run = promisify(execFile);

export interface PoolFile {
  file: string;
  sha256: string;
  size: number;
}

export interface SourcePackage {
  name: string;
  /** The Debian version (`1:1.2.13.dfsg-1`). */
  version: string;
  dsc: Paragraph;
  /** The `.dsc`'s name in the pool. */
  dscFile: string;
  format: string;
  /** The tarball a recipe pins: the upstream (`orig`) one, or for a native package its only one. */
  tarball: PoolFile;
  /** Other upstream tarballs of the package (`orig-COMPONENT`), which a recipe of the main one lacks. */
  components: PoolFile[];
  /** The directory the tarball unpacks into (`libogg-1.3.5`), null when its files are at its top. */
  topDir: string | null;
  /** Names at the top of the upstream tree (`configure`, `CMakeLists.txt`, `src`, …). */
  topLevel: Set<string>;
  /** Names at the top of each of its subdirectories (`expat` → `configure.ac`, `CMakeLists.txt`, …): a tree whose build is one level down. */
  subdirectories: Map<string, Set<string>>;
  /** A file of the upstream tree (relative to its top) as text, null when it has none. */
  sourceFile(path: string): Promise<string | null>;
  /** Files of Debian's packaging by their path under debian/ (`control`, `rules`, `copyright`, `patches/series`). */
  debian: Map<string, string>;
  /** Debian's patches (debian/patches/series, in order: without a series, dpkg-source applies none), which a recipe does not apply. */
  patches: string[];
  /** The packaging tarball (or diff) the .dsc names that the pool could not give, so `debian` is empty; null when it was read. */
  packagingMissing: string | null;
}

/** The packaging files the importer reads. */
const packagingFiles = ["control", "rules", "copyright", "patches/series", "source/format"];

async function tarList(path: string): Promise<string[]> {
  const { stdout } = await run("tar", ["-tf", path], { maxBuffer: 256 << 20 });
  return stdout.split("\n").filter(Boolean);
}

/** The single directory every entry is under, if there is one (as the engine's unpack takes it). */
export function topDirectory(entries: string[]): string | null {
  const firsts = new Set(entries.map((e) => e.replace(/^\.\//, "").split("/")[0]!).filter(Boolean));
  if (firsts.size !== 1) return null;
  const [only] = firsts;
  return entries.some((e) => e.replace(/^\.\//, "").startsWith(`${only}/`)) ? only! : null;
}

export function topLevelNames(entries: string[], top: string | null, under: string | null = null): Set<string> {
  const names = new Set<string>();
  for (const entry of entries) {
    const parts = entry.replace(/^\.\//, "").split("/");
    let inside = top === null ? parts : parts[0] === top ? parts.slice(1) : [];
    if (under !== null) inside = inside[0] === under ? inside.slice(1) : [];
    if (inside[0] !== undefined && inside[0] !== "") names.add(inside[0]);
  }
  return names;
}

/** The names at the top of each subdirectory of the tree. */
function subdirectoryNames(entries: string[], top: string | null): Map<string, Set<string>> {
  const dirs = new Map<string, Set<string>>();
  for (const entry of entries) {
    const parts = entry.replace(/^\.\//, "").split("/");
    const inside = top === null ? parts : parts[0] === top ? parts.slice(1) : [];
    if (inside.length < 2 || inside[0] === "" || inside[1] === "") continue;
    if (!dirs.has(inside[0]!)) dirs.set(inside[0]!, new Set());
    dirs.get(inside[0]!)!.add(inside[1]!);
  }
  return dirs;
}

/**
 * Debian's packaging from a format 1.0 `.diff.gz`: every file the diff creates under debian/,
 * from its `+` lines (the diff of a 1.0 package adds debian/ whole).
 */
export function debianFromDiff(diff: string): Map<string, string> {
  const files = new Map<string, string>();
  const lines = diff.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const target = /^\+\+\+ [^/\s]+\/debian\/(\S+)/.exec(lines[i]!);
    if (target === null) continue;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i]!.startsWith("--- ") && !lines[i]!.startsWith("diff "); i++) {
      const line = lines[i]!;
      if (line.startsWith("+")) body.push(line.slice(1));
    }
    i--;
    files.set(target[1]!, `${body.join("\n")}\n`);
  }
  return files;
}

async function readPackaging(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const name of packagingFiles) {
    const text = await readFile(join(dir, name), "utf8").catch(() => null);
    if (text !== null) files.set(name, text);
  }
  return files;
}

/**
 * The versions of the source to try, best first: every version the lists have, newest first (a
 * pool may lack the newest .dsc: a mirror of the security archive may serve only some files),
 * or the one asked for (Debian's, or an upstream version).
 */
function candidateVersions(archive: DebianArchive, name: string, wanted: string | undefined): { version: string; locations: PoolLocation[] }[] {
  const versions = archive.sourceVersions(name);
  if (versions.length === 0) {
    const binary = archive.binary(name)[0] ?? archive.providers(name)[0];
    if (binary !== undefined && binary.source !== name) throw new UserError(`'${name}' is a binary package of the Debian source package '${binary.source}': import debian:${binary.source}`);
    throw new UserError(`apt's lists have no Debian source package '${name}' (nor a binary package of that name); check the name, or run apt-get update`);
  }
  if (wanted === undefined) return versions;
  const exact = versions.find((v) => v.version === wanted || withoutEpoch(v.version) === wanted);
  if (exact !== undefined) return [exact];
  const upstream = versions.find((v) => parseVersion(v.version).upstream === wanted || recipeVersion(v.version) === wanted);
  if (upstream !== undefined) return [upstream];
  // Not in the lists: the pool may still have it (a snapshot mirror has every version).
  if (parseVersion(wanted).revision !== "") return [{ version: wanted, locations: [...new Map(versions.flatMap((v) => v.locations).map((l) => [`${l.repository} ${l.poolDir}`, l])).values()] }];
  throw new UserError(`apt's lists have ${name} ${versions.map((v) => v.version).join(", ")}, not ${wanted}; give a Debian version (with its revision, as 1.2-3) to look for it in the pool`);
}

/** Reads a source package: its .dsc, its tarballs checked against it, the upstream tree's listing and Debian's packaging. */
export async function readSourcePackage(archive: DebianArchive, name: string, options: { version?: string; log?: (line: string) => void } = {}): Promise<SourcePackage> {
  const candidates = candidateVersions(archive, name, options.version);
  const missing: string[] = [];
  for (const candidate of candidates) {
    const next = candidate === candidates.at(-1) ? "" : ", trying the next version apt lists";
    const dscFile = `${name}_${withoutEpoch(candidate.version)}.dsc`;
    const dscText = await archive.poolText(candidate.locations, dscFile);
    if (dscText === null) {
      missing.push(`${dscFile} (${candidate.locations.map((l) => l.poolDir).join(", ")})`);
      options.log?.(`debian:${name}: the pool has no ${dscFile}${next}`);
      continue;
    }
    try {
      return await readVersion(archive, name, candidate.version, dscFile, dscText, next === "");
    } catch (error) {
      // A mirror may serve a version's .dsc but not all of its files (the security archive's
      // debian.tar of xz-utils 5.4.1-1+deb12u2): the next version may be whole.
      if (!(error instanceof PoolFileMissing) || next === "") throw error instanceof PoolFileMissing ? error.cause : error;
      options.log?.(`debian:${name}: the pool has ${dscFile} but not ${error.file}${next}`);
    }
  }
  throw new UserError(`no pool apt lists has ${missing.join(" or ")}`);
}

/** A file a .dsc names that the pool could not give: the fetch's own error is its cause. */
class PoolFileMissing extends Error {
  constructor(
    readonly file: string,
    override readonly cause: unknown,
  ) {
    super(`${file}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/**
 * One version of a source package, from its .dsc. For the last version there is (`last`), a pool
 * that has the upstream tarball but not Debian's packaging (the mirror here serves uwsgi
 * 2.0.21-5.1's .dsc and orig tarball, not its debian.tar) still gives a draft: the .dsc's
 * Build-Depends and the upstream tree, without debian/.
 */
async function readVersion(archive: DebianArchive, name: string, version: string, dscFile: string, dscText: string, last: boolean): Promise<SourcePackage> {
  const dsc = parseParagraphs(stripSignature(dscText))[0];
  if (dsc === undefined || dsc["source"] !== name) throw new UserError(`${dscFile}: not a .dsc of ${name} (its Source is ${dsc?.["source"] ?? "missing"})`);
  const format = (dsc["format"] ?? "1.0").trim();
  const files: PoolFile[] = fieldLines(dsc["checksums-sha256"]).map((line) => {
    const [sha256, size, file] = line.split(/\s+/);
    return { sha256: sha256!, size: Number(size), file: file! };
  });
  if (files.length === 0) throw new UserError(`${dscFile} has no Checksums-Sha256: the importer checks every file it takes against it`);
  const tarballs = files.filter((f) => /\.tar\.[a-z0-9]+$/.test(f.file));
  const orig = tarballs.find((f) => /\.orig\.tar\.[a-z0-9]+$/.test(f.file));
  const debianTar = tarballs.find((f) => /\.debian\.tar\.[a-z0-9]+$/.test(f.file));
  const diff = files.find((f) => f.file.endsWith(".diff.gz"));
  const native = tarballs.find((f) => f !== debianTar && !/\.orig(-[^.]+)?\.tar\./.test(f.file));
  const tarball = orig ?? native;
  if (tarball === undefined) throw new UserError(`${dscFile} (format ${format}) names no upstream tarball`);
  const components = tarballs.filter((f) => /\.orig-[^.]+\.tar\./.test(f.file));

  const fetch = (f: PoolFile) =>
    archive.poolFile({ package: name, version, file: f.file, sha256: f.sha256 }).catch((error: unknown) => {
      throw new PoolFileMissing(f.file, error);
    });
  const tarballPath = await fetch(tarball);
  const entries = await tarList(tarballPath);
  const topDir = topDirectory(entries);
  const inTree = (path: string) => (topDir === null ? path : `${topDir}/${path}`);

  const work = await mkdtemp(join(tmpdir(), "crosscheck-import-"));
  try {
    let debian: Map<string, string>;
    let packagingMissing: string | null = null;
    const packaging = debianTar ?? diff;
    const packagingPath = packaging === undefined
      ? undefined
      : await fetch(packaging).catch((error: unknown) => {
          if (!(error instanceof PoolFileMissing) || !last) throw error;
          packagingMissing = packaging.file;
          return null;
        });
    if (packagingPath === null) {
      debian = new Map();
    } else if (debianTar !== undefined) {
      await run("tar", ["-xf", packagingPath!, "-C", work]);
      debian = await readPackaging(join(work, "debian"));
    } else if (diff !== undefined) {
      const { stdout } = await run("gzip", ["-dc", packagingPath!], { maxBuffer: 256 << 20 });
      debian = debianFromDiff(stdout);
    } else {
      // A native package: debian/ is in its one tarball.
      await run("tar", ["-xf", tarballPath, "-C", work, inTree("debian")]).catch(() => undefined);
      debian = await readPackaging(join(work, inTree("debian")));
    }
    const series = (debian.get("patches/series") ?? "")
      .split("\n")
      .map((l) => l.replace(/#.*/, "").trim().split(/\s+/)[0]!)
      .filter(Boolean);
    return {
      name,
      version,
      dsc,
      dscFile,
      format,
      tarball,
      components,
      topDir,
      topLevel: topLevelNames(entries, topDir),
      subdirectories: subdirectoryNames(entries, topDir),
      async sourceFile(path) {
        if (!entries.some((e) => e.replace(/^\.\//, "") === inTree(path))) return null;
        const { stdout } = await run("tar", ["-xOf", tarballPath, entries.find((e) => e.replace(/^\.\//, "") === inTree(path))!], { maxBuffer: 64 << 20 });
        return stdout;
      },
      debian,
      patches: series,
      packagingMissing,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
