import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { UserError } from "../userError.ts";
import { loadMatrix, parseMatrix } from "./load.ts";

const smoke = [
  "name: smoke",
  "defaults:",
  "  timeout: 20m",
  "  checks: [installCheck, elf]",
  "  closureGrowth: 5%",
  "build: [x86_64-linux]",
  "host: [x86_64-linux, aarch64-multiplatform, riscv64]",
  "package: [hello, zlib, tcc]",
  "exclude:",
  "  - {package: tcc, host: riscv64}",
  "include:",
  "  - package: tcc", // extends the two remaining tcc cells
  "    timeout: 1h30m",
  "  - {package: tcc, host: x86_64-linux, target: riscv64}", // adds a cross compiler
  "  - package: zlib",
  "    host: riscv64",
  "    checks: [closure]",
  "    broken: {reason: 'configure probes the build cc', until: 2025-09-01}",
  "  - {package: tcc, target: riscv64, checks: [checkPhase]}", // extends only the cell added above
].join("\n");

describe("expansion", () => {
  const matrix = parseMatrix(smoke, "matrices/smoke.yaml");
  const byId = new Map(matrix.cells.map((cell) => [cell.id, cell]));

  test("the product of the axes, minus exclude, plus what include adds, in a fixed order", () => {
    expect(matrix.cells.map((cell) => cell.id)).toEqual([
      "hello@x86_64-linux~x86_64-linux",
      "hello@x86_64-linux~aarch64-multiplatform",
      "hello@x86_64-linux~riscv64",
      "zlib@x86_64-linux~x86_64-linux",
      "zlib@x86_64-linux~aarch64-multiplatform",
      "zlib@x86_64-linux~riscv64",
      "tcc@x86_64-linux~x86_64-linux",
      "tcc@x86_64-linux~aarch64-multiplatform",
      "tcc@x86_64-linux~x86_64-linux~riscv64",
    ]);
  });

  test("a cell carries the matrix defaults, with build always among its checks", () => {
    expect(byId.get("hello@x86_64-linux~aarch64-multiplatform")).toEqual({
      id: "hello@x86_64-linux~aarch64-multiplatform",
      matrix: "smoke",
      package: "hello",
      build: { name: "x86_64-linux", spec: "x86_64-linux" },
      host: { name: "aarch64-multiplatform", spec: "aarch64-multiplatform" },
      target: { name: "aarch64-multiplatform", spec: "aarch64-multiplatform" },
      expectation: { kind: "pass" },
      checks: ["build", "installCheck", "elf"],
      timeoutMs: 20 * 60_000,
      closureGrowth: 0.05,
      rerunChecks: [],
      cleanOutputs: null,
      canadian: false,
    });
  });

  test("rerunChecks comes from defaults, and an include entry replaces it for its cells", () => {
    const { cells } = parseMatrix(
      ["build: [x86_64-linux]", "host: [riscv64]", "package: [hello, zlib]", "defaults:", "  rerunChecks: [checkPhase]", "include:", "  - package: zlib", "    rerunChecks: [checkPhase, installCheck]"].join("\n"),
      "m.yaml",
    );
    expect(cells.map((c) => [c.package, c.rerunChecks])).toEqual([
      ["hello", ["checkPhase"]],
      ["zlib", ["installCheck", "checkPhase"]],
    ]);
  });

  test("run, checkPhase's deprecated name, is taken as checkPhase with a warning at each place it is written", () => {
    const warnings: string[] = [];
    const { cells } = parseMatrix(
      ["build: [x86_64-linux]", "host: [riscv64]", "package: [hello, zlib]", "defaults:", "  checks: [installCheck, run]", "  rerunChecks: [run]", "include:", "  - {package: zlib, checks: [elf, run, checkPhase]}"].join("\n"),
      "m.yaml",
      { onWarning: (w) => warnings.push(`${w.file}:${w.line}:${w.col}: ${w.message}`) },
    );
    expect(cells.map((c) => [c.package, c.checks, c.rerunChecks])).toEqual([
      ["hello", ["build", "installCheck", "checkPhase"], ["checkPhase"]],
      ["zlib", ["build", "checkPhase", "elf"], ["checkPhase"]],
    ]);
    const says = (where: string) => `${where}: "run" is the deprecated name of the check "checkPhase" (the recipe's checkPhase, emulated when the build machine can't run the host's programs); write checkPhase`;
    expect(warnings).toEqual([
      `m.yaml:5:26: ${says("defaults.checks[1]")}`,
      `m.yaml:6:17: ${says("defaults.rerunChecks[0]")}`,
      `m.yaml:8:35: ${says("include[0].checks[1]")}`,
    ]);
  });

  test("include extends every matching cell, and later entries extend cells earlier ones added", () => {
    expect(byId.get("tcc@x86_64-linux~x86_64-linux")?.timeoutMs).toBe(90 * 60_000);
    expect(byId.get("tcc@x86_64-linux~aarch64-multiplatform")?.timeoutMs).toBe(90 * 60_000);
    const cross = byId.get("tcc@x86_64-linux~x86_64-linux~riscv64");
    expect(cross).toMatchObject({ timeoutMs: 20 * 60_000, checks: ["build", "checkPhase"], target: { name: "riscv64" } });
  });

  test("a broken mark records its reason, expiry and place", () => {
    const zlib = byId.get("zlib@x86_64-linux~riscv64");
    expect(zlib?.expectation).toEqual({
      kind: "broken",
      reason: "configure probes the build cc",
      until: "2025-09-01",
      at: "matrices/smoke.yaml:18:5",
    });
    expect(zlib?.checks).toEqual(["build", "closure"]);
  });

  test("equivalence is opt-in: a cell runs it only where its checks name it", () => {
    const { cells } = parseMatrix(
      "build: [x86_64-linux]\nhost: [aarch64-multiplatform, riscv64]\npackage: [hello]\ninclude:\n  - { package: hello, host: riscv64, checks: [elf, equivalence] }\n",
      "m.yaml",
    );
    expect(cells.map((c) => [c.id, c.checks])).toEqual([
      ["hello@x86_64-linux~aarch64-multiplatform", ["build", "installCheck", "checkPhase", "elf", "closure"]],
      ["hello@x86_64-linux~riscv64", ["build", "elf", "equivalence"]],
    ]);
  });

  test("without defaults a cell runs every check but equivalence, with a 30m timeout and 10% closure growth", () => {
    const [cell] = parseMatrix("build: [x86_64-linux]\nhost: [riscv64]\npackage: [hello]", "dir/nightly.yml").cells;
    expect(cell).toMatchObject({
      matrix: "nightly",
      checks: ["build", "installCheck", "checkPhase", "elf", "closure"],
      timeoutMs: 30 * 60_000,
      closureGrowth: 0.1,
    });
  });

  test("named platform objects keep their name in ids and their object as the spec", () => {
    const { cells } = parseMatrix(
      [
        "platforms:",
        "  musl-pi: {config: armv6l-unknown-linux-musleabihf}",
        "build: [x86_64-linux]",
        "host: [musl-pi]",
        "package: [hello]",
      ].join("\n"),
      "m.yaml",
    );
    expect(cells[0]?.id).toBe("hello@x86_64-linux~musl-pi");
    expect(cells[0]?.host).toEqual({ name: "musl-pi", spec: { config: "armv6l-unknown-linux-musleabihf" } });
  });

  test("a marked Canadian cross", () => {
    const { cells } = parseMatrix(
      [
        "build: [x86_64-linux]",
        "host: [aarch64-linux]",
        "target: [riscv64]",
        "package: [tcc]",
        "include:",
        "  - {canadian: true}",
      ].join("\n"),
      "m.yaml",
    );
    expect(cells.map((cell) => [cell.id, cell.canadian])).toEqual([["tcc@x86_64-linux~aarch64-linux~riscv64", true]]);
  });

  test("an include that matches nothing may leave out axes that have a single value", () => {
    const { cells } = parseMatrix(
      "build: [x86_64-linux]\nhost: [riscv64, aarch64-linux]\npackage: [hello]\ninclude:\n  - {package: zlib, host: riscv64}",
      "m.yaml",
    );
    expect(cells.map((cell) => cell.id)).toContain("zlib@x86_64-linux~riscv64");
  });

  test("loadMatrix reads the file, and says so plainly when it is missing", () => {
    const dir = mkdtempSync(join(tmpdir(), "matrix-"));
    writeFileSync(join(dir, "smoke.yaml"), smoke);
    expect(loadMatrix(join(dir, "smoke.yaml")).cells).toHaveLength(9);
    expect(() => loadMatrix(join(dir, "absent.yaml"))).toThrow(new UserError(`cannot read matrix ${join(dir, "absent.yaml")}: no such file`));
  });
});

