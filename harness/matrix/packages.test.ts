import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadMatrix, parseMatrix } from "./load.ts";
import { MatrixError } from "./problem.ts";

const catalog = ["hello", "zlib", "tcc", "libpng", "perl", "perl-mini"];

/** The formatted problems a matrix text is rejected with, checked against `catalog`. */
function problems(...lines: string[]): string[] {
  try {
    parseMatrix(lines.join("\n"), "m.yaml", { packages: catalog });
  } catch (error) {
    expect(error).toBeInstanceOf(MatrixError);
    return (error as MatrixError).message.split("\n");
  }
  throw new Error("the matrix was accepted");
}

const platforms = ["build: [x86_64-linux]", "host: [x86_64-linux, riscv64]"];

describe("package names, checked against the catalog", () => {
  test("an unknown package is a problem at the name, with the closest names", () => {
    expect(problems(...platforms, "package: [zlib, helo]")).toEqual(["m.yaml:3:17: unknown package 'helo'; did you mean 'hello'?"]);
  });

  test("a name like none in the catalog gets no suggestion", () => {
    expect(problems(...platforms, "package:", "  - nosuchpkg")).toEqual(["m.yaml:4:5: unknown package 'nosuchpkg'"]);
  });

  test("case counts, but the suggestion ignores it", () => {
    expect(problems(...platforms, "package: [Hello]")).toEqual(["m.yaml:3:11: unknown package 'Hello'; did you mean 'hello'?"]);
  });

  test("every unknown name is reported, wherever it is written, together with the other problems", () => {
    expect(
      problems(
        ...platforms,
        "package: [helo, zlib, pearl]",
        "exclude:",
        "  - {package: pearl, host: riscv64}", // in the axis: the catalog lacks it
        "  - {package: tc}", // not in the axis: expansion already says so
        "include:",
        "  - {package: libpgn, host: riscv64}", // adds a cell
        "  - package: zlb", // settings and a broken mark meant for zlib
        "    broken: {reason: fails, until: 2025-02-30}",
      ),
    ).toEqual([
      "m.yaml:3:11: unknown package 'helo'; did you mean 'hello'?",
      "m.yaml:3:23: unknown package 'pearl'; did you mean 'perl'?",
      "m.yaml:5:15: unknown package 'pearl'; did you mean 'perl'?",
      'm.yaml:6:15: exclude[1] matches no cell: "tc" is not one of the matrix\'s package values (helo, zlib, pearl)',
      "m.yaml:8:15: unknown package 'libpgn'; did you mean 'libpng'?",
      // zlb matches no cell, so the entry would add one; expansion says what that lacks.
      "m.yaml:9:5: include[1] matches no cell, so it adds one, but it doesn't say which host: the matrix has 2 (x86_64-linux, riscv64)",
      "m.yaml:9:14: unknown package 'zlb'; did you mean 'zlib'?",
      'm.yaml:10:36: include[1].broken.until: expected a real date; got "2025-02-30"',
    ]);
  });

  test("known names pass, in every place", () => {
    const matrix = parseMatrix(
      [
        ...platforms,
        "package: [hello, perl-mini]",
        "exclude: [{package: perl-mini, host: riscv64}]",
        "include: [{package: tcc, host: riscv64}]",
      ].join("\n"),
      "m.yaml",
      { packages: catalog },
    );
    expect(matrix.cells.map((cell) => cell.id)).toEqual([
      "hello@x86_64-linux~x86_64-linux",
      "hello@x86_64-linux~riscv64",
      "perl-mini@x86_64-linux~x86_64-linux",
      "tcc@x86_64-linux~riscv64",
    ]);
  });

  test("without the catalog any name is taken, as before", () => {
    const text = [...platforms, "package: [helo]", "include: [{package: nosuchpkg, host: riscv64}]"].join("\n");
    expect(parseMatrix(text, "m.yaml").cells.map((cell) => cell.package)).toEqual(["helo", "helo", "nosuchpkg"]);
    expect(parseMatrix(text, "m.yaml", {}).cells).toHaveLength(3);
  });

  test("loadMatrix passes the catalog on", () => {
    const file = join(mkdtempSync(join(tmpdir(), "matrix-")), "smoke.yaml");
    writeFileSync(file, [...platforms, "package: [helo]"].join("\n"));
    expect(() => loadMatrix(file, { packages: catalog })).toThrow(
      new MatrixError([{ file, line: 3, col: 11, message: "unknown package 'helo'; did you mean 'hello'?" }]),
    );
    expect(loadMatrix(file).cells).toHaveLength(2);
  });
});
