/**
 * What a cell checks beyond building. Every check needs the build, so `build` is always among a
 * cell's checks; the order here is the order they run in.
 *   installCheck  the recipe's installCheck phase, under the host's emulator when needed
 *   checkPhase    the recipe's checkPhase (its test suite), under the host's emulator when needed
 *                 (a matrix may still write its old name, `run`: checkAliases.ts)
 *   elf           every ELF (or, on Windows, PE) file in the outputs is for the host's machine
 *   closure       the runtime closure matches its committed snapshot (within closureGrowth)
 *   equivalence   the outputs match those of a native build of the package (built on the host's
 *                 architecture under its emulator), store paths set aside, and so do the
 *                 installChecks' results; opt-in: a cell runs it only when its checks name it
 */
export const checkNames = ["build", "installCheck", "checkPhase", "elf", "closure", "equivalence"] as const;
export type Check = (typeof checkNames)[number];

/** Checks a cell runs only when its checks name them: a native build under emulation takes tens of minutes. */
export const optInChecks: readonly Check[] = ["equivalence"];

/** What a cell checks when neither the matrix's defaults nor an include entry say. */
export const defaultChecks: readonly Check[] = checkNames.filter((check) => !optInChecks.includes(check));

/**
 * A platform as the matrix names it. `name` is what the user wrote (and what ids use); `spec`
 * is what to elaborate: the name itself, or the object the matrix's `platforms` gives it.
 */
export interface CellPlatform {
  name: string;
  spec: string | Record<string, unknown>;
}

/** A cell either should pass, or is known broken (a `broken:` mark) until an optional date. */
export type Expectation =
  | { kind: "pass" }
  | {
      kind: "broken";
      reason: string;
      /** Last day (YYYY-MM-DD, UTC) the mark holds; afterwards a failure counts again. */
      until: string | undefined;
      /** The failure category the mark expects (a category id); another category fails the cell. */
      category: string | undefined;
      /** file:line:col of the mark, so messages can say where to remove or renew it. */
      at: string;
    };

/** One (package, build, host, target) combination of a matrix: one vitest test. */
export interface Cell {
  /** Stable, unique in its matrix, only [A-Za-z0-9._+@~-]; see cellId.ts. */
  id: string;
  matrix: string;
  package: string;
  build: CellPlatform;
  host: CellPlatform;
  target: CellPlatform;
  expectation: Expectation;
  checks: Check[];
  timeoutMs: number;
  /** Allowed growth of the closure size over its snapshot, as a fraction (0.1 for 10%). */
  closureGrowth: number;
  /** Checks that run every time instead of reusing a recorded pass (ones that depend on time or the network). */
  rerunChecks: Check[];
  /** The outputs whose closure findings fail the cell; null for the default, every output but dev. */
  cleanOutputs: string[] | null;
  /** build, host and target all differ (Nixpkgs refuses these; the matrix must opt in). */
  canadian: boolean;
}

export interface Matrix {
  name: string;
  file: string;
  description: string | undefined;
  cells: Cell[];
}

/**
 * Whether a finding in this output of the cell's package fails the cell. By default every output
 * but dev must be clean: dev holds what builds read (headers, .pc files, -config scripts), which
 * often records the build machine, and it never reaches the host's runtime closure; a finding
 * there warns. The classic cross bug is the same reference landing in out (NixOS/nixpkgs#81716).
 */
export function mustBeClean(cell: Pick<Cell, "cleanOutputs">, output: string): boolean {
  return cell.cleanOutputs === null ? output !== "dev" : cell.cleanOutputs.includes(output);
}
