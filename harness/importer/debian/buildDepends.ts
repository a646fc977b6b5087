/**
 * Debian's build dependencies sorted as Nixpkgs sorts them. Each entry of Build-Depends (and
 * Build-Depends-Arch, and Build-Depends-Indep for a package of only `Architecture: all` binaries)
 * is looked up in the archive, its first alternative that exists taken, as Debian's build
 * daemons take it:
 *
 * - what it is for, from its build profiles: every build, only a native one (`<!cross>`), only a
 *   cross one (`<cross>`), or only the test suite (`<!nocheck>`) or the documentation (`<!nodoc>`);
 * - where it runs, from its binary package's Multi-Arch: `foreign`, a `:native` or `:any`
 *   qualifier, or an architecture-independent tool run on the build machine (nativeBuildInputs);
 *   `same` (and packages without the field, by their name or section) are libraries for the
 *   host (buildInputs), propagated when the package's own -dev package depends on them;
 * - what it is in the catalog, through its source package (`zlib1g-dev` is zlib's).
 *
 * Debian's packaging tools and what the build images hold anyway are set aside, named.
 */
import type { DraftInput, DraftList, When } from "../draft.ts";
import type { CatalogIndex } from "../catalogIndex.ts";
import type { BinaryPackage, DebianArchive } from "./archive.ts";
import { linuxArchitectures, parseRelations, profilesAllow, type Relation } from "./relations.ts";

/** Debian's packaging machinery: a recipe has its own. */
const packaging = /^(debhelper|debhelper-compat|dh-.*|dh_.*|dpkg-dev|dpkg-build-api|quilt|cdbs|po-debconf|lsb-release|chrpath|d-shlibs|pkg-kde-tools|gem2deb|javahelper|sbuild)$/;
/** In every build image: the native compiler, make, the unpackers (harness/engine's base image), config.sub/guess. */
const inImage = /^(build-essential|gcc|g\+\+|cpp|make|libc6-dev|libc-dev|linux-libc-dev|file|patch|xz-utils|bzip2|gzip|tar|autotools-dev|coreutils|sed|grep|gawk|mawk|findutils|diffutils|perl|perl-base)$/;
/** The toolchain: the stdenv's compiler and C library are every recipe's already (other compilers and multilib are not crosscheck's). */
const toolchain = /^(gcc|g\+\+|cpp|gfortran|gccgo|gdc|gnat|gobjc|gobjc\+\+|gm2|clang|llvm|lld)(-[0-9.]+)?(-multilib|-plugin-dev)?$|^(binutils(-.*)?|libc6-dev-.*|lib(32|x32|64)(gcc|stdc\+\+).*|gcc-[0-9.]+-(multilib|plugin-dev)|crossbuild-essential-.*)$/;
/** Only for regenerating configure, which a tarball with configure does not need. */
const autoreconfTools = /^(autoconf|automake|automake1\.\d+|libtool|libtool-bin|autoconf-archive|autopoint|gnulib|dh-autoreconf)$/;
/** The build image's own for these build systems (harness/engine's node images). */
const buildSystemTools: Record<string, RegExp> = { cmake: /^(cmake|cmake-data)$/, meson: /^(meson|ninja-build)$/ };
/** Multi-Arch: same so that each architecture gets its prefixed name, yet tools run at build time. */
const toolsDespiteMultiArch = new Set(["pkg-config", "pkgconf"]);

export type Purpose = "build" | "check" | "doc";

export interface SortedDependency {
  relation: Relation;
  binary: BinaryPackage | null;
  purpose: Purpose;
  when: When;
  /** tool (nativeBuildInputs) or library (buildInputs), and why. */
  role: "tool" | "library";
  roleWhy: string;
  identity: string | null;
}

export interface SortedBuildDepends {
  inputs: DraftInput[];
  /** Entries for the test suite or documentation only, with what they map to. */
  checkOnly: SortedDependency[];
  docOnly: SortedDependency[];
  /** Set aside, each group with its names: packaging tools, what the image has, autoreconf's tools. */
  packaging: string[];
  inImage: string[];
  /** Compilers and C libraries: the stdenv's toolchain, or not crosscheck's. */
  toolchain: string[];
  autoreconf: string[];
  /** Entries with a CPU restriction or a profile other than cross/nocheck/nodoc: for a reviewer. */
  conditional: string[];
  /** Entries the archive doesn't have, or that can't be read. */
  unknown: string[];
  /** Whether the package build-depends on itself for cross builds (a native build of itself). */
  needsItself: string[];
}

function lookup(archive: DebianArchive, name: string): BinaryPackage | null {
  return archive.binary(name)[0] ?? archive.providers(name)[0] ?? null;
}

function roleOf(relation: Relation, binary: BinaryPackage): { role: "tool" | "library"; why: string } {
  const ma = binary.multiArch;
  if (relation.archQualifier === "native") return { role: "tool", why: "':native': run on the build machine" };
  if (relation.archQualifier === "any") return { role: "tool", why: `':any' (Multi-Arch: ${ma ?? "none"}): run on the build machine` };
  if (toolsDespiteMultiArch.has(binary.package)) return { role: "tool", why: `a build tool (Multi-Arch: ${ma} only for its prefixed names)` };
  if (ma === "foreign") return { role: "tool", why: "Multi-Arch: foreign, a tool" };
  const devLike = /-dev$/.test(binary.package) || /(^|\/)libdevel$/.test(binary.section);
  if (binary.architecture === "all") return devLike ? { role: "library", why: "architecture-independent headers for the host" } : { role: "tool", why: "architecture-independent, used at build time" };
  if (ma === "same") return { role: "library", why: "Multi-Arch: same, a library" };
  if (ma === "allowed") return { role: "tool", why: "Multi-Arch: allowed without ':any' (Debian would take the host's; used as a tool, review)" };
  if (devLike || /(^|\/)libs$/.test(binary.section)) return { role: "library", why: "no Multi-Arch field, a library by its name" };
  return { role: "tool", why: "no Multi-Arch field, a tool by its name (Debian would take the host's, review)" };
}