describe("cell ids", () => {
  const wide = parseMatrix(
    [
      "build: [x86_64-linux, aarch64-linux]",
      "host: [x86_64-linux, aarch64-multiplatform, raspberryPi, riscv64, musl64, mingwW64, armv7l-unknown-linux-gnueabihf]",
      "target: [x86_64-linux, riscv64]",
      "package: [hello, zlib, libc++, gcc-13.2_p1]",
      "include:",
      "  - {canadian: true}",
    ].join("\n"),
    "m.yaml",
  );

  test("are shell-safe: only [A-Za-z0-9._+@~-], never starting with - or ~", () => {
    for (const cell of wide.cells) expect(cell.id).toMatch(/^[A-Za-z0-9][A-Za-z0-9._+@~-]*$/);
  });

  test("are unique, even ignoring case", () => {
    const ids = wide.cells.map((cell) => cell.id.toLowerCase());
    expect(new Set(ids).size).toBe(ids.length);
  });

  test("are stable: the same text gives the same ids, and a new axis value renames nothing", () => {
    const grown = parseMatrix(
      [
        "build: [x86_64-linux, aarch64-linux]",
        "host: [x86_64-linux, aarch64-multiplatform, raspberryPi, riscv64, musl64, mingwW64, armv7l-unknown-linux-gnueabihf, s390x]",
        "target: [x86_64-linux, riscv64]",
        "package: [hello, zlib, libc++, gcc-13.2_p1, openssl]",
        "include:",
        "  - {canadian: true}",
      ].join("\n"),
      "m.yaml",
    );
    const grownIds = new Set(grown.cells.map((cell) => cell.id));
    for (const cell of wide.cells) expect(grownIds.has(cell.id)).toBe(true);
  });

  test("split back into package, build, host and target", () => {
    for (const cell of wide.cells) {
      const [packageName, platforms = ""] = cell.id.split("@");
      const [build, host, target = host] = platforms.split("~");
      expect([packageName, build, host, target]).toEqual([cell.package, cell.build.name, cell.host.name, cell.target.name]);
    }
  });
});

test("the README's example is a valid matrix", () => {
  const readme = readFileSync(new URL("README.md", import.meta.url), "utf8");
  const example = /```yaml\n([^]*?)```/.exec(readme)?.[1] ?? "";
  const { name, cells } = parseMatrix(example, "smoke.yaml");
  expect(name).toBe("smoke");
  expect(cells).toHaveLength(16);
  expect(cells.filter((cell) => cell.package === "tcc").map((cell) => [cell.id, cell.timeoutMs, cell.canadian])).toEqual([
    ["tcc@x86_64-linux~x86_64-linux", 40 * 60_000, false],
    ["tcc@x86_64-linux~aarch64-multiplatform", 40 * 60_000, false],
    ["tcc@x86_64-linux~raspberryPi", 40 * 60_000, false],
    ["tcc@x86_64-linux~riscv64", 40 * 60_000, false],
    ["tcc@x86_64-linux~x86_64-linux~riscv64", 40 * 60_000, false],
    ["tcc@x86_64-linux~aarch64-multiplatform~riscv64", 40 * 60_000, true],
  ]);
});
