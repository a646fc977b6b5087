import { describe, expect, it } from "vitest";
import { RecipeError, type Catalog, type Package, type Stdenv } from "./index.ts";

import { B, depsIn, planFor, root, src } from "./plans.testutil.ts";

/** zlib with a switch (`{ static ? false }`), zlib-ng, and an app linking whichever zlib it gets. */
const base = {
  zlib: ({ stdenv }: { stdenv: Stdenv }, { static: isStatic = false }: { static?: boolean } = {}) =>
    stdenv.mkDerivation({ pname: "zlib", version: "1.3", src, configureFlags: isStatic ? ["--static"] : ["--shared"] }),
  "zlib-ng": ({ stdenv }: { stdenv: Stdenv }) => stdenv.mkDerivation({ pname: "zlib-ng", version: "2.1", src }),
  app: ({ stdenv, zlib }: { stdenv: Stdenv; zlib: Package }, { withTests = false }: { withTests?: boolean } = {}) =>
    stdenv.mkDerivation({ pname: "app", version: "1", src, buildInputs: [zlib], doCheck: withTests }),
} satisfies Catalog;

describe("overrideAttrs", () => {
  it("adds a flag: the node's attrs show it and its id changes; the base package's node is untouched", () => {
    const catalog = {
      ...base,
      "zlib-prefixed": ({ zlib }: { zlib: Package }) =>
        zlib.overrideAttrs((old) => ({ configureFlags: [...(old.configureFlags ?? []), "--zprefix"] })),
    };
    const prefixed = root(planFor(catalog, "zlib-prefixed"));
    const zlib = root(planFor(catalog, "zlib"));
    expect(prefixed.attrs.configureFlags).toEqual(["--shared", "--zprefix"]);
    expect(prefixed.pname).toBe("zlib");
    expect(prefixed.id).not.toBe(zlib.id);
    expect(zlib.attrs.configureFlags).toEqual(["--shared"]);
    expect(zlib.id).toBe(root(planFor(base, "zlib")).id);
  });

  it("takes the changes as a plain object too", () => {
    const catalog = { ...base, "zlib-1.2": ({ zlib }: { zlib: Package }) => zlib.overrideAttrs({ version: "1.2.13" }) };
    const node = root(planFor(catalog, "zlib-1.2"));
    expect(node.version).toBe("1.2.13");
    expect(node.name).toBe("zlib-1.2.13");
    expect(node.attrs.configureFlags).toEqual(["--shared"]);
  });

  it("chains compose: the second function sees the first's result as old", () => {
    const seen: (string[] | undefined)[] = [];
    const catalog = {
      ...base,
      "zlib-twice": ({ zlib }: { zlib: Package }) =>
        zlib
          .overrideAttrs((old) => ({ configureFlags: [...(old.configureFlags ?? []), "--first"] }))
          .overrideAttrs((old) => {
            seen.push(old.configureFlags);
            return { configureFlags: [...(old.configureFlags ?? []), "--second"] };
          }),
    };
    expect(root(planFor(catalog, "zlib-twice")).attrs.configureFlags).toEqual(["--shared", "--first", "--second"]);
    expect(seen).toEqual([["--shared", "--first"]]);
  });

  it("of the toolchain wrapper is an error: wrapCC makes it without mkDerivation", () => {
    const catalog = { cc: ({ stdenv }: { stdenv: Stdenv }) => stdenv.cc.overrideAttrs({ version: "13" }) };
    expect(() => planFor(catalog, "cc")).toThrow(RecipeError);
    expect(() => planFor(catalog, "cc")).toThrow(/recipe 'gcc-wrapper': the toolchain wrapper is not made by mkDerivation/);
  });
});

