import { describe, expect, test } from "vitest";
import { UserError } from "../userError.ts";
import { checkNames } from "./cell.ts";
import { parseMatrix } from "./load.ts";
import { MatrixError } from "./problem.ts";
import schema from "./schema.json" with { type: "json" };

/** The formatted problems a matrix text is rejected with (the lines a user sees). */
function problems(...lines: string[]): string[] {
  try {
    parseMatrix(lines.join("\n"), "m.yaml");
  } catch (error) {
    expect(error).toBeInstanceOf(MatrixError);
    expect(error).toBeInstanceOf(UserError);
    return (error as MatrixError).message.split("\n");
  }
  throw new Error("the matrix was accepted");
}

const axes = ["build: [x86_64-linux]", "host: [aarch64-linux]", "package: [hello]"];

describe("YAML syntax errors", () => {
  test("are reported at file:line:col, all of them", () => {
    expect(problems("build: [x86_64-linux", "host: x: y", "package: [hello]")).toEqual([
      "m.yaml:2:1: Flow sequence in block collection must be sufficiently indented and end with a ]",
      "m.yaml:2:7: Nested mappings are not allowed in compact mappings",
    ]);
  });

  test("a duplicate key is one", () => {
    expect(problems(...axes, "host: [riscv64]")).toEqual(["m.yaml:4:1: Map keys must be unique"]);
  });
});

describe("schema errors", () => {
  test("an unknown key suggests the closest known one, at the key", () => {
    expect(problems(...axes, "exlude: []")).toEqual(['m.yaml:4:1: unknown key "exlude"; did you mean \'exclude\'?']);
  });

  test("an unknown key with nothing close lists what is allowed", () => {
    expect(problems(...axes, "defaults:", "  retries: 3")).toEqual([
      'm.yaml:5:3: defaults: unknown key "retries" (expected one of: timeout, checks, closureGrowth, rerunChecks, cleanOutputs)',
    ]);
  });

  test("a missing axis says what it should be, at the mapping", () => {
    expect(problems("build: [x86_64-linux]", "package: [hello]")).toEqual([
      'm.yaml:1:1: missing key "host": expected a list of platforms, like [x86_64-linux, aarch64-multiplatform, riscv64]',
    ]);
  });

  test("an empty file is a mapping that is missing", () => {
    expect(problems("")).toEqual(["m.yaml:1:1: expected a mapping with at least build, host and package; got nothing"]);
  });

  test("wrong types, patterns and enums say what was expected and what was found", () => {
    expect(
      problems(
        "build: x86_64-linux",
        "host: [aarch64-linux, 7]",
        "package: [hello, 'bad name']",
        "defaults:",
        "  timeout: 20 minutes",
        "  closureGrowth: 10",
        "  checks: [build, instalCheck]",
      ),
    ).toEqual([
      'm.yaml:1:8: build: expected a list of platforms, like [x86_64-linux, aarch64-multiplatform, riscv64]; got "x86_64-linux"',
      "m.yaml:2:23: host[1]: expected a platform: a Nixpkgs example (aarch64-multiplatform), a double (aarch64-linux), a config triple, or a name from `platforms`; got 7",
      "m.yaml:3:18: package[1]: expected a name of letters, digits, '.', '_', '+' and '-' that starts with a letter or digit; got \"bad name\"",
      'm.yaml:5:12: defaults.timeout: expected a duration like 20m, 90s or 1h30m; got "20 minutes"',
      "m.yaml:6:18: defaults.closureGrowth: expected a percentage like 10%; got 10",
      `m.yaml:7:19: defaults.checks[1]: expected a check: build, installCheck, checkPhase, elf, closure or equivalence (run is checkPhase's deprecated name); got "instalCheck"; did you mean 'installCheck'?`,
    ]);
  });

  test("a value listed twice is pointed at where it repeats", () => {
    expect(problems("build: [x86_64-linux]", "host: [riscv64, aarch64-linux, riscv64]", "package: [hello]")).toEqual([
      'm.yaml:2:32: host: "riscv64" is listed twice (items 1 and 3)',
    ]);
  });

  test("include and exclude entries, and broken marks, are checked key by key", () => {
    expect(
      problems(
        ...axes,
        "exclude:",
        "  - {}",
        "include:",
        "  - package: hello",
        "    brokn: {reason: x}",
        "  - package: hello",
        "    broken: {until: 2025-01-01}",
        "    canadian: false",
      ),
    ).toEqual([
      "m.yaml:5:5: exclude[0]: expected a mapping of axis values (build, host, target, package); got an empty mapping",
      'm.yaml:8:5: include[0]: unknown key "brokn"; did you mean \'broken\'?',
      'm.yaml:10:13: include[1].broken: missing key "reason": expected a sentence saying why the cell is broken',
      "m.yaml:11:15: include[1].canadian: expected true, to allow Canadian crosses (build, host and target all different); got false",
    ]);
  });

  test("a bad name under platforms is pointed at the name", () => {
    expect(problems(...axes, "platforms:", "  'musl pi': {config: armv6l-unknown-linux-musleabihf}")).toEqual([
      "m.yaml:5:3: platforms: expected a name of letters, digits, '.', '_', '+' and '-' that starts with a letter or digit; got \"musl pi\"",
    ]);
  });

  test("positions see through YAML aliases", () => {
    expect(problems("build: &b [x86_64-linux, 5]", "host: *b", "package: [hello]")).toEqual([
      expect.stringMatching(/^m\.yaml:1:26: build\[1\]: expected a platform/),
    ]);
  });

  test("the schema's check names are the harness's, and run, checkPhase's deprecated name", () => {
    expect(schema.definitions.checks.items.enum).toEqual([...checkNames, "run"]);
  });
});

