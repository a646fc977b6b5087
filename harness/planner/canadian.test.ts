/**
 * The Canadian cross of the nightly matrix, planned with the real catalog: tcc built on x86_64,
 * run on aarch64, emitting riscv64. Which tcc runs where and emits what, which stage each set
 * comes from, and what the plan and `--stages` say about the stages Nixpkgs has not.
 */
import { describe, expect, it } from "vitest";
import { catalog } from "../../recipes/index.ts";
import { describeCellStages, Planner, renderTree, targetEmulator, type Plan, type PlanNode } from "./index.ts";

const B = "x86_64-unknown-linux-gnu";
const H = "aarch64-unknown-linux-gnu";
const T = "riscv64-unknown-linux-gnu";
const cell = { build: "x86_64-linux", host: "aarch64-multiplatform", target: "riscv64", canadian: true };
const plan: Plan = new Planner(catalog, "x86_64-linux").plan({ ...cell, package: "tcc" });
const node = (id: string): PlanNode => plan.nodes[id]!;
const triple = (n: PlanNode): string[] => [n.build.config, n.host.config, n.target.config];
const tcc = node(plan.root);
const edge = (list: string) => {
  const found = tcc.deps.filter((d) => d.list === list);
  expect(found).toHaveLength(1);
  return { type: found[0]!.type, node: node(found[0]!.id) };
};

