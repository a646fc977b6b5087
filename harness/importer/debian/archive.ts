/**
 * The Debian archive as the machine's apt knows it: the binary packages of its Packages lists
 * (what apt-get update fetched, verified against the signed Release files), read through apt's
 * own tools, and files of the pool, fetched from the repository each list came from. No host
 * name is written here: every URI is apt's.
 *
 * `DebianArchive` is all the Debian source needs, so its tests give it a small archive of files.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { UserError } from "../../userError.ts";
import { fetchSource } from "../../engine/index.ts";
import { parseParagraphs, type Paragraph } from "./deb822.ts";
import { compareVersions } from "./version.ts";

const run = promisify(execFile);

/** One binary package of the lists, with the fields the importer reads. */
export interface BinaryPackage {
  package: string;
  version: string;
  /** Its source package, and that source's version (they differ for binNMUs, `+b1`). */
  source: string;
  sourceVersion: string;
  architecture: string;
  /** `same`, `foreign`, `allowed`, or null without the field. */
  multiArch: string | null;
  /** The names it provides (virtual packages), without versions. */
  provides: string[];
  depends: string;
  section: string;
  /** The repository of the list it is in (apt's `Repo-URI`). */
  repository: string;
  /** Its directory in that repository's pool (`pool/main/libo/libogg`, `pool/updates/main/e/expat`), where its source is too. */
  poolDir: string;
}

/** Where a source package's files are: a repository and the directory of its pool. */
export interface PoolLocation {
  repository: string;
  poolDir: string;
}

export interface DebianArchive {
  /** Every version of a binary package the lists have, newest first. */
  binary(name: string): BinaryPackage[];
  /** Real packages providing a virtual one, newest first. */
  providers(name: string): BinaryPackage[];
  /** The versions of a source package, by the binaries built from it, newest first, each with where the pools have it. */
  sourceVersions(source: string): { version: string; locations: PoolLocation[] }[];
  /** The binary packages built from a source package (any version). */
  binariesOf(source: string): BinaryPackage[];
  /** A file of the pool as text, tried in each location in turn; null when none has it. */
  poolText(locations: PoolLocation[], file: string): Promise<string | null>;
  /** A file of a source package, checked against its sha256, as the engine fetches it for a build (its source cache): its path. */
  poolFile(source: { package: string; version: string; file: string; sha256: string }): Promise<string>;
}

const fields = new Set(["package", "version", "source", "architecture", "multi-arch", "provides", "depends", "pre-depends", "section", "filename"]);

/**
 * The paragraphs of a Packages index with only these fields: the same as parseParagraphs with
 * `only`, for an index of 60,000 packages in a fraction of the time. Every paragraph of a
 * Packages index starts with its Package field, and the fields read here are one line each.
 */
export function parseIndex(text: string, wanted: ReadonlySet<string>): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let current: Paragraph | null = null;
  const names = new Map<string, string>(); // a field name as written → lower case, once per name
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    const first = text.charCodeAt(start);
    // Not a continuation line (space, tab) nor an empty one.
    if (first !== 32 && first !== 9 && end > start) {
      const colon = text.indexOf(":", start);
      if (colon !== -1 && colon < end) {
        const written = text.slice(start, colon);
        let name = names.get(written);
        if (name === undefined) names.set(written, (name = written.toLowerCase()));
        if (name === "package") paragraphs.push((current = {}));
        if (current !== null && wanted.has(name)) current[name] = text.slice(colon + 1, end).trim();
      }
    }
    start = end + 1;
  }
  return paragraphs;
}

/** `Source: bison (2:3.8.2+dfsg-1)` or `Source: zlib`, or none (the source is the package). */
function sourceOf(p: Paragraph): { source: string; sourceVersion: string } {
  const m = /^(\S+)(?:\s*\(([^)]+)\))?/.exec(p["source"] ?? "");
  return { source: m?.[1] ?? p["package"]!, sourceVersion: m?.[2]?.trim() ?? p["version"]! };
}