/** What a relation's profiles make it: needed in the build (always, native or cross only), for checks or docs only, or never. */
function purposeOf(relation: Relation): { purpose: Purpose; when: When } | null {
  const off = new Set(["nocheck", "nodoc"]);
  const native = profilesAllow(relation, off);
  const cross = profilesAllow(relation, new Set([...off, "cross"]));
  if (native && cross) return { purpose: "build", when: "always" };
  if (native) return { purpose: "build", when: "native" };
  if (cross) return { purpose: "build", when: "cross" };
  if (profilesAllow(relation, new Set()) || profilesAllow(relation, new Set(["cross"]))) {
    return { purpose: profilesAllow(relation, new Set(["nodoc"])) ? "check" : "doc", when: "always" };
  }
  return null;
}

export interface SortOptions {
  /** The source package being imported (its own -dev packages decide what is propagated). */
  source: string;
  buildSystem: string;
  /** The tarball ships configure: autoreconf's tools are not needed. */
  hasConfigure: boolean;
}

/** The source packages the package's own -dev packages depend on: what its headers include. */
function propagatedSources(archive: DebianArchive, source: string): Set<string> {
  const newest = archive.sourceVersions(source)[0]?.version;
  const sources = new Set<string>();
  for (const binary of archive.binariesOf(source)) {
    if (binary.sourceVersion !== newest || !/-dev$/.test(binary.package)) continue;
    for (const entry of parseRelations(binary.depends).entries) {
      const found = entry.map((r) => lookup(archive, r.name)).find((b) => b !== null);
      if (found && found.source !== source) sources.add(found.source);
    }
  }
  return sources;
}

export function sortBuildDepends(fields: string[], archive: DebianArchive, catalog: CatalogIndex, options: SortOptions): SortedBuildDepends {
  const out: SortedBuildDepends = { inputs: [], checkOnly: [], docOnly: [], packaging: [], inImage: [], toolchain: [], autoreconf: [], conditional: [], unknown: [], needsItself: [] };
  const propagated = propagatedSources(archive, options.source);
  const merged = new Map<string, DraftInput>();
  for (const field of fields) {
    const { entries, unread } = parseRelations(field);
    out.unknown.push(...unread.map((u) => `${u} (unreadable)`));
    for (const alternatives of entries) {
      const text = alternatives.map((a) => a.text).join(" | ");
      const names = alternatives.map((a) => a.name);
      if (names.some((n) => packaging.test(n))) {
        out.packaging.push(text);
        continue;
      }
      if (names.some((n) => toolchain.test(n))) {
        out.toolchain.push(text);
        continue;
      }
      if (names.some((n) => inImage.test(n)) || names.some((n) => buildSystemTools[options.buildSystem]?.test(n))) {
        out.inImage.push(text);
        continue;
      }
      if (options.hasConfigure && names.every((n) => autoreconfTools.test(n))) {
        out.autoreconf.push(text);
        continue;
      }
      const chosen = alternatives.map((relation) => ({ relation, binary: lookup(archive, relation.name) })).find((c) => c.binary !== null);
      if (chosen === undefined) {
        out.unknown.push(`${text} (not in apt's lists)`);
        continue;
      }
      const { relation, binary } = chosen as { relation: Relation; binary: BinaryPackage };
      const arches = linuxArchitectures(relation);
      if (arches === "never") continue;
      const purpose = purposeOf(relation);
      if (purpose === null) {
        out.conditional.push(`${text}: only with build profiles this importer doesn't turn on`);
        continue;
      }
      if (arches === "some") out.conditional.push(`${text}: only on some CPUs; listed always here`);
      const { role, why } = roleOf(relation, binary);
      const identity = `debian:${binary.source}`;
      const sorted: SortedDependency = { relation, binary, purpose: purpose.purpose, when: purpose.when, role, roleWhy: why, identity };
      if (purpose.purpose === "check") {
        out.checkOnly.push(sorted);
        continue;
      }
      if (purpose.purpose === "doc") {
        out.docOnly.push(sorted);
        continue;
      }
      if (binary.source === options.source) {
        out.needsItself.push(text);
        continue;
      }
      const list: DraftList = role === "tool" ? "nativeBuildInputs" : propagated.has(binary.source) ? "propagatedBuildInputs" : "buildInputs";
      const because = list === "propagatedBuildInputs" ? `${why}; ${options.source}'s -dev package depends on it` : why;
      const key = `${list}|${purpose.when}|${identity}`;
      const existing = merged.get(key);
      if (existing !== undefined) {
        existing.names.push(relation.name);
        continue;
      }
      const input: DraftInput = { list, when: purpose.when, attr: catalog.attrOf(identity), names: [relation.name], identity, why: `${because}; source ${binary.source}` };
      merged.set(key, input);
      out.inputs.push(input);
    }
  }
  return out;
}
