/**
 * A recipe as an importer drafts it, before it is written: what every source of recipes
 * (Debian's archive today; a Nixpkgs expression or a URL later) fills in, and what the recipe
 * writer turns into a recipe module. Plain data: each value says where it came from, so the
 * written recipe can say it too, and what the importer could not decide is kept for a reviewer
 * rather than guessed.
 */
import type { BuildSystem, Source } from "../planner/index.ts";

/** When a dependency or a flag applies: in every build, only natively, or only when cross-compiling. */
export type When = "always" | "native" | "cross";

/** Where a dependency goes: a tool run at build time, a library for the host, one dependents need too. */
export type DraftList = "nativeBuildInputs" | "buildInputs" | "propagatedBuildInputs";

export interface DraftInput {
  list: DraftList;
  when: When;
  /** The catalog attribute it is, null while the package set has none (the recipe gets a comment). */
  attr: string | null;
  /** The source's own names for it (`libogg-dev`), for the comment and the reader. */
  names: string[];
  /** The package it comes from, in the catalog's terms (`debian:libogg`): how it is looked up and imported. */
  identity: string | null;
  /** Why it is in this list (`Multi-Arch: same`), shown beside it. */
  why: string;
}

export interface DraftFlag {
  value: string;
  when: When;
  /** Where it came from (`debian/rules:12`). */
  from: string;
  /** A literal TypeScript expression instead of the string (`` `CC=${prefix}cc` ``), for values only the recipe can know. */
  expression?: string;
}

/** A block of comments for a reviewer: a title and its lines. */
export interface ReviewNote {
  title: string;
  lines: string[];
}

export interface RecipeDraft {
  /** The attribute and the file name (`libogg` → libogg.ts). */
  attr: string;
  /** The package's identity in the catalog's terms (`debian:libogg`), as a catalog package's source gives it. */
  identity: string;
  pname: string;
  version: string;
  src: Source;
  /** A line about the source, shown beside the sha256 (`checked against libogg_1.3.5-3.dsc`). */
  srcNote: string;
  /** The doc comment's lines: what it is, where it came from. */
  summary: string[];
  buildSystem: BuildSystem;
  /** What decided the build system (`the tarball has configure`). */
  buildSystemWhy: string;
  /** The subdirectory of the tree the build runs in, null for its top. */
  sourceRoot: string | null;
  inputs: DraftInput[];
  /** The build needs a compiler for the build machine (`CC_FOR_BUILD`): depsBuildBuild gets buildPackages.stdenv.cc, and why. */
  buildCompiler: string | null;
  configureFlags: DraftFlag[];
  cmakeFlags: DraftFlag[];
  mesonFlags: DraftFlag[];
  makeFlags: DraftFlag[];
  /** Shell hooks (preConfigure, …) with a comment each. */
  hooks: { name: "postPatch" | "preConfigure" | "checkPhase"; text: string; why: string }[];
  outputs: string[];
  doCheck: boolean;
  doCheckWhy: string;
  /** An installCheck to consider, written commented out (the importer can't know what the program does). */
  installCheckHint: string | null;
  meta: {
    description: string | null;
    homepage: string | null;
    license: string | null;
    platforms: "all" | "unix" | "linux";
  };
  review: ReviewNote[];
}
