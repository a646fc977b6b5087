import { describe, expect, it } from "vitest";
import gcc from "../../recipes/gcc.ts";
import { catalog } from "../../recipes/index.ts";
import type { Lib } from "./lib.ts";
import type { MkDerivationArgs } from "./mkDerivation.ts";
import { dependencyOutputs, outputRoles } from "./outputs.ts";
import { Planner } from "./planner.ts";
import type { Package } from "./splice.ts";
import type { Stdenv } from "./stdenv.ts";

type Args = { stdenv: Stdenv; lib: Lib } & Record<string, Package>;
const withOutputs = (extra: Partial<MkDerivationArgs>) => ({
  gcc,
  a: (x: Args) => x.stdenv.mkDerivation({ pname: "a", version: "1", src: { kind: "inline", files: {} }, ...extra }),
});
const plan = (recipes: ReturnType<typeof withOutputs>) => new Planner(recipes, "x86_64-linux").plan({ build: "x86_64-linux", host: "aarch64-multiplatform", package: "a" });

describe("outputs", () => {
  it("each output is its own store path: the default one is the node's, the others named after it with their hash", () => {
    const zlib = new Planner(catalog, "x86_64-linux").plan({ build: "x86_64-linux", host: "aarch64-multiplatform", package: "zlib" });
    const root = zlib.nodes[zlib.root]!;
    const [out, dev] = root.outputs;
    expect(out).toEqual({ name: "out", id: root.id, storeName: root.storeName });
    expect(dev!.name).toBe("dev");
    expect(dev!.id).toMatch(/^[0-9a-df-np-sv-z]{32}$/);
    expect(dev!.id).not.toBe(root.id);
    expect(dev!.storeName).toBe(`${dev!.id}-zlib-aarch64-unknown-linux-gnu-1.2.13-dev`);
    const again = new Planner(catalog, "x86_64-linux").plan({ build: "x86_64-linux", host: "aarch64-multiplatform", package: "zlib" });
    expect(again.nodes[again.root]!.outputs).toEqual(root.outputs);
  });

  it("files go to the output of their kind, else to its fallback, as multiple-outputs.sh's _assignFirst", () => {
    expect(outputRoles(["out"])).toEqual({ dev: "out", bin: "out", lib: "out", man: "out", info: "out", doc: "out" });
    expect(outputRoles(["out", "dev"])).toEqual({ dev: "dev", bin: "out", lib: "out", man: "out", info: "out", doc: "out" });
    // Man pages follow the programs when there is no man output.
    expect(outputRoles(["out", "bin", "lib", "dev", "doc"])).toEqual({ dev: "dev", bin: "bin", lib: "lib", man: "bin", info: "bin", doc: "doc" });
  });

  it("a dependent gets dev and what dev propagates: by default all but the documentation", () => {
    expect(dependencyOutputs(["out", "dev", "man", "doc"], null)).toEqual(["out", "dev"]);
    expect(dependencyOutputs(["out", "bin", "dev"], ["out"])).toEqual(["out", "dev"]);
    expect(dependencyOutputs(["out"], null)).toEqual(["out"]);
  });

  it("names outputs the split does not know, outputs without out, names given twice, and propagated outputs the derivation lacks", () => {
    expect(() => plan(withOutputs({ outputs: ["out", "devel"] }))).toThrow(/recipe 'a'.*outputs: unknown output 'devel'; crosscheck splits out, bin, lib, dev, man, info, doc/);
    expect(() => plan(withOutputs({ outputs: ["dev"] }))).toThrow(/outputs must include "out"/);
    expect(() => plan(withOutputs({ outputs: ["out", "dev", "out"] }))).toThrow(/'out' is named twice/);
    expect(() => plan(withOutputs({ outputs: ["out", "dev"], propagatedBuildOutputs: ["bin"] }))).toThrow(/propagatedBuildOutputs: 'bin' is not one of the outputs \(out, dev\)/);
    expect(plan(withOutputs({ outputs: ["out", "dev"], propagatedBuildOutputs: ["out"] })).nodes).toBeDefined();
  });
});
