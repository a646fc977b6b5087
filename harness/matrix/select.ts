import { UserError } from "../userError.ts";
import type { Cell } from "./cell.ts";
import { didYouMean } from "../suggest.ts";

/**
 * The cells whose ids match any of the glob patterns (`--cell 'hello*'`): `*` matches any run
 * of characters, `?` one character, and a comma separates alternatives (ids never contain
 * one), so `--cell 'zlib*,*~riscv64'` works. Order follows the matrix. A pattern matching no
 * cell is an error, since a typo would otherwise quietly run nothing.
 */
export function selectCells(cells: readonly Cell[], patterns: string | readonly string[]): Cell[] {
  const globs = (typeof patterns === "string" ? [patterns] : patterns).flatMap((p) => p.split(",")).filter((p) => p !== "");
  const matchers = globs.map((glob) => ({ glob, regex: globToRegExp(glob), used: false }));
  const selected = cells.filter((cell) => {
    let hit = false;
    for (const matcher of matchers) {
      if (matcher.regex.test(cell.id)) {
        matcher.used = true;
        hit = true;
      }
    }
    return hit;
  });
  const unused = matchers.filter((m) => !m.used);
  if (unused.length > 0) {
    const ids = cells.map((cell) => cell.id);
    const lines = unused.map(({ glob }) => {
      return `--cell '${glob}' matches no cell${didYouMean(glob.replaceAll(/[*?]/g, ""), ids, 1)}`;
    });
    throw new UserError(lines.join("\n"));
  }
  return selected;
}

function globToRegExp(glob: string): RegExp {
  const body = [...glob]
    .map((char) => (char === "*" ? ".*" : char === "?" ? "." : char.replace(/[\\^$.|+()[\]{}]/g, "\\$&")))
    .join("");
  return new RegExp(`^${body}$`);
}
