import { describe, expect, it } from "vitest";
import { Planner, type Plan, type PlanNode } from "../harness/planner/index.ts";
import { aprCrossCache } from "./apr.ts";
import { catalog } from "./index.ts";
import { python3Parts } from "./python3.ts";
import type { Package, Stdenv } from "../harness/planner/index.ts";

const B = "x86_64-unknown-linux-gnu";
const planFor = (host: string, pkg: string, extra: object = {}, target?: string): Plan =>
  new Planner({ ...catalog, ...extra }, "x86_64-linux").plan({
    build: "x86_64-linux",
    host,
    package: pkg,
    ...(target === undefined ? {} : { target }),
  });
const node = (plan: Plan, id: string): PlanNode => plan.nodes[id]!;
const triple = (n: PlanNode): string[] => [n.build.config, n.host.config, n.target.config];
const depsIn = (plan: Plan, n: PlanNode, list: string): PlanNode[] =>
  n.deps.filter((d) => d.list === list).map((d) => node(plan, d.id));

describe("plans of the real recipes", () => {
  it("native hello: one stage, unprefixed native toolchain, checks on", () => {
    const plan = planFor("x86_64-linux", "hello");
    const hello = node(plan, plan.root);
    expect(hello.name).toBe("hello-2.10");
    expect(hello.attrs.doCheck).toBe(true);
    expect(hello.attrs.configurePlatforms).toEqual([]);
    const cc = node(plan, hello.cc!);
    expect(triple(cc)).toEqual([B, B, B]);
    expect(cc.toolchain?.debianPackages).toEqual(["binutils", "g++", "gcc", "libc6-dev"]);
    expect(cc.toolchain?.tools["cc"]).toBe("x86_64-linux-gnu-gcc");
  });

  it("aarch64 libcap: the depsBuildBuild cc is (B,B,B), stdenv.cc is the cross wrapper (B,B,T)", () => {
    const plan = planFor("aarch64-multiplatform", "libcap");
    const libcap = node(plan, plan.root);
    const [buildCc] = depsIn(plan, libcap, "depsBuildBuild");
    expect(triple(buildCc!)).toEqual([B, B, B]);
    expect(libcap.deps.find((d) => d.list === "depsBuildBuild")?.type).toBe("build→build");
    expect(libcap.inputs.pkgsBuildBuild.map((e) => e.id)).toEqual([buildCc!.id]);
    const cc = node(plan, libcap.cc!);
    expect(triple(cc)).toEqual([B, B, "aarch64-unknown-linux-gnu"]);
    expect(cc.toolchain).toMatchObject({
      debianTriple: "aarch64-linux-gnu",
      targetPrefix: "aarch64-unknown-linux-gnu-",
      sysroot: "/usr/aarch64-linux-gnu",
    });
    expect(cc.toolchain?.debianPackages).toEqual(
      expect.arrayContaining(["gcc-aarch64-linux-gnu", "g++-aarch64-linux-gnu", "libc6-dev-arm64-cross", "binutils-aarch64-linux-gnu"]),
    );
    expect(cc.toolchain?.tools["aarch64-unknown-linux-gnu-cc"]).toBe("aarch64-linux-gnu-gcc");
    expect(libcap.name).toBe("libcap-aarch64-unknown-linux-gnu-2.66");
    expect(libcap.attrs.makeFlags).toContain("CROSS_COMPILE=aarch64-unknown-linux-gnu-");
  });

  it("libpng's propagated zlib lands in its consumer's pkgsHostTarget", () => {
    const viewer = ({ stdenv, libpng }: { stdenv: Stdenv; libpng: Package }) =>
      stdenv.mkDerivation({ pname: "viewer", version: "1", src: { kind: "inline", files: {} }, buildInputs: [libpng] });
    const plan = planFor("armv7l-hf-multiplatform", "viewer", { viewer });
    const root = node(plan, plan.root);
    const libpng = Object.values(plan.nodes).find((n) => n.pname === "libpng")!;
    const zlib = Object.values(plan.nodes).find((n) => n.pname === "zlib")!;
    expect(root.inputs.pkgsHostTarget).toEqual([
      { id: libpng.id, propagatedBy: null },
      { id: zlib.id, propagatedBy: libpng.id },
    ]);
    expect(zlib.host.config).toBe("armv7l-unknown-linux-gnueabihf");
    const cc = node(plan, root.cc!);
    expect(cc.toolchain?.debianPackages).toEqual(expect.arrayContaining(["gcc-arm-linux-gnueabihf", "libc6-dev-armhf-cross"]));
  });

  it("cross file depends on a native file; native file does not", () => {
    const plan = planFor("riscv64", "file");
    const file = node(plan, plan.root);
    const [nativeFile] = depsIn(plan, file, "nativeBuildInputs");
    expect(nativeFile?.pname).toBe("file");
    expect([nativeFile!.build.config, nativeFile!.host.config]).toEqual([B, B]);
    expect(depsIn(plan, nativeFile!, "nativeBuildInputs")).toEqual([]);
    expect(file.attrs.doCheck).toBe(false);
    expect(file.checks).toMatchObject({ requestedDoCheck: true, buildCanExecuteHost: false, emulator: { command: "qemu-riscv64" } });
    const cc = node(plan, file.cc!);
    expect(cc.toolchain?.debianPackages).toEqual(expect.arrayContaining(["gcc-riscv64-linux-gnu", "libc6-dev-riscv64-cross"]));
    expect(depsIn(plan, planFor("x86_64-linux", "file").nodes[planFor("x86_64-linux", "file").root]!, "nativeBuildInputs")).toEqual([]);
  });

  it("tcc built as (B,B,T) is a cross compiler, with a target and a build→target edge where used", () => {
    const plan = planFor("x86_64-linux", "tcc", {}, "aarch64-linux");
    const tcc = node(plan, plan.root);
    expect(triple(tcc)).toEqual([B, B, "aarch64-unknown-linux-gnu"]);
    expect(tcc.hasTarget).toBe(true);
    expect(tcc.attrs.configureFlags).toContain("--enable-cross");
    const user = ({ stdenv, tcc: t }: { stdenv: Stdenv; tcc: Package }) =>
      stdenv.mkDerivation({ pname: "user", version: "1", src: { kind: "inline", files: {} }, depsBuildTarget: [t] });
    const compilerUser = planFor("aarch64-linux", "user", { user }, "aarch64-linux");
    const edge = node(compilerUser, compilerUser.root).deps[0]!;
    expect(edge.type).toBe("build→target");
    expect(triple(node(compilerUser, edge.id))).toEqual([B, B, "aarch64-unknown-linux-gnu"]);
  });

  it("tcc cross-built for its host (B,H,H): its runtime library by the x86_64 → host tcc, its programs linking the host's libc", () => {
    for (const [host, config, cpu, arch] of [
      ["aarch64-multiplatform", "aarch64-unknown-linux-gnu", "aarch64", "arm64"],
      ["riscv64", "riscv64-unknown-linux-gnu", "riscv64", "riscv64"],
    ] as const) {
      const plan = planFor(host, "tcc");
      const tcc = node(plan, plan.root);
      expect(triple(tcc)).toEqual([B, config, config]);
      expect(tcc.attrs.configureFlags).toEqual([`--cross-prefix=${config}-`, `--cpu=${cpu}`]);
      // The (B,B,H) tcc is the x86_64-hosted cross compiler cell's: one derivation, built once.
      const [buildTarget] = depsIn(plan, tcc, "depsBuildTarget");
      expect(buildTarget!.id).toBe(planFor("x86_64-linux", "tcc", {}, host).root);
      expect(tcc.attrs.phases.buildPhase).toMatch(new RegExp(`^make -j"\\$NIX_BUILD_CORES" XTCC=${arch}-tcc `));
      const [libc] = depsIn(plan, tcc, "depsTargetTarget");
      expect([libc!.pname, ...triple(libc!)]).toEqual(["glibc", B, config, config]);
      expect(tcc.attrs.phases.preBuild).toContain('NATIVE_DEFINES += -DCONFIG_TCC_CRTPREFIX="\\"$libc/lib\\""');
      expect(tcc.attrs.installFlags).toEqual(["CONFIG_strip=no"]);
      expect(tcc.checks.requestedDoCheck).toBe(true);
      expect(tcc.attrs.installCheck).toContain(`test "$said" = "hello from ${cpu}"`);
    }
  });

  it("a Canadian cross is planned only on request, with a note and the extra stages", () => {
    expect(() => planFor("aarch64-linux", "tcc", {}, "riscv64-linux")).toThrow(/Canadian cross/);
    const plan = new Planner(catalog, "x86_64-linux").plan({
      build: "x86_64-linux",
      host: "aarch64-linux",
      target: "riscv64-linux",
      canadian: true,
      package: "tcc",
    });
    const tcc = node(plan, plan.root);
    expect(triple(tcc)).toEqual([B, "aarch64-unknown-linux-gnu", "riscv64-unknown-linux-gnu"]);
    expect(plan.notes.join()).toMatch(/beyond|refuses/);
    expect(triple(node(plan, tcc.cc!))).toEqual([B, B, "aarch64-unknown-linux-gnu"]);
  });

  it("cross perl: Debian's recorded configuration runs on the build machine, a native cc for its miniperl", () => {
    const plan = planFor("riscv64", "perl");
    const perl = node(plan, plan.root);
    const [config] = depsIn(plan, perl, "nativeBuildInputs");
    expect(config?.pname).toBe("perl-cross-config");
    expect(triple(config!).slice(0, 2)).toEqual([B, B]);
    expect(triple(depsIn(plan, perl, "depsBuildBuild")[0]!)).toEqual([B, B, B]);
    expect(perl.attrs.phases.preConfigure).toMatch(/^perl-cross-config riscv64 > config\.sh\.static$/m);
    // Native, perl configures itself: no recorded answers, no second compiler.
    const native = node(planFor("x86_64-linux", "perl"), planFor("x86_64-linux", "perl").root);
    expect(native.deps.filter((d) => d.list === "nativeBuildInputs" || d.list === "depsBuildBuild")).toEqual([]);
  });

  it("cross perl for a platform Debian records no configuration for is unsatisfiable", () => {
    expect(() => planFor("musl64", "perl")).toThrow(/unsatisfiable: .*Debian records no perl configuration for x86_64-unknown-linux-musl/);
  });

  it("perlPackages.ModuleBuild: Build.PL runs on a full perl for the build machine, the module is for the host perl", () => {
    const plan = planFor("aarch64-multiplatform", "perl-module-build");
    const mb = node(plan, plan.root);
    const [buildPerl] = depsIn(plan, mb, "nativeBuildInputs");
    expect(buildPerl?.name).toBe("perl-5.36.0");
    expect(triple(buildPerl!).slice(0, 2)).toEqual([B, B]);
    const [hostPerl] = depsIn(plan, mb, "buildInputs");
    expect(triple(hostPerl!).slice(0, 2)).toEqual([B, "aarch64-unknown-linux-gnu"]);
    // config_data's #! names the perl that ran ./Build install (a store path): --update replaces it.
    expect(mb.attrs.phases.postFixup).toBe('patchShebangs --update "$out/bin"');
    // The native perl does not look at its target: one build serves every host.
    const riscv = planFor("riscv64", "perl-module-build");
    expect(depsIn(riscv, node(riscv, riscv.root), "nativeBuildInputs")[0]!.id).toBe(buildPerl!.id);
  });

  it("unfixed ModuleBuild gets perl-mini, a miniperl with the full perl's library", () => {
    const plan = planFor("aarch64-multiplatform", "perl-module-build-unfixed");
    const [mini] = depsIn(plan, node(plan, plan.root), "nativeBuildInputs");
    expect(mini?.pname).toBe("perl-mini");
    expect(depsIn(plan, mini!, "buildInputs")[0]?.name).toBe("perl-5.36.0");
    expect(() => planFor("riscv64", "perl-mini")).toThrow(/unsatisfiable: .*perl-mini runs the full perl of its host/);
  });

  it("apr-unfixed, apr.override({ fixCross: false }): on aarch64 only the cache variables differ; natively it is apr", () => {
    const fixed = planFor("aarch64-multiplatform", "apr");
    const unfixed = planFor("aarch64-multiplatform", "apr-unfixed");
    const [apr, aprUnfixed] = [node(fixed, fixed.root), node(unfixed, unfixed.root)];
    expect(apr.attrs.configureFlags).toEqual(aprCrossCache);
    expect(aprUnfixed.attrs.configureFlags).toEqual([]);
    expect(aprUnfixed.id).not.toBe(apr.id);
    const withoutFix = (n: PlanNode) => ({ ...n, id: "", storeName: "", outputs: [], attrs: { ...n.attrs, configureFlags: [] } });
    expect(withoutFix(aprUnfixed)).toEqual(withoutFix(apr));
    const others = (plan: Plan) => Object.keys(plan.nodes).filter((id) => id !== plan.root).sort();
    expect(others(unfixed)).toEqual(others(fixed));
    expect(planFor("x86_64-linux", "apr-unfixed").root).toBe(planFor("x86_64-linux", "apr").root);
  });

  it("every recipe plans for native, aarch64, armv7l and riscv64 (perl-mini, gcc and clang only for the build machine, libc only for the others; Debian's binary packages where they are pinned)", () => {
    // Debian 12's binary packages, and what is made of them, exist for the architectures they are
    // pinned for: bookworm has no riscv64.
    const fromDebianBinaries = new Set(["patchelf", "python3", ...Object.keys(python3Parts), "uwsgi", "uwsgi-unfixed"]);
    for (const host of ["x86_64-linux", "aarch64-multiplatform", "armv7l-hf-multiplatform", "riscv64"]) {
      for (const pkg of Object.keys(catalog)) {
        // Debian's compilers run on the build machine only; perl-mini is a build tool.
        if ((pkg === "perl-mini" || pkg === "gcc" || pkg === "clang") && host !== "x86_64-linux") continue;
        // libc is Debian's cross sysroot of a host, which the build machine's own libc has not.
        if (pkg === "libc" && host === "x86_64-linux") {
          expect(() => planFor(host, pkg)).toThrow(/unsatisfiable: glibc .*meta.badPlatforms includes x86_64-unknown-linux-gnu/);
          continue;
        }
        if (fromDebianBinaries.has(pkg) && host === "riscv64") expect(() => planFor(host, pkg)).toThrow(/is pinned for amd64, arm64, armhf, not for riscv64/);
        else expect(() => planFor(host, pkg)).not.toThrow();
      }
    }
  });

  it("a Debian binary package's epoch is in the .deb it fetches, not in its store name (a store name has no colon)", () => {
    const zlib1g = node(planFor("armv7l-hf-multiplatform", "zlib1g"), planFor("armv7l-hf-multiplatform", "zlib1g").root);
    expect(zlib1g.storeName).toMatch(/-zlib1g-armv7l-unknown-linux-gnueabihf-1\.2\.13\.dfsg-1$/);
    expect(zlib1g.attrs.src).toMatchObject({ kind: "debian", package: "zlib", version: "1:1.2.13.dfsg-1", origTarball: "zlib1g_1.2.13.dfsg-1_armhf.deb" });
  });

  it("gcc is a package of the catalog: on the build machine for target T, it is the stdenv.cc of T's packages", () => {
    const gcc = planFor("x86_64-linux", "gcc", {}, "aarch64-multiplatform");
    const hello = planFor("aarch64-multiplatform", "hello");
    expect(gcc.root).toBe(node(hello, hello.root).cc);
    expect(node(gcc, gcc.root).name).toBe("aarch64-unknown-linux-gnu-gcc-wrapper-12.2.0");
  });

  it("ids are stable and change when an input changes", () => {
    const a = planFor("aarch64-linux", "file");
    const b = planFor("aarch64-linux", "file");
    expect(a.root).toBe(b.root);
    expect(a.root).toMatch(/^[0-9abcdfghijklmnpqrsvwxyz]{32}$/);
    expect(node(a, a.root).storeName).toBe(`${a.root}-file-aarch64-unknown-linux-gnu-5.44`);
    const zlibPatched = ({ stdenv }: { stdenv: Stdenv }) =>
      stdenv.mkDerivation({ pname: "zlib", version: "1.2.13", src: { kind: "inline", files: { "x.c": "" } } });
    const c = planFor("aarch64-linux", "file", { zlib: zlibPatched });
    expect(c.root).not.toBe(a.root);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });
});
