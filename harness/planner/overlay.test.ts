import { describe, expect, it } from "vitest";
import { overlay, RecipeError, type Catalog, type Derivation, type Package, type Stdenv } from "./index.ts";
import { B, depsIn, planFor, root, src } from "./plans.testutil.ts";

const base = {
  zlib: ({ stdenv }: { stdenv: Stdenv }, { static: isStatic = false }: { static?: boolean } = {}) =>
    stdenv.mkDerivation({ pname: "zlib", version: "1.3", src, configureFlags: isStatic ? ["--static"] : [] }),
  app: ({ stdenv, zlib }: { stdenv: Stdenv; zlib: Package }) =>
    stdenv.mkDerivation({ pname: "app", version: "1", src, nativeBuildInputs: [zlib], buildInputs: [zlib] }),
  hello: ({ stdenv }: { stdenv: Stdenv }) => stdenv.mkDerivation({ pname: "hello", version: "2.12", src }),
} satisfies Catalog;

/** A user's overlay recipe file `zlib.ts`, as the task describes it. */
const zprefix = ({ prev }: { prev: Derivation }) =>
  prev.overrideAttrs((old) => ({ configureFlags: [...(old.configureFlags ?? []), "--zprefix"] }));

describe("overlay", () => {
  it("later layers replace earlier ones attribute by attribute, and leave the inputs as they were", () => {
    const hello2 = ({ stdenv }: { stdenv: Stdenv }) => stdenv.mkDerivation({ pname: "hello", version: "2.13", src });
    const hello3 = ({ stdenv }: { stdenv: Stdenv }) => stdenv.mkDerivation({ pname: "hello", version: "3.0", src });
    const extra = ({ stdenv }: { stdenv: Stdenv }) => stdenv.mkDerivation({ pname: "extra", version: "1", src });
    const first = { hello: hello2, extra };
    const second = { hello: hello3 };
    const catalog = overlay(base, first, second);
    expect(Object.keys(catalog).sort()).toEqual(["app", "extra", "hello", "zlib"]);
    expect(root(planFor(catalog, "hello")).version).toBe("3.0");
    expect(root(planFor(catalog, "extra")).pname).toBe("extra");
    expect(catalog["zlib"]).toBe(base.zlib);
    expect(root(planFor(overlay(base, second, first), "hello")).version).toBe("2.13");
    expect(first.hello).toBe(hello2);
    expect(Object.keys(base)).toEqual(["zlib", "app", "hello"]);
  });

  it("gives prev, the attribute as the layers below define it; recipes see the topmost definition of the others", () => {
    const catalog = overlay(base, { zlib: zprefix });
    const zlib = root(planFor(catalog, "zlib"));
    expect(zlib.attrs.configureFlags).toEqual(["--zprefix"]);
    const app = planFor(catalog, "app");
    expect(depsIn(app, root(app), "buildInputs")[0]!.id).toBe(zlib.id);
  });

  it("stacks: each layer's prev is the layers below it", () => {
    const shared = ({ prev }: { prev: Derivation }) =>
      prev.overrideAttrs((old) => ({ configureFlags: [...(old.configureFlags ?? []), "--shared"] }));
    expect(root(planFor(overlay(base, { zlib: zprefix }, { zlib: shared }), "zlib")).attrs.configureFlags).toEqual(["--zprefix", "--shared"]);
    expect(root(planFor(overlay(base, { zlib: shared }, { zlib: zprefix }), "zlib")).attrs.configureFlags).toEqual(["--shared", "--zprefix"]);
  });

  it("calls prev with the same arguments: an override of the attribute reaches the recipe below", () => {
    const catalog = overlay(base, { zlib: zprefix }, { "zlib-static": ({ zlib }: { zlib: Package }) => zlib.override({ static: true }) });
    expect(root(planFor(catalog, "zlib-static")).attrs.configureFlags).toEqual(["--static", "--zprefix"]);
  });

  it("in a cross plan, the overlaid attribute in nativeBuildInputs is the build platform's, with the overlay applied", () => {
    const plan = planFor(overlay(base, { zlib: zprefix }), "app", "aarch64-multiplatform");
    const [native] = depsIn(plan, root(plan), "nativeBuildInputs");
    const [host] = depsIn(plan, root(plan), "buildInputs");
    expect([native!.build.config, native!.host.config]).toEqual([B, B]);
    expect(host!.host.config).toBe("aarch64-unknown-linux-gnu");
    for (const zlib of [native!, host!]) expect(zlib.attrs.configureFlags).toEqual(["--zprefix"]);
  });

  it("asking for prev where no lower layer defines the attribute is a RecipeError that says so", () => {
    for (const catalog of [overlay(base, { extra: zprefix }), overlay({}, { zlib: zprefix }), { ...base, zlib: zprefix }]) {
      const name = Object.hasOwn(catalog, "extra") ? "extra" : "zlib";
      expect(() => planFor(catalog, name)).toThrow(RecipeError);
      expect(() => planFor(catalog, name)).toThrow(`recipe '${name}': asks for 'prev', but no lower layer of the overlay defines it`);
    }
  });
});
