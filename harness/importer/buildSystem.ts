/**
 * The build system of an unpacked source tree, from the files at its top, as a source of
 * recipes sees them; shared by every source (a Debian tarball, a URL's). A shipped `configure`
 * is autotools; meson and cmake are next, as the build images have both; a `configure.ac`
 * without `configure` needs autoreconf, which the build images lack, so it comes after them;
 * then a plain Makefile.
 */
import type { BuildSystem } from "../planner/index.ts";

export interface DetectedBuildSystem {
  buildSystem: BuildSystem;
  why: string;
  /** No configure, only configure.ac: it has to be generated first (autoreconf). */
  needsAutoreconf: boolean;
}

const makefiles = ["GNUmakefile", "makefile", "Makefile"];

/** What the tree supports, in the order a build would pick. */
function supported(files: ReadonlySet<string>): { system: BuildSystem; file: string; needsAutoreconf: boolean }[] {
  const found: { system: BuildSystem; file: string; needsAutoreconf: boolean }[] = [];
  if (files.has("configure")) found.push({ system: "autotools", file: "configure", needsAutoreconf: false });
  if (files.has("meson.build")) found.push({ system: "meson", file: "meson.build", needsAutoreconf: false });
  if (files.has("CMakeLists.txt")) found.push({ system: "cmake", file: "CMakeLists.txt", needsAutoreconf: false });
  const ac = ["configure.ac", "configure.in"].find((f) => files.has(f));
  if (!files.has("configure") && ac !== undefined) found.push({ system: "autotools", file: ac, needsAutoreconf: true });
  const makefile = makefiles.find((f) => files.has(f));
  if (makefile !== undefined) found.push({ system: "make", file: makefile, needsAutoreconf: false });
  return found;
}

/**
 * The build system for files at the top of a tree. `preferred` is what the package's own
 * packaging uses (Debian's dh --buildsystem, or its Build-Depends on cmake or meson): taken when
 * the tree supports it without autoreconf.
 */
export function detectBuildSystem(files: ReadonlySet<string>, preferred: { system: BuildSystem; why: string } | null = null): DetectedBuildSystem {
  const found = supported(files);
  const others = (chosen: string) => {
    const rest = found.filter((f) => f.file !== chosen).map((f) => f.file);
    return rest.length === 0 ? "" : ` (it also has ${rest.join(", ")})`;
  };
  if (preferred !== null) {
    const match = found.find((f) => f.system === preferred.system && !f.needsAutoreconf);
    if (match !== undefined) return { buildSystem: match.system, why: `${preferred.why}; the tarball has ${match.file}${others(match.file)}`, needsAutoreconf: false };
  }
  const first = found[0];
  if (first === undefined) return { buildSystem: "custom", why: "the tarball has no configure, meson.build, CMakeLists.txt or Makefile at its top: write the phases", needsAutoreconf: false };
  const lacking = preferred !== null && preferred.system !== first.system ? `${preferred.why}, but the tarball can't be built that way here; ` : "";
  const how = first.needsAutoreconf ? `the tarball has ${first.file} but no configure: it must be generated (autoreconf)` : `the tarball has ${first.file}`;
  return { buildSystem: first.system, why: `${lacking}${how}${others(first.file)}`, needsAutoreconf: first.needsAutoreconf };
}

/** What a top-level Makefile says a recipe must set: the install prefix's variable, and whether it fixes CC itself. */
export function makefileHints(text: string): { prefixVariable: "PREFIX" | "prefix" | null; setsCC: boolean } {
  const assigns = (name: string) => new RegExp(`^\\s*(override\\s+)?${name}\\s*(\\?=|:=|::=|=|\\+=)`, "m").test(text);
  const prefixVariable = assigns("PREFIX") ? "PREFIX" : assigns("prefix") ? "prefix" : null;
  // `CC ?= gcc` keeps the environment's CC; `CC = gcc` or `CC := gcc` replaces it.
  const setsCC = /^\s*(override\s+)?CC\s*(:=|::=|=)\s*\S/m.test(text);
  return { prefixVariable, setsCC };
}