describe("override", () => {
  it("replaces a dependency by name, in the same package set", () => {
    const catalog = { ...base, "app-ng": ({ app, "zlib-ng": ng }: { app: Package; "zlib-ng": Package }) => app.override({ zlib: ng }) };
    const plan = planFor(catalog, "app-ng", "aarch64-multiplatform");
    const [lib] = depsIn(plan, root(plan), "buildInputs");
    expect(lib?.pname).toBe("zlib-ng");
    expect(lib?.host.config).toBe("aarch64-unknown-linux-gnu");
    expect(root(plan).pname).toBe("app");
  });

  it("passes the options as the recipe's second parameter, whose defaults hold otherwise", () => {
    const catalog = { ...base, "zlib-static": ({ zlib }: { zlib: Package }) => zlib.override({ static: true }) };
    expect(root(planFor(catalog, "zlib-static")).attrs.configureFlags).toEqual(["--static"]);
    expect(root(planFor(catalog, "zlib")).attrs.configureFlags).toEqual(["--shared"]);
  });

  it("composes: .override(a).override(b) merges a and b, b winning", () => {
    const catalog = {
      ...base,
      "app-ng": ({ app, "zlib-ng": ng, zlib }: { app: Package; "zlib-ng": Package; zlib: Package }) =>
        app.override({ zlib, withTests: true }).override({ zlib: ng }),
    };
    const plan = planFor(catalog, "app-ng");
    expect(depsIn(plan, root(plan), "buildInputs").map((n) => n.pname)).toEqual(["zlib-ng"]);
    expect(root(plan).attrs.doCheck).toBe(true);
  });

  it("keeps an overrideAttrs made before or after it", () => {
    const flag = (old: { configureFlags?: string[] }) => ({ configureFlags: [...(old.configureFlags ?? []), "--zprefix"] });
    const catalog = {
      ...base,
      after: ({ zlib }: { zlib: Package }) => zlib.override({ static: true }).overrideAttrs(flag),
      before: ({ zlib }: { zlib: Package }) => zlib.overrideAttrs(flag).override({ static: true }),
    };
    expect(root(planFor(catalog, "after")).attrs.configureFlags).toEqual(["--static", "--zprefix"]);
    expect(root(planFor(catalog, "before")).attrs.configureFlags).toEqual(["--static", "--zprefix"]);
    expect(root(planFor(catalog, "before")).id).toBe(root(planFor(catalog, "after")).id);
  });

  it("of a package defined as an override calls that definition again, as callPackage's result", () => {
    const catalog = {
      ...base,
      "app-ng": ({ app, "zlib-ng": ng }: { app: Package; "zlib-ng": Package }) => app.override({ zlib: ng }),
      "app-ng-undone": ({ "app-ng": appNg, zlib }: { "app-ng": Package; zlib: Package }) => appNg.override({ "zlib-ng": zlib }),
    };
    const plan = planFor(catalog, "app-ng-undone");
    expect(depsIn(plan, root(plan), "buildInputs").map((n) => n.pname)).toEqual(["zlib"]);
    expect(plan.root).toBe(planFor(catalog, "app").root);
  });
});

describe("overrides in a cross plan", () => {
  /** A tool the app both runs at build time and links, defined as an override of another. */
  const catalog = {
    ...base,
    "zlib-static": ({ zlib }: { zlib: Package }) =>
      zlib.override({ static: true }).overrideAttrs((old) => ({ configureFlags: [...(old.configureFlags ?? []), "--zprefix"] })),
    tool: ({ stdenv, "zlib-static": z }: { stdenv: Stdenv; "zlib-static": Package }) =>
      stdenv.mkDerivation({ pname: "tool", version: "1", src, nativeBuildInputs: [z], buildInputs: [z] }),
  };

  it("an overridden package in nativeBuildInputs is the build platform's, in buildInputs the host's", () => {
    const plan = planFor(catalog, "tool", "aarch64-multiplatform");
    const [native] = depsIn(plan, root(plan), "nativeBuildInputs");
    const [host] = depsIn(plan, root(plan), "buildInputs");
    expect([native!.build.config, native!.host.config]).toEqual([B, B]);
    expect(host!.host.config).toBe("aarch64-unknown-linux-gnu");
    for (const z of [native!, host!]) expect(z.attrs.configureFlags).toEqual(["--static", "--zprefix"]);
    // The build platform's is the native package set's own.
    expect(native!.id).toBe(root(planFor(catalog, "zlib-static")).id);
  });
});
