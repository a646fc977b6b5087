import { UserError } from "../userError.ts";
import type { Cell } from "./cell.ts";
import { closestNames, didYouMeanOneOf } from "../suggest.ts";

/**
 * The cells whose ids match any of the glob patterns (`--cell 'hello*'`): `*` matches any run
 * of characters, `?` one character, and a comma separates alternatives (ids never contain
 * one), so `--cell 'zlib*,*~riscv64'` works. Order follows the matrix. A pattern matching no
 * cell is an error naming what it was probably meant to be, since a typo would otherwise
 * quietly run nothing.
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
    throw new UserError(unused.map(({ glob }) => `--cell '${glob}' matches no cell${didYouMeanOneOf(meant(glob, cells))}`).join("\n"));
  }
  return selected;
}

/**
 * What a pattern that matched nothing was probably meant to be: the ids closest to it whole
 * (`zlb@x86_64-linux~riscv64`), then the pattern with its package part, what comes before the
 * first `@`, `~` or wildcard, replaced by the closest package names, when that matches cells
 * (`helo@*` → `hello@*`, `helo*` → `hello*`). A bare name stands for the package's cells, so
 * `hello` → `hello@*`.
 */
function meant(glob: string, cells: readonly Cell[]): string[] {
  const byId = closestNames(glob.replaceAll(/[*?]/g, ""), cells.map((cell) => cell.id));
  const packagePart = /^[^@~*?]*/.exec(glob)?.[0] ?? "";
  const rest = glob.slice(packagePart.length) || "@*";
  const byPackage = closestNames(packagePart, new Set(cells.map((cell) => cell.package)))
    .map((name) => name + rest)
    .filter((pattern) => {
      const regex = globToRegExp(pattern);
      return pattern !== glob && cells.some((cell) => regex.test(cell.id));
    });
  return [...new Set([...byId, ...byPackage, ...bySegment(glob, cells)])].slice(0, 3);
}

/**
 * The pattern with each of its literal parts that no id has corrected to the closest one that
 * does, when that matches cells: a part after `@` is a build, one after `~` a host or target, the
 * first the package. So `*~risv64` → `*~riscv64`, `hello@x86_64-linx~*` → `hello@x86_64-linux~*`.
 */
function bySegment(glob: string, cells: readonly Cell[]): string[] {
  const parts = glob.split(/([@~])/);
  const known = { "": new Set<string>(), "@": new Set<string>(), "~": new Set<string>() };
  for (const cell of cells) {
    const id = cell.id.split(/([@~])/);
    known[""].add(id[0]!);
    for (let i = 1; i < id.length; i += 2) known[id[i] as "@" | "~"].add(id[i + 1]!);
  }
  let changed = false;
  const corrected = parts.map((part, i) => {
    if (i % 2 === 1 || /[*?]/.test(part) || part === "") return part;
    const values = known[i === 0 ? "" : (parts[i - 1] as "@" | "~")];
    if (values.has(part)) return part;
    const [closest] = closestNames(part, values);
    if (closest === undefined) return part;
    changed = true;
    return closest;
  });
  if (!changed) return [];
  const pattern = corrected.join("");
  const regex = globToRegExp(pattern);
  return cells.some((cell) => regex.test(cell.id)) ? [pattern] : [];
}

function globToRegExp(glob: string): RegExp {
  const body = [...glob]
    .map((char) => (char === "*" ? ".*" : char === "?" ? "." : char.replace(/[\\^$.|+()[\]{}]/g, "\\$&")))
    .join("");
  return new RegExp(`^${body}$`);
}
