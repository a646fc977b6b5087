import type { Meta } from "./derivation.ts";
import { debianToolchain } from "./debianToolchain.ts";
import { Derivation, resolveArgs, type MkDerivationArgs, type UnsatisfiableCause } from "./mkDerivation.ts";
import type { Stage } from "./stage.ts";

/** What `wrapCC` takes: the wrapper's name, version and meta, as a recipe gives them. */
export interface WrapCCArgs {
  pname: string;
  version: string;
  meta?: Meta;
  /** cc-wrapper's `isClang`: wrap Debian's clang rather than its gcc. */
  isClang?: boolean;
}

/** `wrapCC`, as callPackage gives it to a recipe: a compiler wrapper of the recipe's stage. */
export type WrapCC = (args: WrapCCArgs) => Derivation;

/**
 * Nixpkgs' `wrapCC` (build-support/cc-wrapper) for one stage, in the form its native stdenv uses
 * (`nativeTools`): the wrapped compiler is not a derivation but the one installed on the build
 * machine, here Debian's toolchain packages (debianToolchain.ts), exposed under the stage's
 * target prefix. The wrapper has the stage's (build, host, target), so the catalog's `gcc` in BT
 * is the cross compiler R uses as stdenv.cc. A wrapper can only exist when its host is the build
 * machine, and when Debian has a toolchain for its target; otherwise it carries a "missing
 * toolchain" problem, found at plan time. Its attributes are mkDerivation's defaults for what it
 * is given, as cc-wrapper is a stdenvNoCC.mkDerivation.
 */
export function wrapCC(stage: Stage): WrapCC {
  return ({ pname, version, meta, isClang = false }) => {
    const { build, host, target } = stage;
    // Interned platforms: equal (lib.systems.equals) exactly when the same object.
    const targetPrefix = host === target ? "" : `${target.platform.config}-`;
    let cause: UnsatisfiableCause | null = null;
    let toolchain = null;
    if (host !== build) {
      cause = {
        reason: "missing-toolchain",
        platform: host.platform,
        detail: `no Debian toolchain runs on ${host.platform.config}: toolchains are installed on the build machine ${build.platform.config}`,
      };
    } else {
      const lookup = debianToolchain(build.platform, target.platform, targetPrefix, isClang ? "clang" : "gcc");
      if (lookup.ok) toolchain = lookup.toolchain;
      else cause = { reason: "missing-toolchain", platform: target.platform, detail: `missing toolchain: ${lookup.reason}` };
    }
    const args: MkDerivationArgs = { pname, version, src: { kind: "none" }, buildSystem: "toolchain-wrapper", meta };
    return new Derivation({
      pname,
      version,
      kind: "toolchain",
      stage,
      ...resolveArgs({ hostIsBuild: host === build, buildCanExecuteHost: build.platform.canExecute(host.platform) }, args),
      hasTarget: true,
      cc: null,
      toolchain,
      unsatisfiable: cause,
      madeBy: null,
      recall: null,
    });
  };
}
