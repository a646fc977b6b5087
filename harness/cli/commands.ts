/**
 * The command table, as vitest's cli-config.ts: every command, its positionals and options. The
 * parser (parse.ts), `crosscheck --help` and `crosscheck <command> --help` (help.ts) and the
 * README's command table (`crosscheck help --markdown`) all come from here.
 */
import type { CommandSpec, Options, PositionalValues, Values } from "./commandSpec.ts";
import { limitSettings } from "../matrix/index.ts";

/**
 * The bounds on what a matrix may ask for (harness/matrix/limits.ts), for the commands that load
 * one; main hands them on as their environment variables, so a run's test workers have them too.
 */
export const matrixLimitOptions = {
  "max-matrix-size": { type: "string", value: "SIZE", description: limitSettings.maxBytes.description },
  "max-aliases": { type: "string", value: "N", description: limitSettings.maxAliases.description },
  "max-depth": { type: "string", value: "N", description: limitSettings.maxDepth.description },
  "max-cells": { type: "string", value: "N", description: limitSettings.maxCells.description },
} as const satisfies Options;

export const commands = {
  init: {
    summary: "scaffold a project here: config, a recipe, a matrix, a CI workflow",
    positionals: [],
    options: {},
  },
  import: {
    summary: "draft a recipe into the project's recipe directory from a Debian source package (the machine's apt archive)",
    positionals: [{ name: "PACKAGE", variadic: true, description: "debian:SOURCE, a Debian source package (debian:libogg)" }],
    options: {
      version: { type: "string", value: "V", description: "that version (Debian's 1.3.5-3 or upstream's 1.3.5) instead of the newest apt lists have" },
      "with-deps": { type: "boolean", description: "import the build dependencies the package set lacks too" },
      name: { type: "string", value: "ATTR", description: "the attribute (and file name) to write instead of the source's name" },
      into: { type: "string", value: "DIR", description: "the recipe directory to write into (default: the project's last one)" },
      force: { type: "boolean", description: "overwrite a recipe file that exists" },
    },
  },
  run: {
    summary: "run a matrix, one vitest test per cell",
    positionals: [{ name: "MATRIX", optional: true, description: "the matrix file (default: the project's matrix, else matrices/smoke.yaml)" }],
    options: {
      cell: { type: "string", value: "GLOB", description: "only the cells whose id matches GLOB (* and ?; a comma separates alternatives)" },
      shard: { type: "string", value: "i/n", description: "only the i-th of n shards of the cells, for one of n machines" },
      "update-snapshots": { type: "boolean", description: "write each cell's closure as its snapshot instead of comparing" },
      "rerun-checks": { type: "boolean", description: "run every check again instead of reusing the recorded pass of an unchanged one" },
      reporter: { type: "string", value: "FORMAT", default: "text", description: "the end-of-run summary as text, or as json on stdout (the progress then goes to stderr); either way also in the run's summary.json" },
      ...matrixLimitOptions,
    },
  },
  platforms: {
    summary: "Nixpkgs' example platforms, or each SPEC elaborated exactly as lib.systems.elaborate",
    positionals: [{ name: "SPEC", variadic: true, description: "an example name, a system double, a config triple, or a JSON attribute set" }],
    options: {
      json: { type: "boolean", description: "each SPEC as a platforms.json vector entry (diffable with nix eval)" },
      "can-execute": { type: "boolean", description: "which SPEC's machine runs which SPEC's programs" },
    },
  },
  plan: {
    summary: "the plan of one cell (a tree, --json or --dot), or with --stages the package sets of each stage",
    positionals: [{ name: "PACKAGE", optional: true, description: "the package to plan, from the project's package set (not with --stages)" }],
    options: {
      build: { type: "string", value: "B", description: "the build platform (required, but for --stages of an import)" },
      host: { type: "string", value: "H", description: "the host platform (required, but for --stages of an import)" },
      target: { type: "string", value: "T", description: "the target platform (default: the host)" },
      canadian: { type: "boolean", description: "allow build ≠ host ≠ target, which Nixpkgs refuses" },
      json: { type: "boolean", description: "print JSON" },
      dot: { type: "boolean", description: "print the plan as Graphviz dot" },
      stages: { type: "boolean", description: "the package sets' stages instead of a plan: from the cell's stage (with --build, --host), marking those Nixpkgs has not, or from an import (--local)" },
      local: { type: "string", value: "B", description: "with --stages: the localSystem of the import" },
      cross: { type: "string", value: "H", description: "with --stages: the crossSystem (default: none)" },
      path: { type: "string", value: "P", multiple: true, description: "with --stages: an attribute path to show besides the usual ones" },
    },
  },
  repro: {
    summary: "rebuild one cell here, its phases printed live",
    positionals: [{ name: "CELL", description: "a cell's id, or MATRIX/ID" }],
    options: {
      matrix: { type: "string", value: "FILE", description: "the matrix holding CELL (default: any of the project's matrices)" },
      shell: { type: "boolean", description: "a failing phase leaves you in a shell in its container, with the build's environment" },
      ...matrixLimitOptions,
    },
  },
  why: {
    summary: "why a cell's output refers to a dependency (file, offset, chain), like nix why-depends",
    positionals: [
      { name: "CELL", description: "a cell that was run, by the id `run` prints or as MATRIX/CELL-ID, or the pname, name or id of a built derivation" },
      { name: "DEPENDENCY", description: "a pname, store name or id, or a catalog name of its recipe (pkg-config for pkgconf)" },
    ],
    options: {},
  },
  report: {
    summary: "the HTML report (Allure 3) from reports/, with history across runs, and the matrix grid (packages by hosts) beside it",
    positionals: [],
    options: {
      open: { type: "boolean", description: "serve the report on localhost until interrupted" },
      port: { type: "string", value: "N", default: "0", description: "the port --open serves on; 0 picks a free one" },
    },
  },
  gc: {
    summary: "trim the local store, least recently used first",
    positionals: [],
    options: {
      "older-than": { type: "string", value: "AGE", description: "remove what was last used longer ago than AGE (a number and s, m, h or d: 30d)" },
      "max-size": { type: "string", value: "SIZE", description: "remove the least recently used until the store fits in SIZE (20G, 500M)" },
      "dry-run": { type: "boolean", description: "say what would be removed, remove nothing" },
    },
  },
  doctor: {
    summary: "each prerequisite (Docker engine, QEMU binfmt, base image, the run's builders) and its state",
    positionals: [],
    options: {
      fix: { type: "boolean", description: "repair what it can first: the engine, QEMU binfmt, the base image, leftover containers" },
      json: { type: "boolean", description: "print the checks as JSON (--fix's log goes to stderr)" },
    },
  },
  help: {
    summary: "the commands, or one command's arguments and options",
    positionals: [{ name: "COMMAND", optional: true, description: "the command to describe" }],
    options: {
      markdown: { type: "boolean", description: "the commands as the README's table" },
    },
  },
} as const satisfies Record<string, CommandSpec>;

/** Every command takes --help; the parser handles it, so no command's function sees it. */
export const helpOption = { help: { type: "boolean", short: "h", description: "show this help" } } as const satisfies Options;

export type CommandName = keyof typeof commands;
export type ValuesOf<N extends CommandName> = Values<(typeof commands)[N]["options"]>;
export type PositionalsOf<N extends CommandName> = PositionalValues<(typeof commands)[N]["positionals"]>;
/** What a command's function is given: its options' values and its positionals, as parsed. */
export interface Invocation<N extends CommandName> {
  values: ValuesOf<N>;
  positionals: PositionalsOf<N>;
}
