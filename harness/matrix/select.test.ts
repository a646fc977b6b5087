import { describe, expect, test } from "vitest";
import { UserError } from "../userError.ts";
import { parseMatrix } from "./load.ts";
import { selectCells } from "./select.ts";

const { cells } = parseMatrix(
  "build: [x86_64-linux]\nhost: [x86_64-linux, aarch64-linux, riscv64]\npackage: [hello, zlib, libc++]",
  "m.yaml",
);
const ids = (patterns: string | string[]) => selectCells(cells, patterns).map((cell) => cell.id);

describe("selectCells", () => {
  test("* and ? match within ids; other characters are literal", () => {
    expect(ids("hello*")).toEqual(["hello@x86_64-linux~x86_64-linux", "hello@x86_64-linux~aarch64-linux", "hello@x86_64-linux~riscv64"]);
    expect(ids("*~riscv6?")).toEqual(["hello@x86_64-linux~riscv64", "zlib@x86_64-linux~riscv64", "libc++@x86_64-linux~riscv64"]);
    expect(ids("libc++@x86_64-linux~x86_64-linux")).toEqual(["libc++@x86_64-linux~x86_64-linux"]);
  });

  test("commas and lists are alternatives; the matrix order is kept", () => {
    expect(ids("zlib*riscv64,hello*aarch64*")).toEqual(["hello@x86_64-linux~aarch64-linux", "zlib@x86_64-linux~riscv64"]);
    expect(ids(["zlib*riscv64", "hello*aarch64*"])).toEqual(ids("zlib*riscv64,hello*aarch64*"));
  });

  test("a pattern that matches nothing is an error with a suggestion", () => {
    expect(() => ids(["hello*", "zlb@x86_64-linux~riscv64"])).toThrow(
      new UserError("--cell 'zlb@x86_64-linux~riscv64' matches no cell; did you mean 'zlib@x86_64-linux~riscv64'?"),
    );
  });

  test("a typo in the package part suggests the pattern with the closest package", () => {
    expect(() => ids("helo@*")).toThrow(new UserError("--cell 'helo@*' matches no cell; did you mean 'hello@*'?"));
    expect(() => ids("Zlib@*~riscv64")).toThrow(new UserError("--cell 'Zlib@*~riscv64' matches no cell; did you mean 'zlib@*~riscv64'?"));
    expect(() => ids("lbc++*")).toThrow(new UserError("--cell 'lbc++*' matches no cell; did you mean 'libc++*'?"));
  });

  test("a bare package name suggests its cells", () => {
    expect(() => ids("hello")).toThrow(new UserError("--cell 'hello' matches no cell; did you mean 'hello@*'?"));
    expect(() => ids("zlb")).toThrow(new UserError("--cell 'zlb' matches no cell; did you mean 'zlib@*'?"));
  });

  test("a corrected package is offered only if the rest of the pattern then matches", () => {
    expect(() => ids("helo@*~s390x")).toThrow(new UserError("--cell 'helo@*~s390x' matches no cell"));
  });

  test("a typo in a build, host or target part suggests the pattern with the closest one there", () => {
    expect(() => ids("*~risv64")).toThrow(new UserError("--cell '*~risv64' matches no cell; did you mean '*~riscv64'?"));
    expect(() => ids("hello@x86_64-linx~*")).toThrow(new UserError("--cell 'hello@x86_64-linx~*' matches no cell; did you mean 'hello@x86_64-linux~*'?"));
  });

  test("a pattern like nothing gets no suggestion, and each failing pattern has its line", () => {
    expect(() => ids("hello*,nothing-like-it,*~mips64")).toThrow(
      new UserError("--cell 'nothing-like-it' matches no cell\n--cell '*~mips64' matches no cell"),
    );
  });
});
