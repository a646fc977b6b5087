import { basename, extname } from "node:path";
import { elaborate, type PlatformSpec } from "../platform/index.ts";
import type { Matrix } from "./cell.ts";
import { cellCountProblem, expandMatrix, type Elaborate } from "./expand.ts";
import { raiseHint, resolveLimits, showByteSize, type MatrixLimits } from "./limits.ts";
import { checkPackageNames } from "./packages.ts";
import { MatrixError, formatProblem, type Problem } from "./problem.ts";
import { readMatrixText } from "./read.ts";
import { YamlSource } from "./source.ts";
import { checkSchema } from "./validate.ts";

/** Platform objects under `platforms` are elaborate's to check, field by field. */
const elaboratePlatform: Elaborate = (spec) => elaborate(spec as PlatformSpec);

let attributes: readonly string[] | undefined;
/**
 * The attributes an elaborated platform has (config, libc, isStatic, gcc, ...): what a platform
 * object's keys are checked against for typos. Worked out once, when a matrix defines one.
 */
function platformAttributes(): readonly string[] {
  attributes ??= Object.keys(elaborate("x86_64-linux"));
  return attributes;
}

/** What the run knows that the matrix is checked against. */
export interface MatrixOptions {
  /** The package catalog's attribute names: every package name the matrix writes must be one. */
  packages?: readonly string[];
  /** Bounds on what the matrix may ask for; each one not given comes from its environment variable, else its default (limits.ts). */
  limits?: Partial<MatrixLimits>;
  /** The day broken marks are checked against (one whose `until` has passed is a warning); today by default. */
  today?: Date;
  /** Where warnings go (file:line:col: message); stderr by default. */
  onWarning?: (warning: Problem) => void;
}

const printWarning = (warning: Problem) => console.error(`warning: ${formatProblem(warning)}`);

/**
 * Parses, validates and expands a matrix given as text. `file` is only used in messages
 * (as `file:line:col`) and for the default matrix name. Throws MatrixError (a UserError)
 * listing every problem: YAML syntax first, since nothing else can be checked without a
 * parse; then the schema; then what only expansion can see, and package names unknown to
 * `options.packages` when it is given.
 */
export function parseMatrix(text: string, file: string, options: MatrixOptions = {}): Matrix {
  const limits = resolveLimits(options.limits);
  const bytes = Buffer.byteLength(text);
  if (bytes > limits.maxBytes) {
    const message = `the matrix is ${showByteSize(bytes)}, over the limit of ${showByteSize(limits.maxBytes)} for a matrix file; ${raiseHint("maxBytes")}`;
    throw new MatrixError([{ file, line: 1, col: 1, message }]);
  }
  const source = new YamlSource(file, text, limits);
  if (source.syntaxProblems.length > 0) throw new MatrixError(source.syntaxProblems);
  const checked = checkSchema(source);
  if (!("document" in checked)) throw new MatrixError(checked.problems);
  const { document } = checked;
  const name = document.name ?? basename(file, extname(file));
  // Too many cells is the one problem to fix first: nothing else is checked of millions of cells.
  const tooMany = cellCountProblem(document, source, limits.maxCells);
  if (tooMany !== undefined) throw new MatrixError([tooMany]);
  const { cells, problems, warnings } = expandMatrix(document, source, name, {
    elaborate: elaboratePlatform,
    platformAttributes,
    maxCells: limits.maxCells,
    today: options.today ?? new Date(),
  });
  if (options.packages !== undefined) problems.push(...checkPackageNames(document, source, options.packages));
  if (problems.length > 0) throw new MatrixError(problems);
  for (const warning of warnings) (options.onWarning ?? printWarning)(warning);
  return { name, file, description: document.description, cells };
}

/**
 * Reads a matrix file and parses it (see parseMatrix). Only a regular file is read, and only up
 * to the size limit: a directory, a FIFO or a device is refused before reading (see read.ts).
 */
export function loadMatrix(file: string, options: MatrixOptions = {}): Matrix {
  const limits = resolveLimits(options.limits);
  return parseMatrix(readMatrixText(file, limits.maxBytes), file, { ...options, limits });
}
