/**
 * Nixpkgs' release-cross.nix `ensureUnaffected`, for every package of the catalog: a package
 * taken from a cross package set's `buildPackages` is the native package, as long as it does not
 * look at the target platform, the only thing `pkgsCross.<x>.buildPackages` (B,B,T) has that the
 * native set (B,B,B) has not. Nixpkgs compares drv paths, with an absurd crossSystem
 * (mips64el-apple-windows-gnu) so that no special case for a real platform can hide a leak; here
 * the plan of `buildPackages.<p>` must have the native plan's node ids and nodes. And the
 * opposite: a compiler (gcc, tcc), which does look at its target, is another node there.
 *
 * `buildPackages.<p>` of `pkgsCross.T` is planned as the cell (build B, host B, target T): the
 * stage for (B, T) is BT, which the first test checks against `followPath`.
 */
import { describe, expect, it } from "vitest";
import { catalog as builtinCatalog } from "../../recipes/index.ts";
import { loadCatalog } from "../project/index.ts";
import { followPath, Planner, UnsatisfiableError, type Plan, type PlanNode, type PlatformRef } from "./index.ts";

const B = "x86_64-linux";
const catalog = await loadCatalog({ recipeDirs: [], builtinRecipes: true });
const packages = Object.keys(catalog).sort();

/** The catalog packages that look at stdenv.targetPlatform: the compilers. Anything else is
 * expected to be unaffected; a new compiler-like recipe belongs here. */
const targetAware = ["clang", "gcc", "tcc"];
/** The catalog packages the build machine has none of, natively or in buildPackages: libc is a
 * host's Debian cross sysroot (recipes/libc.ts), which the build machine's own libc is not. */
const notNative = ["libc"];

/** Cross systems a build machine never meets: the point is that nothing special-cases them. */
const absurd: Array<[string, PlatformRef["spec"]]> = [
  // release-cross.nix's own crossSystem.
  ["mips64el-apple-windows-gnu", { config: "mips64el-apple-windows-gnu", libc: "glibc" }],
  // Big-endian s390x on NetBSD, static.
  ["s390x-pc-netbsd static", { config: "s390x-pc-netbsd", isStatic: true }],
  // 32-bit RISC-V Linux with musl, Knuth's vendor, LLVM.
  ["riscv32-knuth-linux-musl llvm", { config: "riscv32-knuth-linux-musl", useLLVM: true }],
];
/** Real cross targets, where the compilers can be planned and so must differ as nodes. */
const real: Array<[string, PlatformRef["spec"]]> = [
  ["aarch64-multiplatform", "aarch64-multiplatform"],
  ["mingwW64", "mingwW64"],
  ["wasi32", "wasi32"],
];
/** The compilers Debian has for each real target: gcc and tcc's backends, Debian's clang only for wasm. */
const compilersFor = (label: string): string[] => (label === "wasi32" ? ["clang"] : ["gcc", "tcc"]);
const systems = [...absurd, ...real];

/**
 * A node as the derivation it stands for. `stage` and `target` describe where this plan reached
 * the node, not what it builds (the id leaves the target out unless the package reads it): BT's
 * zlib says (B,B,T), the native one (B,B,B), with one id.
 */
function derivationOf(node: PlanNode): Omit<PlanNode, "stage" | "target"> & { target?: PlatformRef } {
  const { stage: _stage, target, ...rest } = node;
  return node.hasTarget ? { ...rest, target } : rest;
}

const derivations = (plan: Plan) => Object.fromEntries(Object.entries(plan.nodes).map(([id, n]) => [id, derivationOf(n)]));

// Each side has a planner of its own, so neither plan's nodes come from the other's memo.
const nativePlanner = new Planner(catalog, B);
const nativePlans = new Map(packages.filter((p) => !notNative.includes(p)).map((p) => [p, nativePlanner.plan({ build: B, host: B, package: p })]));
const nativePlan = (p: string): Plan => nativePlans.get(p)!;

const crossPlanners = new Map(systems.map(([label, spec]) => [label, new Planner(catalog, B)]));
const specOf = new Map(systems);
/** `pkgsCross.T.buildPackages.<p>`. */
const buildPackagesPlan = (label: string, p: string): Plan =>
  crossPlanners.get(label)!.plan({ build: B, host: B, target: specOf.get(label)!, package: p });

describe("the catalog", () => {
  it("is the built-in one, every package of it covered", () => {
    expect(packages).toEqual(Object.keys(builtinCatalog).sort());
    expect(packages.length).toBeGreaterThan(20);
    for (const p of targetAware) expect(packages).toContain(p);
  });

  it.each(systems)("planning (B, B, %s) is pkgsCross.<T>.buildPackages", (label) => {
    const planner = crossPlanners.get(label)!;
    const buildPackages = followPath(planner, planner.top(specOf.get(label)!), "buildPackages");
    const plan = buildPackagesPlan(label, "zlib");
    expect(plan.nodes[plan.root]!.stage).toBe(buildPackages.id);
    expect(plan.cell.target.config).not.toBe(plan.cell.host.config);
  });
});

const unaffected = packages.filter((p) => !targetAware.includes(p) && !notNative.includes(p));
const cases = systems.flatMap(([label]) => unaffected.map((p) => ({ system: label, p })));

