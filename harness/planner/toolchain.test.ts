import { describe, expect, it } from "vitest";
import clang from "../../recipes/clang.ts";
import gcc from "../../recipes/gcc.ts";
import { MissingPackageError, overlay, Planner, type Catalog, type Derivation, type Plan, type Stdenv, type WrapCC } from "./index.ts";

const src = { kind: "inline", files: {} } as const;
const app = ({ stdenv }: { stdenv: Stdenv }) => stdenv.mkDerivation({ pname: "app", version: "1", src });
const planFor = (catalog: Catalog, host: string, pkg = "app"): Plan =>
  new Planner(catalog, "x86_64-linux").plan({ build: "x86_64-linux", host, package: pkg });
const ccOf = (plan: Plan) => plan.nodes[plan.nodes[plan.root]!.cc!]!;

describe("stdenv.cc is the catalog's gcc", () => {
  it("a catalog may make its own with wrapCC, in each stage the stage's wrapper", () => {
    const mine = ({ wrapCC }: { wrapCC: WrapCC }) => wrapCC({ pname: "my-cc", version: "1.0" });
    const cc = ccOf(planFor({ app, gcc: mine }, "aarch64-multiplatform"));
    expect(cc).toMatchObject({ kind: "toolchain", pname: "my-cc", name: "aarch64-unknown-linux-gnu-my-cc-1.0" });
    expect([cc.build.config, cc.host.config, cc.target.config]).toEqual([
      "x86_64-unknown-linux-gnu",
      "x86_64-unknown-linux-gnu",
      "aarch64-unknown-linux-gnu",
    ]);
    expect(cc.toolchain?.tools["aarch64-unknown-linux-gnu-cc"]).toBe("aarch64-linux-gnu-gcc");
  });

  it("an overlay's gcc replaces it, and sees the lower one as prev", () => {
    const newer = ({ prev, wrapCC }: { prev: Derivation; wrapCC: WrapCC }) => wrapCC({ pname: prev.pname, version: "13.1.0" });
    const cc = ccOf(planFor(overlay({ app, gcc }, { gcc: newer }), "x86_64-linux"));
    expect(cc).toMatchObject({ kind: "toolchain", pname: "gcc-wrapper", name: "gcc-wrapper-13.1.0" });
  });

  it("the wrapper's attributes are mkDerivation's defaults for what it is", () => {
    const alike = ({ stdenv }: { stdenv: Stdenv }) =>
      stdenv.mkDerivation({ pname: "alike", version: "1", src: { kind: "none" }, buildSystem: "toolchain-wrapper" });
    const plan = planFor({ gcc, alike }, "x86_64-linux", "alike");
    const { meta: _alikeMeta, ...defaults } = plan.nodes[plan.root]!.attrs;
    const { meta: _wrapperMeta, ...wrapper } = ccOf(plan).attrs;
    expect(wrapper).toEqual(defaults);
  });

  it("a musl host's is the gnu gcc with musl-dev's specs: native musl-tools, or the cross gcc and musl-dev of the host's architecture", () => {
    const native = ccOf(planFor({ app, gcc }, "musl64")).toolchain!;
    expect(native.debianPackages).toEqual(["binutils", "musl-tools"]);
    expect(native.tools["x86_64-unknown-linux-musl-cc"]).toBe("x86_64-linux-gnu-gcc -B/usr/bin/ -specs /usr/lib/x86_64-linux-musl/musl-gcc.specs");
    const cross = ccOf(planFor({ app, gcc }, "aarch64-multiplatform-musl")).toolchain!;
    expect(cross.debianPackages).toEqual(["binutils-aarch64-linux-gnu", "gcc-aarch64-linux-gnu", "musl-dev:arm64"]);
    // Debian's arm64 libgcc is glibc's: its outline atomics need glibc's __getauxval.
    expect(cross.tools["aarch64-unknown-linux-musl-cc"]).toBe("aarch64-linux-gnu-gcc -mno-outline-atomics -specs /usr/lib/aarch64-linux-musl/musl-gcc.specs");
    expect(cross.tools["aarch64-unknown-linux-musl-ar"]).toBe("aarch64-linux-gnu-ar");
    expect(cross.tools["aarch64-unknown-linux-musl-c++"]).toBeUndefined();
    expect(ccOf(planFor({ app, gcc }, "armv7l-unknown-linux-musleabihf")).toolchain!.debianPackages).toContain("musl-dev:armhf");
  });

  it("a catalog without gcc has no stdenv.cc", () => {
    expect(() => planFor({ app }, "x86_64-linux")).toThrow(MissingPackageError);
    expect(() => planFor({ app }, "x86_64-linux")).toThrow(/no package 'gcc'/);
  });
});

describe("a useLLVM host's stdenv.cc is the catalog's clang", () => {
  it("wasi32's is buildPackages.clang, Debian's clang 14 told its target and wasi-libc's sysroot", () => {
    const cc = ccOf(planFor({ app, gcc, clang }, "wasi32"));
    expect(cc).toMatchObject({ kind: "toolchain", pname: "clang-wrapper", name: "wasm32-unknown-wasi-clang-wrapper-14.0.6" });
    expect([cc.build.config, cc.host.config, cc.target.config]).toEqual(["x86_64-unknown-linux-gnu", "x86_64-unknown-linux-gnu", "wasm32-unknown-wasi"]);
    expect(cc.toolchain).toMatchObject({ debianTriple: "wasm32-wasi", debianPackages: expect.arrayContaining(["clang-14", "lld-14", "wasi-libc"]) });
    expect(cc.toolchain?.tools["wasm32-unknown-wasi-cc"]).toMatch(/^clang-14 --target=wasm32-wasi --sysroot=\/usr -nostdlibinc /);
    expect(cc.toolchain?.tools["wasm32-unknown-wasi-ld"]).toBe("wasm-ld-14");
    expect(cc.toolchain?.tools["wasm32-unknown-wasi-ar"]).toBe("llvm-ar-14");
  });

  it("a host without useLLVM keeps gcc", () => {
    expect(ccOf(planFor({ app, gcc, clang }, "aarch64-multiplatform")).pname).toBe("gcc-wrapper");
  });

  it("gcc for wasm, or clang for anything but wasi, is a missing toolchain that says why", () => {
    expect(() => planFor({ app, gcc, clang: gcc }, "wasi32")).toThrow(/no gcc toolchain for wasm32-unknown-wasi on amd64 \(wasm is LLVM's/);
    expect(() => planFor({ app, gcc: clang }, "aarch64-multiplatform")).toThrow(/clang for the build machine and wasm32-wasi only, not for aarch64-unknown-linux-gnu/);
  });
});