describe("problems only expansion can see", () => {
  test("an unknown platform is an error at each place it is written, with elaborate's suggestions", () => {
    const found = problems(
      "build: [x86_64-linux]",
      "host: [aarch64-multiplatfrom]",
      "package: [hello]",
      "include:",
      "  - {package: zlib, host: aarch64-multiplatfrom}",
    );
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^m\.yaml:2:8: bad platform 'aarch64-multiplatfrom': .*closest known platforms: aarch64-multiplatform/);
    expect(found[1]).toMatch(/^m\.yaml:5:27: bad platform 'aarch64-multiplatfrom'/);
  });

  test("a bad platform object is an error where it is defined", () => {
    const found = problems("platforms:", "  odd: {cpu: 3}", "build: [x86_64-linux]", "host: [odd]", "package: [hello]");
    expect(found).toEqual([expect.stringMatching(/^m\.yaml:2:8: .*'config' or a 'system'/)]);
  });

  test("a platform definition is checked even when no axis uses it", () => {
    expect(problems("platforms:", "  spare: {system: nonsense-cpu}", ...axes)).toEqual([expect.stringMatching(/^m\.yaml:2:10: bad platform/)]);
  });

  test("an exclude that matches nothing names the stray value and a suggestion", () => {
    expect(problems(...axes, "exclude:", "  - host: aarch64-linx", "  - {host: aarch64-linux, build: aarch64-linux}")).toEqual([
      'm.yaml:5:11: exclude[0] matches no cell: "aarch64-linx" is not one of the matrix\'s host values (aarch64-linux); did you mean \'aarch64-linux\'?',
      'm.yaml:6:34: exclude[1] matches no cell: "aarch64-linux" is not one of the matrix\'s build values (x86_64-linux)',
    ]);
  });

  test("an exclude of a target other than the host, without a target axis", () => {
    expect(
      problems("build: [x86_64-linux]", "host: [riscv64, aarch64-linux]", "package: [hello]", "exclude:", "  - {host: riscv64, target: aarch64-linux}"),
    ).toEqual(["m.yaml:5:5: exclude[0] matches no cell: without a target axis, a cell's target is its host"]);
  });

  test("an include that adds a cell must say each axis with several values", () => {
    expect(
      problems(
        "build: [x86_64-linux, aarch64-linux]",
        "host: [riscv64]",
        "package: [hello]",
        "include:",
        "  - package: zlib",
      ),
    ).toEqual([
      "m.yaml:5:5: include[0] matches no cell, so it adds one, but it doesn't say which build: the matrix has 2 (x86_64-linux, aarch64-linux)",
    ]);
  });

  test("an invalid date and a zero timeout", () => {
    expect(
      problems(...axes, "defaults: {timeout: 0m}", "include:", "  - package: hello", "    broken: {reason: ICE, until: 2025-02-30}"),
    ).toEqual([
      'm.yaml:4:21: defaults.timeout: expected a timeout longer than zero; got "0m"',
      'm.yaml:7:34: include[0].broken.until: expected a real date; got "2025-02-30"',
    ]);
  });

  test("a broken mark naming an unknown failure category", () => {
    expect(
      problems(...axes, "include:", "  - package: hello", "    broken: {reason: runs its generator, category: host-binary-at-buildtime}"),
    ).toEqual([
      `m.yaml:6:52: include[0].broken.category: unknown failure category "host-binary-at-buildtime"; did you mean 'host-binary-at-build-time'?`,
    ]);
  });

  test("an unmarked Canadian cross, from the axes or from an include", () => {
    expect(
      problems(
        "build: [x86_64-linux]",
        "host: [aarch64-linux]",
        "target: [riscv64]",
        "package: [tcc]",
        "include:",
        "  - {package: gcc, host: aarch64-multiplatform, target: powerpc64le-linux}",
      ),
    ).toEqual([
      "m.yaml:3:1: this cell is a Canadian cross (build, host and target all differ), which Nixpkgs refuses: " +
        'tcc@x86_64-linux~aarch64-linux~riscv64; allow it with an include entry that says "canadian: true", or exclude it',
      "m.yaml:6:5: this cell is a Canadian cross (build, host and target all differ), which Nixpkgs refuses: " +
        'gcc@x86_64-linux~aarch64-multiplatform~powerpc64le-linux; allow it with an include entry that says "canadian: true", or exclude it',
    ]);
  });

  test("canadian: true where nothing is Canadian", () => {
    expect(problems(...axes, "include:", "  - {package: hello, canadian: true}")).toEqual([
      'm.yaml:5:32: "canadian: true" but no cell of this entry is a Canadian cross (build, host and target all differ)',
    ]);
  });

  test("a platform written two ways is still one platform", () => {
    // aarch64-linux and aarch64-multiplatform elaborate to the same config: host = target here.
    expect(() =>
      parseMatrix(["build: [x86_64-linux]", "host: [aarch64-linux]", "target: [aarch64-multiplatform]", "package: [tcc]"].join("\n"), "m.yaml"),
    ).not.toThrow();
  });

  test("ids that differ only in case collide", () => {
    expect(problems("build: [x86_64-linux]", "host: [riscv64]", "package: [hello, Hello]")).toEqual([
      'm.yaml:3:18: cell id "Hello@x86_64-linux~riscv64" collides with "hello@x86_64-linux~riscv64" (ids must differ in more than letter case)',
    ]);
  });

  test("a matrix whose cells are all excluded", () => {
    expect(problems(...axes, "exclude:", "  - package: hello")).toEqual([
      "m.yaml:1:1: the matrix has no cells: exclude removes every combination",
    ]);
  });
});