describe("ensureUnaffected: buildPackages.<p> of a cross set is the native <p>", () => {
  it.each(cases)("$system: buildPackages.$p", ({ system, p }) => {
    const native = nativePlan(p);
    const cross = buildPackagesPlan(system, p);
    expect(cross.root).toBe(native.root);
    expect(cross.order).toEqual(native.order);
    expect(derivations(cross)).toEqual(derivations(native));
    // The root is BT's package all the same: the plan says where it was asked for.
    expect(cross.nodes[cross.root]!.target.config).toBe(cross.cell.target.config);
  });
});

describe("a package the build machine has none of", () => {
  it.each(notNative.flatMap((p) => systems.map(([label]) => ({ system: label, p }))))("$system: neither $p nor buildPackages.$p can be planned", ({ system, p }) => {
    expect(() => new Planner(catalog, B).plan({ build: B, host: B, package: p })).toThrow(UnsatisfiableError);
    expect(() => buildPackagesPlan(system, p)).toThrow(UnsatisfiableError);
  });
});

describe("the opposite: a package that looks at its target is another derivation in buildPackages", () => {
  const realCases = real.flatMap(([label]) => compilersFor(label).map((p) => ({ system: label, p })));
  it.each(realCases)("$system: buildPackages.$p differs from the native $p, by its target only", ({ system, p }) => {
    const native = nativePlan(p);
    const cross = buildPackagesPlan(system, p);
    const root = cross.nodes[cross.root]!;
    expect(root.hasTarget).toBe(true);
    expect(cross.root).not.toBe(native.root);
    expect(root.target.config).toBe(cross.cell.target.config);
    expect(native.nodes[native.root]!.target.config).toBe(native.cell.host.config);
    // Everything it is built from is native: the difference is the target, nothing upstream.
    const deps = (plan: Plan, n: PlanNode) => [n.cc, ...n.deps.map((d) => d.id)];
    expect(deps(cross, root)).toEqual(deps(native, native.nodes[native.root]!));
  });

  const absurdCases = absurd.flatMap(([label]) => targetAware.map((p) => ({ system: label, p })));
  it.each(absurdCases)("$system: buildPackages.$p can't even be planned, while the native one can", ({ system, p }) => {
    expect(nativePlan(p).nodes[nativePlan(p).root]!.hasTarget).toBe(true);
    // No Debian toolchain emits code for it (gcc, clang), no tcc backend (tcc): the target matters.
    expect(() => buildPackagesPlan(system, p)).toThrow(UnsatisfiableError);
  });

  it("gcc in buildPackages is the cross compiler, under the target's prefix", () => {
    const cross = buildPackagesPlan("aarch64-multiplatform", "gcc");
    expect(cross.nodes[cross.root]!.toolchain?.targetPrefix).toBe("aarch64-unknown-linux-gnu-");
    expect(nativePlan("gcc").nodes[nativePlan("gcc").root]!.toolchain?.targetPrefix).toBe("");
  });
});

describe("build-platform nodes of cross plans are native nodes", () => {
  // What a cross plan takes from the build machine's sets (stdenv.cc's dependencies,
  // nativeBuildInputs from BT, depsBuildBuild from N): every such node that does not look at
  // its target must be the node of the same package in a native plan.
  const nativeNodes = new Map<string, PlanNode>();
  for (const plan of nativePlans.values()) for (const [id, n] of Object.entries(plan.nodes)) nativeNodes.set(id, n);

  /** The cross plan of each catalog package for each real target, or null when it has none
   * (meta.platforms, a missing toolchain). */
  const crossPlans = new Map<string, Plan | null>();
  const crossPlan = (system: string, p: string): Plan | null => {
    const key = `${system} ${p}`;
    if (!crossPlans.has(key)) {
      try {
        crossPlans.set(key, new Planner(catalog, B).plan({ build: B, host: specOf.get(system)!, package: p }));
      } catch (error) {
        if (!(error instanceof UnsatisfiableError)) throw error;
        crossPlans.set(key, null);
      }
    }
    return crossPlans.get(key)!;
  };
  /** The nodes of a plan built for the build machine that do not look at their target. */
  const onBuild = (plan: Plan): PlanNode[] => Object.values(plan.nodes).filter((n) => n.host.config === n.build.config && !n.hasTarget);

  it.each(real.flatMap(([label]) => packages.map((p) => ({ system: label, p }))))("$system: $p", ({ system, p }) => {
    const plan = crossPlan(system, p);
    if (plan === null) return;
    for (const n of onBuild(plan)) {
      expect(nativeNodes.has(n.id), `${n.name} [${n.stage}] of the cross plan is in no native plan`).toBe(true);
      expect(derivationOf(n)).toEqual(derivationOf(nativeNodes.get(n.id)!));
    }
  });

  it("the comparison is not empty: aarch64 plans take file, zlib, perl and perl-mini from the build machine", () => {
    const planned = packages.map((p) => crossPlan("aarch64-multiplatform", p)).filter((plan): plan is Plan => plan !== null);
    expect(planned.length).toBeGreaterThan(20);
    const packagesOnBuild = new Set(planned.flatMap((plan) => onBuild(plan).filter((n) => n.kind === "package").map((n) => n.pname)));
    expect([...packagesOnBuild]).toEqual(expect.arrayContaining(["file", "zlib", "perl", "perl-mini", "perl-cross-config"]));
  });

  it("cross file's nativeBuildInputs file is the native file", () => {
    const plan = crossPlan("aarch64-multiplatform", "file")!;
    const nativeFile = onBuild(plan).filter((n) => n.pname === "file");
    expect(nativeFile.map((n) => n.id)).toEqual([nativePlan("file").root]);
  });
});
