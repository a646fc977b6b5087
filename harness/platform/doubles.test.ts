/**
 * lib.systems.doubles against Nixpkgs' own predicate values: each double of `all` that a
 * conformance vector elaborates (`system`) is in a list exactly when Nixpkgs' predicate for that
 * list holds for the vector's platform.
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { doublePredicates } from "./doubles.ts";
import { doubles } from "./index.ts";

type Entry = { system: string; predicates: Record<string, boolean> };
const vectors = JSON.parse(readFileSync(new URL("../../suites/conformance/platforms.json", import.meta.url), "utf8")) as Record<
  string,
  Record<string, Entry>
>;
const entries = Object.values(vectors).flatMap((group) => Object.entries(group));

describe("lib.systems.doubles", () => {
  for (const [list, predicate] of Object.entries(doublePredicates) as [keyof typeof doublePredicates, string][]) {
    test(`${list} holds the doubles whose platforms are ${predicate}`, () => {
      const checked = entries.filter(([, entry]) => doubles.all.includes(entry.system));
      expect(checked.length).toBeGreaterThan(20);
      for (const [name, entry] of checked) {
        expect(doubles[list].includes(entry.system), `${name} (${entry.system})`).toBe(entry.predicates[predicate]);
      }
    });
  }

  test("unix is every BSD, Darwin, Linux, illumos, Cygwin and Redox double, and no other", () => {
    expect(doubles.unix).toEqual(expect.arrayContaining(["x86_64-cygwin", "x86_64-redox", "x86_64-solaris", "aarch64-darwin", "riscv64-netbsd"]));
    for (const other of ["x86_64-windows", "x86_64-none", "wasm32-wasi", "x86_64-genode", "javascript-ghcjs", "x86_64-uefi"]) {
      expect(doubles.unix).not.toContain(other);
    }
  });

  test("gnu is Linux with a GNU libc ABI, ABI by ABI", () => {
    expect(doubles.gnu.slice(0, 2)).toEqual(["x86_64-linux", "aarch64-linux"]);
    expect(doubles.gnu).toEqual(expect.arrayContaining(["armv5tel-linux", "armv7l-linux", "mips64el-linux", "powerpc64-linux"]));
    expect(doubles.gnu).not.toContain("x86_64-windows");
    // `all` has armv5tel-linux (gnueabi) before i686-linux (gnu); gnu takes the plain gnu ABI first.
    expect(doubles.gnu.indexOf("i686-linux")).toBeLessThan(doubles.gnu.indexOf("armv5tel-linux"));
  });

  test("every list holds doubles of all, in its order", () => {
    for (const [list, members] of Object.entries(doubles)) {
      if (list === "gnu") continue;
      expect(members, list).toEqual(doubles.all.filter((d) => members.includes(d)));
    }
  });
});
