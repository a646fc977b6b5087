/** The bounds on a matrix (limits.ts): each refused at its place, each settable, and warnings. */
import { describe, expect, test } from "vitest";
import { UserError } from "../userError.ts";
import { defaultLimits, parseByteSize, resolveLimits } from "./limits.ts";
import { parseMatrix } from "./load.ts";
import type { Problem } from "./problem.ts";

const axes = "build: [x86_64-linux]\nhost: [x86_64-linux, riscv64]\n";

function problems(text: string, limits = {}): string[] {
  try {
    parseMatrix(text, "m.yaml", { limits });
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message.split("\n");
  }
  throw new Error("the matrix was accepted");
}

describe("each limit is refused at its place, naming it", () => {
  test("file size", () => {
    expect(problems(`${axes}package: [hello]\n`, { maxBytes: 40 })).toEqual([
      "m.yaml:1:1: the matrix is 69 bytes, over the limit of 40 bytes for a matrix file; raise it with --max-matrix-size SIZE (or CROSSCHECK_MAX_MATRIX_SIZE)",
    ]);
  });

  test("aliases written, and what they stand for", () => {
    expect(problems(`${axes}package: [&p hello]\ninclude: [{ package: *p }, { package: *p, timeout: 1m }]\n`, { maxAliases: 1 })).toEqual([
      "m.yaml:4:39: more than 1 aliases (*name), the limit for a matrix; raise it with --max-aliases N (or CROSSCHECK_MAX_ALIASES)",
    ]);
    const laughs = ["a: &a [x, x, x]", "b: &b [*a, *a, *a]", "c: &c [*b, *b, *b]", `${axes}package: [hello]`].join("\n");
    expect(problems(laughs, { maxAliases: 8 })[0]).toMatch(/^m\.yaml:2:8: the aliases \(\*name\) from here on stand for more than 8 values, the limit for a matrix/);
  });

  test("nesting, at the first collection too deep", () => {
    expect(problems(`${axes}package: [hello]\ndefaults: { checks: [[elf]] }\n`, { maxDepth: 3 })).toEqual([
      "m.yaml:4:22: nested more than 3 levels deep, the limit for a matrix; raise it with --max-depth N (or CROSSCHECK_MAX_DEPTH)",
    ]);
  });

  test("cells, from the axes before any is made, and from include entries that add them", () => {
    expect(problems(`${axes}package: [hello, zlib]\n`, { maxCells: 3 })).toEqual([
      "m.yaml:2:1: the matrix makes 4 cells (1 build × 2 hosts × 2 packages), over the limit of 3 cells for a matrix; split it, or raise it with --max-cells N (or CROSSCHECK_MAX_CELLS)",
    ]);
    expect(problems(`${axes}package: [hello]\ninclude: [{ package: zlib, host: riscv64 }, { package: tcc, host: riscv64 }]\n`, { maxCells: 3 })).toEqual([
      "m.yaml:4:45: include[1] adds a cell past the limit of 3 cells for a matrix; raise it with --max-cells N (or CROSSCHECK_MAX_CELLS)",
    ]);
  });
});

describe("where a limit comes from", () => {
  test("given, else its environment variable, else the default", () => {
    expect(resolveLimits({}, {})).toEqual(defaultLimits);
    expect(resolveLimits({}, { CROSSCHECK_MAX_CELLS: "7", CROSSCHECK_MAX_MATRIX_SIZE: "2M" })).toEqual({ ...defaultLimits, maxCells: 7, maxBytes: 2 * 1024 ** 2 });
    expect(resolveLimits({ maxCells: 9 }, { CROSSCHECK_MAX_CELLS: "7" }).maxCells).toBe(9);
  });

  test("a bad environment value is an error naming the variable", () => {
    expect(() => resolveLimits({}, { CROSSCHECK_MAX_DEPTH: "deep" })).toThrow(new UserError('CROSSCHECK_MAX_DEPTH "deep": expected a whole number above zero, like 64'));
    expect(() => resolveLimits({}, { CROSSCHECK_MAX_DEPTH: "1000" })).toThrow(new UserError("CROSSCHECK_MAX_DEPTH 1000: at most 500, beyond which the loader itself can't cope"));
  });

  test("sizes", () => {
    expect([parseByteSize("512K"), parseByteSize("1.5M"), parseByteSize("2048"), parseByteSize("1MiB"), parseByteSize("-1M"), parseByteSize("0")]).toEqual([
      512 * 1024,
      1.5 * 1024 ** 2,
      2048,
      1024 ** 2,
      undefined,
      undefined,
    ]);
  });
});

describe("what loads, with a warning", () => {
  const marked = `${axes}package: [hello]\ninclude:\n  - { package: hello, broken: { reason: r, until: 2025-09-01 } }\n`;

  test("a broken mark whose until has passed, at its date", () => {
    const warnings: Problem[] = [];
    const { cells } = parseMatrix(marked, "m.yaml", { today: new Date("2025-09-02T08:00:00Z"), onWarning: (w) => warnings.push(w) });
    expect(cells).toHaveLength(2);
    expect(warnings).toEqual([
      {
        file: "m.yaml",
        line: 5,
        col: 51,
        message: "include[0].broken.until: the broken mark expired after 2025-09-01, so its cells fail again if they fail; renew the date or remove the mark",
      },
    ]);
  });

  test("none on its last day", () => {
    const warnings: Problem[] = [];
    parseMatrix(marked, "m.yaml", { today: new Date("2025-09-01T23:00:00Z"), onWarning: (w) => warnings.push(w) });
    expect(warnings).toEqual([]);
  });
});
