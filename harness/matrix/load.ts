import { readFileSync } from "node:fs";
import { basename, extname } from "node:path";
import { elaborate, type PlatformSpec } from "../platform/index.ts";
import { UserError } from "../userError.ts";
import type { Matrix } from "./cell.ts";
import { expandMatrix, type Elaborate } from "./expand.ts";
import { checkPackageNames } from "./packages.ts";
import { MatrixError } from "./problem.ts";
import { YamlSource } from "./source.ts";
import { checkSchema } from "./validate.ts";

/** Platform objects under `platforms` are elaborate's to check, field by field. */
const elaboratePlatform: Elaborate = (spec) => elaborate(spec as PlatformSpec);

/** What the run knows that the matrix is checked against. */
export interface MatrixOptions {
  /** The package catalog's attribute names: every package name the matrix writes must be one. */
  packages?: readonly string[];
}

/**
 * Parses, validates and expands a matrix given as text. `file` is only used in messages
 * (as `file:line:col`) and for the default matrix name. Throws MatrixError (a UserError)
 * listing every problem: YAML syntax first, since nothing else can be checked without a
 * parse; then the schema; then what only expansion can see, and package names unknown to
 * `options.packages` when it is given.
 */
export function parseMatrix(text: string, file: string, options: MatrixOptions = {}): Matrix {
  const source = new YamlSource(file, text);
  if (source.syntaxProblems.length > 0) throw new MatrixError(source.syntaxProblems);
  const checked = checkSchema(source);
  if (!("document" in checked)) throw new MatrixError(checked.problems);
  const { document } = checked;
  const name = document.name ?? basename(file, extname(file));
  const { cells, problems } = expandMatrix(document, source, name, elaboratePlatform);
  if (options.packages !== undefined) problems.push(...checkPackageNames(document, source, options.packages));
  if (problems.length > 0) throw new MatrixError(problems);
  return { name, file, description: document.description, cells };
}

/** Reads a matrix file and parses it (see parseMatrix). */
export function loadMatrix(file: string, options: MatrixOptions = {}): Matrix {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : String(error);
    throw new UserError(`cannot read matrix ${file}: ${reason}`);
  }
  return parseMatrix(text, file, options);
}
