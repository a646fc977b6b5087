/** `crosscheck plan` plans with the package set of the project it runs in, not only the built-in one. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { crosscheckBinary } from "./cli.testutil.ts";

const project = mkdtempSync(join(tmpdir(), "crosscheck-plan-"));
afterAll(() => rmSync(project, { recursive: true, force: true }));

test("a package of the project's recipe directory is planned, over the built-in catalog", async () => {
  writeFileSync(join(project, "crosscheck.config.mjs"), 'export default { recipes: ["recipes"] };\n');
  mkdirSync(join(project, "recipes"));
  // An overlay over a built-in package, and one of the project's own that builds on it.
  writeFileSync(
    join(project, "recipes/zlib.mjs"),
    'export default ({ prev }) => prev.overrideAttrs((old) => ({ configureFlags: [...(old.configureFlags ?? []), "--zprefix"] }));\n',
  );
  writeFileSync(
    join(project, "recipes/greet.mjs"),
    [
      "export default ({ stdenv, zlib }) =>",
      '  stdenv.mkDerivation({ pname: "greet", version: "1.0", src: { kind: "inline", files: { Makefile: "all:\\n" } }, buildSystem: "make", buildInputs: [zlib] });',
      "",
    ].join("\n"),
  );
  const { code, stdout, stderr } = await crosscheckBinary(["plan", "--build", "x86_64-linux", "--host", "aarch64-multiplatform", "--json", "greet"], project);
  expect(code, stderr).toBe(0);
  const { root, nodes } = JSON.parse(stdout) as { root: string; nodes: Record<string, { pname: string; attrs: { configureFlags?: string[] } }> };
  expect(nodes[root]!.pname).toBe("greet");
  const zlib = Object.values(nodes).find((n) => n.pname === "zlib");
  expect(zlib?.attrs.configureFlags).toContain("--zprefix");
}, 60_000);
