import { maxListed, type Problem } from "./problem.ts";
import type { YamlSource } from "./source.ts";
import type { MatrixDocument } from "./validate.ts";
import { didYouMean } from "../suggest.ts";

/**
 * Every package name the matrix writes that the catalog lacks, at the place it is written: the
 * package axis, include entries (settings and broken marks for a package's cells, or a cell of
 * their own) and exclude entries. Unchecked, a misspelled name becomes a cell that can only
 * fail, or an include that adds a stray cell instead of extending the one it meant.
 */
export function checkPackageNames(document: MatrixDocument, source: YamlSource, packages: readonly string[]): Problem[] {
  const known = new Set(packages);
  const problems: Problem[] = [];
  const check = (name: string | undefined, pointer: string) => {
    if (name === undefined || known.has(name)) return;
    // Only the first problems are listed (MatrixError), so only they get the work of a suggestion.
    const hint = problems.length < maxListed ? didYouMean(name, packages) : "";
    problems.push(source.problemAt(pointer, `unknown package '${name}'${hint}`));
  };
  document.package.forEach((name, i) => check(name, `/package/${i}`));
  document.include?.forEach((entry, i) => check(entry.package, `/include/${i}/package`));
  // An exclude naming a package the axis lacks is already an error at the same place (it
  // matches no cell), offering the axis's names; the axis's names are checked above.
  document.exclude?.forEach((entry, i) => {
    if (entry.package !== undefined && document.package.includes(entry.package)) check(entry.package, `/exclude/${i}/package`);
  });
  return problems;
}
