/**
 * A bare name that is both an example and a system double (issue 20, point 3): Nixpkgs users
 * write `pkgsCross.<example>`, so crosscheck reads the bare name as the example everywhere a
 * platform is named (elaborate, a matrix, the planner, the CLI); `{ system: NAME }` is the double.
 */
import { describe, expect, test } from "vitest";
import { crosscheck } from "../cli/cli.testutil.ts";
import { parseMatrix } from "../matrix/index.ts";
import { Planner } from "../planner/index.ts";
import { catalog } from "../../recipes/index.ts";
import { collidingNames, doubleFromParsed, elaborate, exampleNames, parseSystem, platformEquals } from "./index.ts";

/** Every example name that renders back to itself as a double, and whether the example is
 * another platform than the double (lib.systems.equals). */
const collisions: Record<string, "differs" | "equal"> = {
  "aarch64-darwin": "differs", // xcodePlatform, platform
  "x86_64-darwin": "differs", // xcodePlatform, platform
  "aarch64-windows": "differs", // useLLVM, so linker lld
  "x86_64-windows": "differs", // useLLVM, so linker lld
  "aarch64-freebsd": "equal",
  "loongarch64-linux": "equal",
  "x86_64-cygwin": "equal",
  "x86_64-freebsd": "equal",
  "x86_64-netbsd": "equal",
  "x86_64-openbsd": "equal",
};

describe("a name that is both an example and a double", () => {
  test("collidingNames lists exactly the example names that are their own double", () => {
    const own = exampleNames.filter((name) => {
      try {
        return doubleFromParsed(parseSystem(name)) === name;
      } catch {
        return false;
      }
    });
    expect([...collidingNames].sort()).toEqual(own.sort());
    expect([...collidingNames].sort()).toEqual(Object.keys(collisions).sort());
  });

  test.each(Object.entries(collisions))("%s: the bare name is the example, { system } the double (%s)", (name, relation) => {
    const bare = elaborate(name);
    const example = elaborate(`examples.${name}`);
    const double = elaborate({ system: name });
    expect(platformEquals(bare, example)).toBe(true);
    expect(platformEquals(bare, double)).toBe(relation === "equal");
    // The double's config triple is another way to name the double, for a command line.
    expect(platformEquals(elaborate(double.config), double)).toBe(true);
  });

  test("x86_64-windows: the example uses LLVM, the double does not", () => {
    expect([elaborate("x86_64-windows").useLLVM, elaborate("x86_64-windows").linker]).toEqual([true, "lld"]);
    expect([elaborate({ system: "x86_64-windows" }).useLLVM, elaborate({ system: "x86_64-windows" }).linker]).toEqual([false, "bfd"]);
  });

  test("a name that is only a double, or only an example, reads as before", () => {
    expect(platformEquals(elaborate("aarch64-linux"), elaborate({ system: "aarch64-linux" }))).toBe(true);
    expect(platformEquals(elaborate("riscv64"), elaborate("examples.riscv64"))).toBe(true);
    expect(elaborate("x86_64-unknown-linux-musl").config).toBe("x86_64-unknown-linux-musl");
  });
});

describe("in a matrix and a plan", () => {
  const matrix = parseMatrix(
    [
      "build: [x86_64-linux]",
      "host: [x86_64-linux]",
      "target: [x86_64-windows, windows-double]",
      "package: [tcc]",
      "platforms:",
      "  windows-double: { system: x86_64-windows }",
    ].join("\n"),
    "names.yaml",
  );
  const [asExample, asDouble] = matrix.cells;
  const planner = new Planner(catalog, "x86_64-linux");
  const plan = (cell: NonNullable<typeof asExample>) =>
    planner.plan({ build: cell.build.spec, host: cell.host.spec, target: cell.target.spec, package: cell.package });

  test("the bare target is the example, the platforms entry the double", () => {
    expect(matrix.cells.map((c) => c.id)).toEqual(["tcc@x86_64-linux~x86_64-linux~x86_64-windows", "tcc@x86_64-linux~x86_64-linux~windows-double"]);
    expect(elaborate(asExample!.target.spec).useLLVM).toBe(true);
    expect(elaborate(asDouble!.target.spec).useLLVM).toBe(false);
  });

  test("so a compiler for each is another node", () => {
    const example = plan(asExample!);
    const double = plan(asDouble!);
    expect(example.cell.target.config).toBe("x86_64-pc-windows-msvc");
    expect(double.cell.target.config).toBe("x86_64-pc-windows-msvc");
    expect(example.root).not.toBe(double.root);
  });
});

describe("crosscheck platforms", () => {
  test("a bare colliding name is summarised as the example", async () => {
    const { stdout } = await crosscheck("platforms", "x86_64-windows");
    expect(stdout).toMatch(/^linker\s+lld$/m);
    const double = await crosscheck("platforms", '{"system":"x86_64-windows"}');
    expect(double.stdout).toMatch(/^linker\s+bfd$/m);
  });

  test("the list of examples says a name that is also a double means the example", async () => {
    const { stdout } = await crosscheck("platforms");
    expect(stdout).toMatch(/also a system double \(x86_64-windows\) means the example/);
    expect(stdout).toContain('{"system":"x86_64-windows"}');
  });
});
