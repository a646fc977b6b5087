import { describe, expect, it } from "vitest";
import type { Recipe } from "./catalog.ts";
import { loadVectors } from "./conformance.testutil.ts";
import { dependencyLists, type Accumulator, type DependencyList, type Plan } from "./derivation.ts";
import { listInfo } from "./lists.ts";
import type { MkDerivationArgs } from "./mkDerivation.ts";
import { Planner } from "./planner.ts";
import type { Package } from "./splice.ts";
import type { Stdenv } from "./stdenv.ts";
import gcc from "../../recipes/gcc.ts";

interface Row {
  list: DependencyList;
  depPropagatedFile: string;
  depLandsIn: Accumulator;
  propagatedLandsIn: Accumulator | null;
}
const oneLevel = loadVectors<{ oneLevel: Row[] }>("propagation.json").oneLevel;
const src = { kind: "inline", files: {} } as const;
const plainLists = dependencyLists.filter((l) => !listInfo[l].propagated);
const listOfFile = (file: string): DependencyList => {
  const found = dependencyLists.find((l) => listInfo[l].file === file);
  if (found === undefined) throw new Error(`no list writes ${file}`);
  return found;
};
/** The list whose own dependencies land in an accumulator (its offsets are the accumulator's). */
const listLandingIn = (accumulator: Accumulator): DependencyList => {
  const found = plainLists.find((l) => oneLevel.some((r) => r.list === l && r.depLandsIn === accumulator));
  if (found === undefined) throw new Error(`no list lands in ${accumulator}`);
  return found;
};

/** consumer --chain[0]--> a --chain[1]--> b --chain[2]--> c …, all in one native set. */
function chainPlan(chain: DependencyList[]): Plan {
  const names = ["consumer", "a", "b", "c"];
  const catalog: Record<string, Recipe> = { gcc };
  names.forEach((name, i) => {
    catalog[name] = (args: Record<string, Package> & { stdenv: Stdenv }) => {
      const list = chain[i];
      const next = names[i + 1];
      const extra = list === undefined || next === undefined ? {} : { [list]: [args[next]] };
      return args.stdenv.mkDerivation({ pname: name, version: "1", src, ...extra } as MkDerivationArgs);
    };
  });
  const planner = new Planner(catalog, "x86_64-linux");
  return planner.plan({ build: "x86_64-linux", host: "x86_64-linux", package: "consumer" });
}

function whereLands(plan: Plan, pname: string): Accumulator[] {
  const consumer = plan.nodes[plan.root]!;
  const node = Object.values(plan.nodes).find((n) => n.pname === pname);
  if (node === undefined) return [];
  return (Object.keys(consumer.inputs) as Accumulator[]).filter((a) => consumer.inputs[a].some((e) => e.id === node.id));
}

describe("propagation agrees with setup.sh findInputs", () => {
  for (const row of oneLevel) {
    it(`${row.list} dependency propagating via ${row.depPropagatedFile}`, () => {
      const plan = chainPlan([row.list, listOfFile(row.depPropagatedFile)]);
      expect(whereLands(plan, "a")).toEqual([row.depLandsIn]);
      expect(whereLands(plan, "b")).toEqual(row.propagatedLandsIn === null ? [] : [row.propagatedLandsIn]);
    });
  }

  // Two levels compose: b lands in an accumulator as if listed in that accumulator's list, and
  // what b propagates lands as the one-level table says for that list.
  for (const first of oneLevel) {
    for (const second of oneLevel.filter((r) => r.list === plainLists[0])) {
      const c = second.depPropagatedFile;
      it(`${first.list} → ${first.depPropagatedFile} → ${c}`, () => {
        const plan = chainPlan([first.list, listOfFile(first.depPropagatedFile), listOfFile(c)]);
        const expected =
          first.propagatedLandsIn === null
            ? null
            : (oneLevel.find((r) => r.list === listLandingIn(first.propagatedLandsIn!) && r.depPropagatedFile === c)
                ?.propagatedLandsIn ?? null);
        expect(whereLands(plan, "c")).toEqual(expected === null ? [] : [expected]);
      });
    }
  }

  it("records which dependency propagated an input", () => {
    const plan = chainPlan(["buildInputs", "propagatedBuildInputs"]);
    const consumer = plan.nodes[plan.root]!;
    const a = Object.values(plan.nodes).find((n) => n.pname === "a")!;
    const b = Object.values(plan.nodes).find((n) => n.pname === "b")!;
    expect(consumer.inputs.pkgsHostTarget).toContainEqual({ id: b.id, propagatedBy: a.id });
  });
});
