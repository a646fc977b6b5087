import { describe, expect, it } from "vitest";
import { UserError } from "../userError.ts";
import type { Recipe } from "./catalog.ts";
import { MissingPackageError, RecipeCycleError, UnsatisfiableError } from "./errors.ts";
import type { Lib } from "./lib.ts";
import type { MkDerivationArgs } from "./mkDerivation.ts";
import { Planner } from "./planner.ts";
import type { Package } from "./splice.ts";
import type { Stdenv } from "./stdenv.ts";
import gcc from "../../recipes/gcc.ts";
import { debianBinary } from "./debianBinary.ts";

const src = { kind: "inline", files: {} } as const;
type Args = { stdenv: Stdenv; lib: Lib } & Record<string, Package>;
const recipe =
  (pname: string, extra: (a: Args) => Partial<MkDerivationArgs> = () => ({})) =>
  (a: Args) =>
    a.stdenv.mkDerivation({ pname, version: "1", src, ...extra(a) });

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error("did not throw");
}

describe("planner errors", () => {
  it("a cycle prints every step with its package set", () => {
    const planner = new Planner(
      { gcc, a: recipe("a", (x) => ({ buildInputs: [x["b"]!] })), b: recipe("b", (x) => ({ nativeBuildInputs: [x["a"]!] })) },
      "x86_64-linux",
    );
    const error = thrown(() => planner.plan({ build: "x86_64-linux", host: "x86_64-linux", package: "a" }));
    expect(error).toBeInstanceOf(RecipeCycleError);
    expect((error as Error).message).toMatch(/a \[\(x86_64.*\)\] --buildInputs-->\n {2}b \[.*\] --nativeBuildInputs-->\n {2}a \[/);
  });

  it("a cross cycle goes through the build packages set", () => {
    const planner = new Planner(
      { gcc, a: recipe("a", (x) => ({ nativeBuildInputs: [x["a"]!] })) },
      "x86_64-linux",
    );
    // In a cross set a's nativeBuildInputs is buildPackages.a, a different stage: no cycle there,
    // but natively it is a itself.
    expect(() => planner.plan({ build: "x86_64-linux", host: "aarch64-linux", package: "a" })).toThrow(RecipeCycleError);
  });

  it("a missing package suggests close names", () => {
    const planner = new Planner({ gcc, zlib: recipe("zlib"), app: recipe("app", (x) => ({ buildInputs: [x["zlb"]!] })) }, "x86_64-linux");
    const error = thrown(() => planner.plan({ build: "x86_64-linux", host: "x86_64-linux", package: "app" }));
    expect(error).toBeInstanceOf(MissingPackageError);
    expect((error as Error).message).toContain("did you mean 'zlib'");
    expect(() => planner.plan({ build: "x86_64-linux", host: "x86_64-linux", package: "zlub" })).toThrow(/did you mean 'zlib'/);
  });

  it("a dependency excluded by meta.platforms is unsatisfiable, naming recipe, list and platform", () => {
    const planner = new Planner(
      {
        gcc,
        linuxOnly: recipe("linuxOnly", (x) => ({ meta: { platforms: x.lib.platforms.linux } })),
        app: recipe("app", (x) => ({ buildInputs: [x["linuxOnly"]!] })),
      },
      "x86_64-linux",
    );
    const error = thrown(() => planner.plan({ build: "x86_64-linux", host: "x86_64-w64-mingw32", package: "app" }));
    expect(error).toBeInstanceOf(UnsatisfiableError);
    expect(error).toBeInstanceOf(UserError);
    expect(error).toMatchObject({ classification: "unsatisfiable", reason: "platform-excluded", recipe: "linuxOnly", list: "buildInputs", platform: "x86_64-w64-mingw32" });
  });

  it("crossUnsupported and badPlatforms are unsatisfiable too", () => {
    const planner = new Planner(
      { gcc, a: recipe("a", () => ({ meta: { crossUnsupported: "runs its own tests at build time" } })), b: recipe("b", () => ({ meta: { badPlatforms: ["riscv64-linux"] } })) },
      "x86_64-linux",
    );
    expect(() => planner.plan({ build: "x86_64-linux", host: "x86_64-linux", package: "a" })).not.toThrow();
    expect(thrown(() => planner.plan({ build: "x86_64-linux", host: "aarch64-linux", package: "a" }))).toMatchObject({ reason: "cross-unsupported" });
    expect(thrown(() => planner.plan({ build: "x86_64-linux", host: "riscv64-linux", package: "b" }))).toMatchObject({ reason: "bad-platform" });
  });

  it("a Debian binary package on a host Debian has no architecture for is a bad platform, its dependents unsatisfiable", () => {
    const planner = new Planner(
      {
        gcc,
        libfoo: ({ stdenv }: { stdenv: Stdenv }) => debianBinary(stdenv, { package: "libfoo", source: "foo", version: "1.0-1", sha256: { arm64: "0".repeat(64) } }),
        a: recipe("a", (x) => ({ buildInputs: [x["libfoo"]!] })),
      },
      "x86_64-linux",
    );
    expect(() => planner.plan({ build: "x86_64-linux", host: "aarch64-multiplatform", package: "a" })).not.toThrow();
    expect(thrown(() => planner.plan({ build: "x86_64-linux", host: "mingwW64", package: "a" }))).toMatchObject({ reason: "bad-platform", recipe: "libfoo" });
    expect(thrown(() => planner.plan({ build: "x86_64-linux", host: "aarch64-multiplatform-musl", package: "libfoo" }))).toMatchObject({ reason: "bad-platform" });
  });

  it("a platform without a Debian toolchain is unsatisfiable at plan time", () => {
    const planner = new Planner({ gcc, a: recipe("a") }, "x86_64-linux");
    const error = thrown(() => planner.plan({ build: "x86_64-linux", host: "raspberryPi", package: "a" }));
    expect(error).toMatchObject({ reason: "missing-toolchain", recipe: "gcc-wrapper", list: "stdenv.cc", platform: "armv6l-unknown-linux-gnueabihf" });
    expect(() => planner.plan({ build: "x86_64-linux", host: "x86_64-w64-mingw32", package: "a" })).not.toThrow();
    expect(() => planner.plan({ build: "x86_64-linux", host: "musl64", package: "a" })).not.toThrow();
    expect(() => planner.plan({ build: "x86_64-linux", host: "aarch64-multiplatform-musl", package: "a" })).not.toThrow();
    expect(thrown(() => planner.plan({ build: "x86_64-linux", host: "riscv64-musl", package: "a" }))).toMatchObject({ reason: "missing-toolchain" });
  });

  it("a list from a later platform to an earlier one is refused", () => {
    const planner = new Planner({ gcc, a: recipe("a", () => ({ depsHostBuild: [] }) as never) }, "x86_64-linux");
    expect(() => planner.plan({ build: "x86_64-linux", host: "x86_64-linux", package: "a" })).toThrow(/later platform to an earlier one/);
  });
});

describe("laziness", () => {
  it("planning one cell calls only the recipes it uses, and no variant it does not pull", () => {
    const catalog: Record<string, Recipe> = { gcc };
    for (let i = 0; i < 500; i++) catalog[`p${i}`] = recipe(`p${i}`, (x) => ({ buildInputs: i > 0 ? [x[`p${i - 1}`]!] : [] }));
    const planner = new Planner(catalog, "x86_64-linux");
    planner.plan({ build: "x86_64-linux", host: "aarch64-linux", package: "p3" });
    // p3, p2, p1, p0 in the run stage, and BT's gcc (their stdenv.cc); no buildPackages variants
    // although each arg is spliced.
    expect(planner.instantiatedCount).toBe(5);
  });
});
