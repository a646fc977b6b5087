/**
 * What a matrix may ask of the machine that loads it. A matrix is read in full and expanded in
 * memory before anything runs, so without bounds a mistaken (or hostile) file could take
 * gigabytes or hang the loader: a file of 50 MB, aliases that expand exponentially (the
 * "billion laughs"), nesting deep enough to exhaust the stack, millions of cells. Each bound is
 * far above what real matrices need, is named by the error that reports it, and can be raised:
 * by a flag of the commands that load matrices (`--max-cells 500000`) or an environment
 * variable (CROSSCHECK_MAX_CELLS=500000), which also reaches the test workers of a run.
 */
import { UserError } from "../userError.ts";

export interface MatrixLimits {
  /** The largest matrix file, in bytes. */
  maxBytes: number;
  /**
   * Aliases (`*name`): how many may be written, and how many values they may stand for, counted
   * as the yaml library counts them (an alias of a value that itself holds aliases counts each).
   */
  maxAliases: number;
  /** How deeply collections may nest (the top-level mapping is 1, `include[0].broken` is 4). */
  maxDepth: number;
  /** How many cells the matrix may expand into. */
  maxCells: number;
}

export const defaultLimits: Readonly<MatrixLimits> = {
  maxBytes: 128 * 1024,
  maxAliases: 100,
  maxDepth: 32,
  maxCells: 50_000,
};

/**
 * Above these the loader itself would fail (the parser's stack, V8's string length), so even a
 * raised limit stays under them and the error is one the user can read.
 */
const ceilings: Readonly<MatrixLimits> = {
  maxBytes: 256 * 1024 ** 2,
  maxAliases: 1_000_000,
  maxDepth: 500,
  maxCells: 100_000_000,
};

export type LimitName = keyof MatrixLimits;

interface LimitSetting {
  /** The flag of `run` and `repro`, without its dashes. */
  flag: string;
  env: string;
  /** The flag's placeholder and what a value looks like. */
  value: string;
  example: string;
  description: string;
  parse: (text: string) => number | undefined;
  show: (value: number) => string;
}

const wholeNumber = (min: number) => (text: string) => (/^\d+$/.test(text) && Number(text) >= min ? Number(text) : undefined);

/** "1M", "512K", "2097152", "1.5MB", "1MiB" → bytes; K, M and G are powers of 1024. */
export function parseByteSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([KMG]?)(?:i?B)?$/i.exec(text.trim());
  if (m === null) return undefined;
  const bytes = Math.round(Number(m[1]) * 1024 ** " KMG".indexOf((m[2] || " ").toUpperCase()));
  return bytes >= 1 ? bytes : undefined;
}

/** 1048576 → "1 MiB", 1500 → "1.5 KiB", 12 → "12 bytes". */
export function showByteSize(bytes: number): string {
  for (const [unit, size] of [["GiB", 1024 ** 3], ["MiB", 1024 ** 2], ["KiB", 1024]] as const) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(1))} ${unit}`;
  }
  return `${bytes} bytes`;
}

const count = (n: number) => n.toLocaleString("en-US");

export const limitSettings: Readonly<Record<LimitName, LimitSetting>> = {
  maxBytes: {
    flag: "max-matrix-size",
    env: "CROSSCHECK_MAX_MATRIX_SIZE",
    value: "SIZE",
    example: "4M",
    description: `the largest matrix file read, like 4M (default: ${showByteSize(defaultLimits.maxBytes)})`,
    parse: parseByteSize,
    show: showByteSize,
  },
  maxAliases: {
    flag: "max-aliases",
    env: "CROSSCHECK_MAX_ALIASES",
    value: "N",
    example: "1000",
    description: `the most YAML aliases (*name) a matrix may use; 0 forbids them (default: ${defaultLimits.maxAliases})`,
    parse: wholeNumber(0),
    show: count,
  },
  maxDepth: {
    flag: "max-depth",
    env: "CROSSCHECK_MAX_DEPTH",
    value: "N",
    example: "64",
    description: `the deepest nesting of lists and mappings in a matrix (default: ${defaultLimits.maxDepth})`,
    parse: wholeNumber(1),
    show: count,
  },
  maxCells: {
    flag: "max-cells",
    env: "CROSSCHECK_MAX_CELLS",
    value: "N",
    example: "500000",
    description: `the most cells a matrix may expand into (default: ${count(defaultLimits.maxCells)})`,
    parse: wholeNumber(1),
    show: count,
  },
};

export const limitNames = Object.keys(limitSettings) as LimitName[];

/** How a limit's message says where to raise it: `--max-cells N or CROSSCHECK_MAX_CELLS`. */
export function raiseHint(name: LimitName): string {
  const { flag, env, value } = limitSettings[name];
  return `raise it with --${flag} ${value} (or ${env})`;
}

/**
 * A limit's value as a user wrote it, or why it can't be one. `given` names where it came from
 * (`--max-cells` or `CROSSCHECK_MAX_CELLS`) for the message.
 */
export function parseLimit(name: LimitName, text: string, given: string): number {
  const setting = limitSettings[name];
  const value = setting.parse(text);
  if (value === undefined) {
    const what = setting.parse === parseByteSize ? "a size above zero" : name === "maxAliases" ? "a whole number" : "a whole number above zero";
    throw new UserError(`${given} ${JSON.stringify(text)}: expected ${what}, like ${setting.example}`);
  }
  if (value > ceilings[name]) {
    throw new UserError(`${given} ${text}: at most ${setting.show(ceilings[name])}, beyond which the loader itself can't cope`);
  }
  return value;
}

/**
 * The limits in force: each given one, else its environment variable, else the default. A bad
 * environment value is an error naming the variable, not a silent default.
 */
export function resolveLimits(given: Partial<MatrixLimits> = {}, env: NodeJS.ProcessEnv = process.env): MatrixLimits {
  const limits = { ...defaultLimits };
  for (const name of limitNames) {
    const fromEnv = env[limitSettings[name].env];
    if (given[name] !== undefined) limits[name] = given[name];
    else if (fromEnv !== undefined && fromEnv !== "") limits[name] = parseLimit(name, fromEnv, limitSettings[name].env);
  }
  return limits;
}
