import { debianToolchain } from "./debianToolchain.ts";
import { Derivation, resolveArgs, type MkDerivationArgs, type Problem } from "./mkDerivation.ts";
import type { Stage } from "./stage.ts";

/** Debian 12's gcc-12 (native, cross and mingw-w64 alike). */
const gccVersion = "12.2.0";

/**
 * The `gcc` attribute of a stage: a cc-wrapper derivation with the stage's (build, host, target),
 * like Nixpkgs' `gcc` (so BT's is the cross compiler R uses as stdenv.cc). It wraps Debian's
 * toolchain packages installed on the build machine, so only wrappers whose host is the build
 * machine can exist; others carry a "missing toolchain" problem found at plan time. Its
 * attributes are mkDerivation's defaults for what it is given, as cc-wrapper is a
 * stdenvNoCC.mkDerivation in Nixpkgs.
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
  const args: MkDerivationArgs = {
    pname: "gcc-wrapper",
    version: gccVersion,
    src: { kind: "none" },
    buildSystem: "toolchain-wrapper",
    meta: { description: `C/C++ compiler wrapper around Debian's gcc for ${target.platform.config}` },
  };
  return new Derivation({
    pname: args.pname,
    version: args.version,
    kind: "toolchain",
    stage,
    ...resolveArgs({ hostIsBuild: host === build, buildCanExecuteHost: build.platform.canExecute(host.platform) }, args),
    hasTarget: true,
    cc: null,
    toolchain,
    problem,
    madeBy: null,
    recall: null,
  });
}