export function binaryPackages(paragraphs: Paragraph[], repository: string): BinaryPackage[] {
  return paragraphs
    .filter((p) => p["package"] !== undefined && p["version"] !== undefined)
    .map((p) => ({
      package: p["package"]!,
      version: p["version"]!,
      ...sourceOf(p),
      architecture: p["architecture"] ?? "",
      multiArch: p["multi-arch"] ?? null,
      provides: (p["provides"] ?? "").split(",").map((x) => x.trim().split(/[\s(]/)[0]!).filter(Boolean),
      depends: [p["pre-depends"], p["depends"]].filter(Boolean).join(", "),
      section: p["section"] ?? "",
      repository,
      poolDir: (p["filename"] ?? "").split("/").slice(0, -1).join("/"),
    }));
}

/** An archive over binary packages already read; pool files through `fetchText`/`fetchFile`. */
export function archiveOf(
  packages: BinaryPackage[],
  pool: { text(url: string): Promise<string | null>; file(source: { package: string; version: string; file: string; sha256: string }): Promise<string> },
): DebianArchive {
  const byName = new Map<string, BinaryPackage[]>();
  const byProvided = new Map<string, BinaryPackage[]>();
  const bySource = new Map<string, BinaryPackage[]>();
  const add = (map: Map<string, BinaryPackage[]>, key: string, p: BinaryPackage) => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [p]);
    else list.push(p);
  };
  for (const p of packages) {
    add(byName, p.package, p);
    for (const v of p.provides) add(byProvided, v, p);
    add(bySource, p.source, p);
  }
  const newest = (list: BinaryPackage[] | undefined) => [...(list ?? [])].sort((a, b) => compareVersions(b.version, a.version));
  return {
    binary: (name) => newest(byName.get(name)),
    providers: (name) => newest(byProvided.get(name)),
    binariesOf: (source) => newest(bySource.get(source)),
    sourceVersions(source) {
      const versions = new Map<string, Map<string, PoolLocation>>();
      for (const p of bySource.get(source) ?? []) {
        if (p.poolDir === "") continue;
        if (!versions.has(p.sourceVersion)) versions.set(p.sourceVersion, new Map());
        versions.get(p.sourceVersion)!.set(`${p.repository} ${p.poolDir}`, { repository: p.repository, poolDir: p.poolDir });
      }
      return [...versions].sort(([a], [b]) => compareVersions(b, a)).map(([version, locations]) => ({ version, locations: [...locations.values()] }));
    },
    async poolText(locations, file) {
      for (const { repository, poolDir } of locations) {
        const text = await pool.text(`${repository.replace(/\/+$/, "")}/${poolDir}/${file}`);
        if (text !== null) return text;
      }
      return null;
    },
    poolFile: (source) => pool.file(source),
  };
}

async function fetchText(url: string): Promise<string | null> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(120_000) });
  } catch {
    return null;
  }
  return response.ok ? response.text() : null;
}

/** apt's index targets (`apt-get indextargets`): each list it has, where its file is and which repository it is of. */
async function packagesLists(): Promise<{ file: string; repository: string }[]> {
  let out: string;
  try {
    out = (await run("apt-get", ["indextargets"], { maxBuffer: 64 << 20 })).stdout;
  } catch (error) {
    throw new UserError(`cannot read apt's lists (apt-get indextargets: ${error instanceof Error ? error.message : String(error)}); the Debian importer needs a Debian machine with apt`);
  }
  return parseParagraphs(out)
    .filter((t) => t["created-by"] === "Packages" && t["component"] === "main" && t["filename"] !== undefined && t["repo-uri"] !== undefined)
    .map((t) => ({ file: t["filename"]!, repository: t["repo-uri"]! }));
}

let machine: Promise<DebianArchive> | undefined;

/**
 * The machine's archive: the binary packages of apt's lists for `main` (decompressed by apt's
 * own helper), pool files from the repositories apt names. Read once per process.
 */
export function machineArchive(): Promise<DebianArchive> {
  machine ??= (async () => {
    const lists = await packagesLists();
    const read = await Promise.all(
      lists.map(async ({ file, repository }) => {
        try {
          const { stdout } = await run("/usr/lib/apt/apt-helper", ["cat-file", file], { maxBuffer: 1 << 30 });
          return binaryPackages(parseIndex(stdout, fields), repository);
        } catch {
          return []; // a list apt names but has not fetched
        }
      }),
    );
    const packages = read.flat();
    if (packages.length === 0) throw new UserError("apt's lists hold no Debian packages of 'main'; run apt-get update first");
    return archiveOf(packages, {
      text: fetchText,
      // The engine's own fetch: the mirror it builds from, its source cache, its check of the bytes.
      file: async (s) => (await fetchSource({ kind: "debian", package: s.package, version: s.version, origTarball: s.file, sha256: s.sha256 }))!.path,
    });
  })();
  machine.catch(() => (machine = undefined));
  return machine;
}
