/**
 * Output checks on a real cross build: a package that records the path of `$CC` in its output
 * refers to the compiler wrapper it was built with, and `disallowedReferences: [stdenv.cc]`
 * turns that into a finding that fails the cell's closure check; recording only the name
 * passes. Realized in containers, scanned and checked as a cell is; never skipped.
 */
import { expect, test } from "vitest";
import type { Catalog, Stdenv } from "../planner/index.ts";
import gcc from "../../recipes/gcc.ts";
import { buildAndCheck, provisionBeforeAll } from "./crossCell.testutil.ts";

/** Installs a file with `$CC` as `record` gives it, guarded against referring to the compiler. */
const recordsCc = (pname: string, record: string) =>
  (({ stdenv }: { stdenv: Stdenv }) =>
    stdenv.mkDerivation({
      pname,
      version: "1",
      src: { kind: "inline", files: { README: "records how it was compiled\n" } },
      buildSystem: "custom",
      buildPhase: "true",
      installPhase: `mkdir -p "$out/share" && ${record} > "$out/share/compiler"`,
      disallowedReferences: [stdenv.cc],
    })) as Catalog[string];

const catalog: Catalog = {
  gcc,
  "records-cc-path": recordsCc("records-cc-path", 'command -v "$CC"'),
  "records-cc-name": recordsCc("records-cc-name", 'echo "$CC"'),
};

provisionBeforeAll();

test("an output that records $CC's path breaks disallowedReferences: [stdenv.cc]", { timeout: 10 * 60_000 }, async () => {
  const { verdict, plan } = await buildAndCheck(catalog, "records-cc-path");
  const ccStoreName = plan.nodes[plan.nodes[plan.root]!.cc!]!.storeName;
  expect(verdict.ok).toBe(false);
  const disallowed = verdict.findings.filter((f) => f.kind === "disallowed-reference");
  expect(disallowed.map((f) => [f.output, f.file])).toEqual([["records-cc-path", "share/compiler"]]);
  expect(disallowed[0]!.message).toContain(`(/crosscheck/store/${ccStoreName}), which disallowedReferences forbids`);
});

test("an output that records only $CC's name passes the same check", { timeout: 10 * 60_000 }, async () => {
  const { verdict } = await buildAndCheck(catalog, "records-cc-name");
  expect(verdict.findings).toEqual([]);
  expect(verdict.ok).toBe(true);
});
