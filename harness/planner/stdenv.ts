import type { Platform } from "../platform/index.ts";
import { mkDerivation, type Derivation, type MkDerivationArgs } from "./mkDerivation.ts";
import type { Package, PackageSource } from "./splice.ts";
import type { Stage } from "./stage.ts";

/**
 * A stage's standard environment as a recipe sees it: the three platforms, the C compiler, and
 * mkDerivation. One is made per recipe call, so the planner can tell whether the recipe looked at
 * its target platform (only compiler-like packages do; that decides `X→target` vs `X→*`).
 */
export class Stdenv {
  private targetWasRead = false;

  constructor(
    private readonly stage: Stage,
    private readonly source: PackageSource,
  ) {}

  get buildPlatform(): Platform {
    return this.stage.build.platform;
  }

  get hostPlatform(): Platform {
    return this.stage.host.platform;
  }

  get targetPlatform(): Platform {
    this.targetWasRead = true;
    return this.stage.target.platform;
  }

  /** stdenv.cc: `buildPackages.gcc`, the catalog's compiler wrapper, which runs on build and
   * emits for host (R's cc is BT's gcc, (B,B,T); N's is N's own), as Nixpkgs' cross stdenv has it;
   * `buildPackages.clang` for a host with `useLLVM` (wasm32-wasi), as pkgs/stdenv/cross picks
   * `llvmPackages.clang` there. */
  get cc(): Package {
    const buildHost = this.stage.sets.pkgsBuildHost;
    if (buildHost.kind === "post") throw new Error(`stage ${this.stage.id} has the post-stage as buildPackages`);
    return this.source.handleIn(buildHost, this.stage.host.platform.useLLVM ? "clang" : "gcc");
  }

  get isCross(): boolean {
    // Interned platforms: equal (lib.systems.equals) exactly when the same object.
    return this.stage.build !== this.stage.host;
  }

  readonly mkDerivation = (args: MkDerivationArgs): Derivation => {
    const { build, host, target } = this.stage;
    return mkDerivation(
      {
        stage: this.stage,
        build: build.platform,
        host: host.platform,
        target: target.platform,
        targetRead: () => this.targetWasRead,
        cc: () => this.cc,
        buildCanExecuteHost: build.platform.canExecute(host.platform),
        hostIsBuild: build === host,
      },
      args,
    );
  };
}
