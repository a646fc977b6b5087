import { describe, expect, it } from "vitest";
import { Planner, type Plan, type PlanNode } from "../../planner/index.ts";
import { catalog } from "../../../recipes/index.ts";
import { buildScript } from "./buildScript.ts";

const planFor = (host: string, pkg: string): Plan => new Planner(catalog, "x86_64-linux").plan({ build: "x86_64-linux", host, package: pkg });
const named = (plan: Plan, storeNameEnd: string): PlanNode => Object.values(plan.nodes).find((n) => n.storeName.endsWith(storeNameEnd))!;
const script = (plan: Plan, node: PlanNode) => buildScript({ plan, node, source: null, updateGnuConfig: false });

describe("build scripts", () => {
  it("a package that never looks at its target gets one script, whatever target the plan gives it", () => {
    // The native perl runs Module::Build's Build.PL: in nativeBuildInputs its target is the host.
    // (perl-cross-config, one derivation for every architecture, is the same case.)
    const native = planFor("x86_64-linux", "perl");
    const forAarch64 = planFor("aarch64-multiplatform", "perl-module-build");
    const a = named(native, "-perl-5.36.0");
    const b = named(forAarch64, "-perl-5.36.0");
    expect(b.id).toBe(a.id);
    expect(b.target.config).toBe("aarch64-unknown-linux-gnu");
    expect(script(forAarch64, b)).toBe(script(native, a));
  });

  it("a package that looks at its target says which", () => {
    const plan = new Planner(catalog, "x86_64-linux").plan({ build: "x86_64-linux", host: "x86_64-linux", target: "aarch64-multiplatform", package: "tcc" });
    const tcc = plan.nodes[plan.root]!;
    expect(tcc.hasTarget).toBe(true);
    expect(script(plan, tcc)).toMatch(/CROSSCHECK_TARGET=aarch64-unknown-linux-gnu/);
  });

  it("a compiler's depsTargetTarget is in its build's environment, as Nix exports a list: the store paths", () => {
    const plan = new Planner(catalog, "x86_64-linux").plan({ build: "x86_64-linux", host: "aarch64-multiplatform", target: "riscv64", canadian: true, package: "tcc" });
    const tcc = plan.nodes[plan.root]!;
    const libc = plan.nodes[tcc.deps.find((d) => d.list === "depsTargetTarget")!.id]!;
    expect(script(plan, tcc)).toContain(`export depsTargetTarget=/crosscheck/store/${libc.storeName}\n`);
    // Nothing else's script has it (no other list is exported).
    const hello = planFor("aarch64-multiplatform", "hello");
    expect(script(hello, hello.nodes[hello.root]!)).not.toMatch(/depsTargetTarget|buildInputs=/);
  });
});
