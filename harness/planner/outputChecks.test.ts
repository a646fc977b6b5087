import { describe, expect, it } from "vitest";
import { outputChecks } from "./derivation.ts";
import { RecipeError } from "./errors.ts";
import type { MkDerivationArgs } from "./mkDerivation.ts";
import { Planner } from "./planner.ts";
import type { Package } from "./splice.ts";
import type { Stdenv } from "./stdenv.ts";
import gcc from "../../recipes/gcc.ts";

const src = { kind: "inline", files: {} } as const;
type Args = { stdenv: Stdenv; buildPackages: { tool: Package }; tool: Package; zlib: Package };

/** `app` builds with `tool` (spliced into nativeBuildInputs) and links `zlib`; `checks` are its output checks. */
function planApp(checks: (a: Args) => Partial<MkDerivationArgs>) {
  const planner = new Planner(
    {
      gcc,
      tool: ({ stdenv }: { stdenv: Stdenv }) => stdenv.mkDerivation({ pname: "tool", version: "1", src }),
      zlib: ({ stdenv }: { stdenv: Stdenv }) => stdenv.mkDerivation({ pname: "zlib", version: "1", src }),
      app: (a: Args) =>
        a.stdenv.mkDerivation({ pname: "app", version: "1", src, nativeBuildInputs: [a.tool], buildInputs: [a.zlib], ...checks(a) }),
    },
    "x86_64-linux",
  );
  const plan = planner.plan({ build: "x86_64-linux", host: "aarch64-linux", package: "app" });
  const app = plan.nodes[plan.root]!;
  const dep = (list: string) => app.deps.find((d) => d.list === list)!.id;
  return { plan, app, nativeTool: dep("nativeBuildInputs"), zlib: dep("buildInputs") };
}

describe("output checks in the plan", () => {
  it("carries each check as node ids or \"out\", packages taken as given", () => {
    const { plan, app, nativeTool, zlib } = planApp((a) => ({
      allowedReferences: ["out", a.zlib],
      disallowedReferences: [a.stdenv.cc],
      allowedRequisites: [a.zlib],
      disallowedRequisites: [a.tool, a.buildPackages.tool],
    }));
    expect(app.attrs.allowedReferences).toEqual(["out", zlib]);
    expect(app.attrs.allowedRequisites).toEqual([zlib]);
    // stdenv.cc is the compiler the node is built with: build → host.
    expect(app.attrs.disallowedReferences).toEqual([app.cc]);
    const cc = plan.nodes[app.cc!]!;
    expect([cc.build.config, cc.host.config, cc.target.config]).toEqual(["x86_64-unknown-linux-gnu", "x86_64-unknown-linux-gnu", "aarch64-unknown-linux-gnu"]);
    // Not spliced: `tool` is the host's tool (the one nativeBuildInputs would not have taken),
    // `buildPackages.tool` the build machine's, which nativeBuildInputs did take.
    const [hostTool, buildTool] = app.attrs.disallowedRequisites!;
    expect(buildTool).toBe(nativeTool);
    expect(hostTool).not.toBe(nativeTool);
    expect(app.deps.map((d) => d.id)).not.toContain(hostTool);
  });

  it("leaves out every check the recipe does not set, and an empty list is a check", () => {
    const { app } = planApp(() => ({}));
    for (const check of outputChecks) expect(Object.hasOwn(app.attrs, check), check).toBe(false);
    const empty = planApp(() => ({ allowedRequisites: [] })).app;
    expect(empty.attrs.allowedRequisites).toEqual([]);
    expect(empty.id).not.toBe(app.id);
  });

  it("are kept by overrideAttrs, and by callPackage's wrapping of its result", () => {
    const planner = new Planner(
      {
        gcc,
        zlib: ({ stdenv }: { stdenv: Stdenv }) => stdenv.mkDerivation({ pname: "zlib", version: "1", src }),
        "zlib-guarded": ({ zlib, stdenv }: { zlib: Package; stdenv: Stdenv }) => zlib.overrideAttrs({ disallowedReferences: [stdenv.cc] }),
      },
      "x86_64-linux",
    );
    const plan = planner.plan({ build: "x86_64-linux", host: "aarch64-linux", package: "zlib-guarded" });
    const node = plan.nodes[plan.root]!;
    expect(node.attrs.disallowedReferences).toEqual([node.cc]);
  });

  it("rejects what is neither a package nor \"out\"", () => {
    const plan = (checks: Record<string, unknown>) => () => planApp(() => checks as Partial<MkDerivationArgs>);
    expect(plan({ disallowedReferences: ["dev"] })).toThrow(RecipeError);
    expect(plan({ disallowedReferences: ["dev"] })).toThrow(/disallowedReferences: each element must be a package or "out" \(the output itself\), not "dev"/);
    expect(plan({ allowedRequisites: "out" })).toThrow(/allowedRequisites must be a list/);
  });
});
