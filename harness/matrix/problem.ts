import { UserError } from "../userError.ts";

/** A place in a matrix file; line and col count from 1, as editors and compilers do. */
export interface Location {
  file: string;
  line: number;
  col: number;
}

/** One thing wrong with a matrix file, at the place a user would go to fix it. */
export interface Problem extends Location {
  message: string;
}

export function formatLocation(location: Location): string {
  return `${location.file}:${location.line}:${location.col}`;
}

export function formatProblem(problem: Problem): string {
  return `${formatLocation(problem)}: ${problem.message}`;
}

/**
 * The most problems a MatrixError's message lists (all of them are in `problems`); only as many
 * of a kind get the work of a "did you mean".
 */
export const maxListed = 50;

/**
 * Every problem found in a matrix, reported together so a user fixes them in one pass rather
 * than one rerun per mistake. Sorted by position so the listing reads like the file.
 */
export class MatrixError extends UserError {
  readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[]) {
    const sorted = [...problems].sort((a, b) => a.line - b.line || a.col - b.col);
    // A file of nonsense can have a problem per line: the first ones say what is wrong.
    const shown = sorted.slice(0, maxListed).map(formatProblem);
    if (sorted.length > maxListed) shown.push(`... and ${(sorted.length - maxListed).toLocaleString("en-US")} more problems`);
    super(shown.join("\n"));
    this.problems = sorted;
  }
}