describe("tcc as a Canadian cross (x86_64 builds, aarch64 runs, riscv64 is emitted)", () => {
  it("the cell's tcc: built on x86_64 by the aarch64 cross gcc, emitting riscv64, checked under qemu-aarch64", () => {
    expect(plan.cell.canadian).toBe(true);
    expect(triple(tcc)).toEqual([B, H, T]);
    expect(tcc.stage).toBe(`(${B}, ${H}, ${T})`);
    const cc = node(tcc.cc!);
    expect(triple(cc)).toEqual([B, B, H]);
    expect(cc.toolchain?.debianTriple).toBe("aarch64-linux-gnu");
    expect(tcc.checks.emulator).toMatchObject({ kind: "qemu", command: "qemu-aarch64" });
    // Only riscv64-tcc, not every cross compiler, and no test suite of a host compiler it does not build.
    // configure's --cpu takes the CPU's name: `arm64` would be read as 32-bit arm.
    expect(tcc.attrs.configureFlags).toEqual([`--cross-prefix=${H}-`, "--cpu=aarch64"]);
    expect(tcc.attrs.phases.buildPhase).toContain("cross-riscv64 XTCC=riscv64-tcc");
    expect(tcc.checks.requestedDoCheck).toBe(false);
    expect(tcc.checks.requestedDoInstallCheck).toBe(true);
  });

  it("its runtime library for riscv64 is compiled by the tcc of pkgsBuildTarget: runs on x86_64, emits riscv64", () => {
    const { type, node: buildTarget } = edge("depsBuildTarget");
    expect(type).toBe("build→target");
    expect(buildTarget.pname).toBe("tcc");
    expect(triple(buildTarget)).toEqual([B, B, T]);
    // It is the nightly matrix's cross compiler cell (x86_64 → riscv64): one derivation, built once.
    const crossCompiler = new Planner(catalog, "x86_64-linux").plan({ build: "x86_64-linux", host: "x86_64-linux", target: "riscv64", package: "tcc" });
    expect(buildTarget.id).toBe(crossCompiler.root);
    expect(node(buildTarget.cc!).toolchain?.debianTriple).toBe("x86_64-linux-gnu");
    expect(tcc.inputs.pkgsBuildTarget.map((i) => i.id)).toEqual([buildTarget.id]);
  });

  it("the programs it compiles link riscv64's libc, from pkgsTargetTarget: built on x86_64 by the riscv64 gcc, for riscv64", () => {
    const { type, node: libc } = edge("depsTargetTarget");
    expect(type).toBe("target→*");
    expect([libc.pname, ...triple(libc)]).toEqual(["glibc", B, T, T]);
    expect(libc.stage).toBe(`(${B}, ${T}, ${T})`);
    expect(node(libc.cc!).toolchain?.debianPackages).toContain("libc6-dev-riscv64-cross");
    expect(tcc.inputs.pkgsTargetTarget.map((i) => i.id)).toEqual([libc.id]);
  });

  it("the plan says it goes beyond Nixpkgs and which stages were added; the tree shows both added sets' packages", () => {
    expect(plan.notes).toEqual([
      `Canadian cross: Nixpkgs refuses stages with build ≠ host ≠ target; crosscheck adds the stages (B,B,T) = (${B}, ${B}, ${T}), ` +
        `(B,H,H) = (${B}, ${H}, ${H}) and (B,T,T) = (${B}, ${T}, ${T}) to provide its pkgsBuildTarget, pkgsHostHost and pkgsTargetTarget`,
    ]);
    const tree = renderTree(plan);
    expect(tree.split("\n")[1]).toBe(
      `tcc-${H}-0.9.27+git20200814.62c30a4a  (${B}, ${H}, ${T})  checks under qemu-aarch64  what it compiles runs under qemu-riscv64`,
    );
    expect(tree).toContain(`depsBuildTarget:\n    build→target  tcc-0.9.27+git20200814.62c30a4a  (${B}, ${B}, ${T})`);
    expect(tree).toContain(`depsTargetTarget:\n    target→*      glibc-${T}-2.36  (${B}, ${T}, ${T})`);
  });

  it("--stages of the cell: the stage and its own sets are Nixpkgs' refusal, the three off-window sets say they were added", () => {
    const view = describeCellStages(new Planner(catalog, "x86_64-linux"), cell, ["<top>", "pkgsBuildBuild", "pkgsBuildHost", "pkgsBuildTarget", "pkgsHostHost", "pkgsHostTarget", "pkgsTargetTarget", "targetPackages", "buildPackages.pkgsTargetTarget"]);
    const shown = Object.fromEntries(Object.entries(view).map(([path, v]) => [path, v.available ? [v.stage, v.beyondNixpkgs ?? ""] : ["post"]]));
    const added = (set: string) => `added: no sliding window through a Canadian stage gives its ${set}`;
    expect(shown).toEqual({
      "<top>": [`(${B}, ${H}, ${T})`, "a Canadian cross: no Nixpkgs stage"],
      pkgsBuildBuild: [`(${B}, ${B}, ${B})`, ""],
      pkgsBuildHost: [`(${B}, ${B}, ${H})`, ""],
      pkgsBuildTarget: [`(${B}, ${B}, ${T})`, added("pkgsBuildTarget")],
      pkgsHostHost: [`(${B}, ${H}, ${H})`, added("pkgsHostHost")],
      pkgsHostTarget: [`(${B}, ${H}, ${T})`, "a Canadian cross: no Nixpkgs stage"],
      pkgsTargetTarget: [`(${B}, ${T}, ${T})`, added("pkgsTargetTarget")],
      targetPackages: [`(${B}, ${T}, ${T})`, added("pkgsTargetTarget")],
      // Past the Canadian stage, the sets are Nixpkgs' own: (B,B,H)'s targetPackages is (B,H,H).
      "buildPackages.pkgsTargetTarget": [`(${B}, ${H}, ${H})`, ""],
    });
  });

  it("what runs the programs each tcc compiles: QEMU for a target the build machine can't run, nothing to say otherwise", () => {
    const rootOf = (host: string, target: string) => {
      const p = new Planner(catalog, "x86_64-linux").plan({ build: "x86_64-linux", host, target, package: "tcc" });
      return p.nodes[p.root]!;
    };
    expect(targetEmulator(tcc)?.emulator?.command).toBe("qemu-riscv64");
    expect(targetEmulator(edge("depsBuildTarget").node)?.emulator?.command).toBe("qemu-riscv64");
    expect(targetEmulator(rootOf("x86_64-linux", "aarch64-multiplatform"))?.emulator?.command).toBe("qemu-aarch64");
    // Its target is its host (the installCheck's host runner covers it), or the build machine's.
    expect(targetEmulator(rootOf("aarch64-multiplatform", "aarch64-multiplatform"))).toBeNull();
    expect(targetEmulator(rootOf("x86_64-linux", "x86_64-linux"))).toBeNull();
    expect(targetEmulator(rootOf("x86_64-linux", "gnu32"))).toBeNull();
    expect(targetEmulator(edge("depsTargetTarget").node)).toBeNull();
  });

  it("without canadian: true the same cell is refused, saying how to allow it", () => {
    expect(() => new Planner(catalog, "x86_64-linux").plan({ ...cell, canadian: false, package: "tcc" })).toThrow(/three different platforms \(a Canadian cross\).*canadian: true/);
  });
});
