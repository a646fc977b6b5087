import { dependencyLists, type BuildAttributes, type DependencyList } from "./derivation.ts";
import { debianToolchain } from "./debianToolchain.ts";
import { Derivation, type Problem } from "./mkDerivation.ts";
import type { Package } from "./splice.ts";
import type { Stage } from "./stage.ts";

/** Debian 12's gcc-12 (native, cross and mingw-w64 alike). */
const gccVersion = "12.2.0";

/**
 * The `gcc` attribute of a stage: a cc-wrapper derivation with the stage's (build, host, target),
 * like Nixpkgs' `gcc` (so BT's is the cross compiler R uses as stdenv.cc). It wraps Debian's
 * toolchain packages installed on the build machine, so only wrappers whose host is the build
 * machine can exist; others carry a "missing toolchain" problem found at plan time.
 */
export function toolchainDerivation(stage: Stage): Derivation {
  const { build, host, target } = stage;
  // Interned platforms: equal (lib.systems.equals) exactly when the same object.
  const targetPrefix = host === target ? "" : `${target.platform.config}-`;
  let problem: Problem | null = null;
  let toolchain = null;
  if (host !== build) {
    problem = {
      reason: "missing-toolchain",
      platform: host.platform,
      detail: `no Debian toolchain runs on ${host.platform.config}: toolchains are installed on the build machine ${build.platform.config}`,
    };
  } else {
    const lookup = debianToolchain(build.platform, target.platform, targetPrefix);
    if (lookup.ok) toolchain = lookup.toolchain;
    else problem = { reason: "missing-toolchain", platform: target.platform, detail: `missing toolchain: ${lookup.reason}` };
  }
  const attrs: BuildAttributes = {
    src: { kind: "none" },
    buildSystem: "toolchain-wrapper",
    sourceRoot: null,
    configureFlags: [],
    configurePlatforms: [],
    makeFlags: [],
    installFlags: [],
    cmakeFlags: [],
    mesonFlags: [],
    env: {},
    phases: {},
    doCheck: false,
    doInstallCheck: false,
    installCheck: null,
    strictDeps: false,
    outputs: ["out"],
    meta: { description: `C/C++ compiler wrapper around Debian's gcc for ${target.platform.config}` },
  };
  const noLists = Object.fromEntries(dependencyLists.map((list) => [list, [] as Package[]])) as Record<
    DependencyList,
    Package[]
  >;
  return new Derivation(
    "gcc-wrapper",
    gccVersion,
    "toolchain",
    stage,
    noLists,
    attrs,
    { doCheck: false, doInstallCheck: false },
    true,
    null,
    toolchain,
    problem,
    null,
    null,
  );
}
