import { describe, expect, it } from "vitest";
import { loadVectors } from "./conformance.testutil.ts";
import { dependencyLists, type DependencyList } from "./derivation.ts";
import type { MkDerivationArgs } from "./mkDerivation.ts";
import { Planner } from "./planner.ts";
import type { Package } from "./splice.ts";
import type { Stdenv } from "./stdenv.ts";
import gcc from "../../recipes/gcc.ts";

interface Triple {
  build: string;
  host: string;
  target: string;
}
type DepsVectors = Record<
  string,
  { consumerStdenv: Triple; resolved: Record<DependencyList, Triple[]>; splicedKeysOfProbeDep: string[]; strictDeps: boolean }
>;

const vectors = loadVectors<DepsVectors>("depsTriples.json");
const src = { kind: "inline", files: {} } as const;

/** The probe of depsTriples.json: one dependency in each of the twelve lists. */
function probeCatalog(seen: { splicedKeys: string[] }) {
  return {
    gcc,
    // Reads its target so that variants differing only in target stay distinct nodes.
    "probe-dep": ({ stdenv }: { stdenv: Stdenv }) =>
      stdenv.mkDerivation({ pname: "probe-dep", version: "1", src, configureFlags: [`--target=${stdenv.targetPlatform.config}`] }),
    probe: ({ stdenv, "probe-dep": dep }: { stdenv: Stdenv; "probe-dep": Package }) => {
      seen.splicedKeys = Object.keys(dep.__spliced ?? {});
      const lists = Object.fromEntries(dependencyLists.map((list) => [list, [dep]]));
      return stdenv.mkDerivation({ pname: "probe", version: "1", src, ...lists } as MkDerivationArgs);
    },
  };
}

describe("each list resolves as depsTriples.json says", () => {
  for (const [name, vector] of Object.entries(vectors)) {
    it(name, () => {
      const seen = { splicedKeys: [] as string[] };
      const planner = new Planner(probeCatalog(seen), "x86_64-linux");
      const cross = name.startsWith("pkgsCross.") ? name.slice("pkgsCross.".length) : null;
      const host = cross ?? "x86_64-linux";
      const plan = planner.plan({ build: "x86_64-linux", host, package: "probe" });
      const probe = plan.nodes[plan.root]!;
      expect({ build: probe.build.config, host: probe.host.config, target: probe.target.config }).toEqual(vector.consumerStdenv);
      for (const list of dependencyLists) {
        const got = probe.deps
          .filter((d) => d.list === list)
          .map((d) => plan.nodes[d.id]!)
          .map((n) => ({ build: n.build.config, host: n.host.config, target: n.target.config }));
        expect(got, list).toEqual(vector.resolved[list]);
      }
      expect(seen.splicedKeys).toEqual(vector.splicedKeysOfProbeDep);
      expect(probe.attrs.strictDeps).toBe(vector.strictDeps);
    });
  }

  it("a dependency taken explicitly from a set is not spliced", () => {
    const planner = new Planner(
      {
        gcc,
        zlib: ({ stdenv }: { stdenv: Stdenv }) => stdenv.mkDerivation({ pname: "zlib", version: "1", src }),
        app: ({ stdenv, buildPackages }: { stdenv: Stdenv; buildPackages: { zlib: Package } }) =>
          stdenv.mkDerivation({ pname: "app", version: "1", src, buildInputs: [buildPackages.zlib] }),
      },
      "x86_64-linux",
    );
    const plan = planner.plan({ build: "x86_64-linux", host: "aarch64-linux", package: "app" });
    const dep = plan.nodes[plan.nodes[plan.root]!.deps[0]!.id]!;
    expect(dep.host.config).toBe("x86_64-unknown-linux-gnu");
  });
});
