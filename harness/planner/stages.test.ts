import { describe, expect, it } from "vitest";
import { loadVectors } from "./conformance.testutil.ts";
import { describeStages } from "./stagesReport.ts";
import { Planner } from "./planner.ts";

interface StageVector {
  available: boolean;
  build?: string;
  host?: string;
  target?: string;
  stageIndex: number | "raw";
}
type StagesVectors = Record<string, { args: { config: string } | null; sets: Record<string, StageVector> }>;

const vectors = loadVectors<StagesVectors>("stages.json");

describe("stages and package sets agree with stages.json", () => {
  for (const [name, entry] of Object.entries(vectors)) {
    describe(name, () => {
      const planner = new Planner({}, "x86_64-linux");
      const paths = Object.keys(entry.sets);
      const view = describeStages(planner, entry.args?.config ?? null, paths);

      for (const [path, expected] of Object.entries(entry.sets)) {
        it(`${path} has the triple Nixpkgs gives`, () => {
          const got = view[path];
          if (!expected.available) {
            expect(got).toEqual({ available: false });
            return;
          }
          expect(got).toMatchObject({ available: true, build: expected.build, host: expected.host, target: expected.target });
        });
      }

      it("two paths share a stage identifier exactly when Nixpkgs gives them the same stage", () => {
        for (const a of paths) {
          for (const b of paths) {
            const va = view[a];
            const vb = view[b];
            const ea = entry.sets[a];
            const eb = entry.sets[b];
            if (!va?.available || !vb?.available || !ea?.available || !eb?.available) continue;
            expect(va.stage === vb.stage, `${a} vs ${b}`).toBe(ea.stageIndex === eb.stageIndex);
          }
        }
      });
    });
  }

  it("a crossSystem equal to the localSystem is native", () => {
    const planner = new Planner({}, "x86_64-linux");
    const view = describeStages(planner, { config: "x86_64-unknown-linux-gnu" }, ["<top>", "buildPackages", "targetPackages"]);
    const stages = new Set(Object.values(view).map((v) => (v.available ? v.stage : "post")));
    expect(stages.size).toBe(1);
  });

  it("pkgsCross re-imports keep the localSystem as build", () => {
    const planner = new Planner({}, "x86_64-linux");
    const view = describeStages(planner, "aarch64-multiplatform", ["pkgsCross.riscv64", "pkgsCross.riscv64.buildPackages"]);
    expect(view["pkgsCross.riscv64"]).toMatchObject({
      build: "x86_64-unknown-linux-gnu",
      host: "riscv64-unknown-linux-gnu",
      target: "riscv64-unknown-linux-gnu",
    });
    expect(view["pkgsCross.riscv64.buildPackages"]).toMatchObject({ host: "x86_64-unknown-linux-gnu", target: "riscv64-unknown-linux-gnu" });
  });
});
