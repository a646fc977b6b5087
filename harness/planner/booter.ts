import { UnsatisfiableError } from "./errors.ts";
import type { KnownPlatform } from "./platformRegistry.ts";
import { PostStage, Stage, type SetName } from "./stage.ts";

/** The registry interns platforms by lib.systems.equals, so equal platforms are one object. */
const same = (a: KnownPlatform, b: KnownPlatform): boolean => a === b;

/** The two cross stages after the native one: BT (B,B,T) builds tools, R (B,T,T) is `pkgs`. */
export interface CrossChain {
  native: Stage;
  buildTarget: Stage;
  run: Stage;
}

/**
 * Builds and interns the bootstrapping stages of one build machine (localSystem), following
 * pkgs/stdenv/booter.nix and pkgs/stdenv/cross: every stage is built on `local`, so a stage is
 * identified by its (host, target), and chains for different crossSystems share their native
 * stage, as re-imports (`pkgsCross.X`) of the same localSystem do.
 */
export class Booter {
  private readonly stages = new Map<string, Stage>();
  private readonly chains = new Map<string, CrossChain>();

  constructor(readonly local: KnownPlatform) {}

  /** The final native stage N (B,B,B): self-built, every set is itself. */
  native(): Stage {
    return this.intern(this.local, this.local, true, null, (stage) => selfSets(stage));
  }

  /** localSystem = B, crossSystem = T: N → BT → R → post-stage, or just N when T equals B. */
  crossChain(cross: KnownPlatform): CrossChain {
    const native = this.native();
    if (same(cross, this.local)) return { native, buildTarget: native, run: native };
    const known = this.chains.get(cross.key);
    if (known !== undefined) return known;
    const buildTarget = new Stage(this.local, this.local, cross, false, null);
    const run = new Stage(this.local, cross, cross, false, null);
    this.fold([native, buildTarget, run]);
    this.register(buildTarget);
    this.register(run);
    const chain = { native, buildTarget, run };
    this.chains.set(cross.key, chain);
    return chain;
  }

  /** The top-level package set of `import nixpkgs { localSystem; crossSystem }`. */
  top(cross: KnownPlatform | null): Stage {
    return cross === null ? this.native() : this.crossChain(cross).run;
  }

  /**
   * The stage whose stdenv has (local, host, target). Nixpkgs only has (B,B,B), (B,B,T) and (B,T,T);
   * three distinct platforms (a Canadian cross) need `canadian`, and get a stage Nixpkgs refuses.
   */
  stageFor(host: KnownPlatform, target: KnownPlatform, canadian: boolean): Stage {
    if (same(host, this.local)) return this.crossChain(target).buildTarget;
    if (same(host, target)) return this.crossChain(host).run;
    if (!canadian) {
      throw new UnsatisfiableError(
        "canadian-cross",
        "(stage)",
        null,
        target.platform.config,
        `build ${this.local.platform.config}, host ${host.platform.config} and target ${target.platform.config} ` +
          "are three different platforms (a Canadian cross); Nixpkgs has no such stage. " +
          "Set `canadian: true` on the cell (--canadian) to let crosscheck add the stages it needs.",
      );
    }
    return this.canadian(host, target);
  }

  /**
   * A Canadian cross stage C = (B,H,T). The sliding window over (B, B, H, T) yields N → (B,B,H) → C,
   * but C's pkgsBuildTarget (B,B,T), pkgsHostHost (B,H,H) and pkgsTargetTarget (B,T,T) lie on no
   * window through it: the booter would fail its `b == h` assertions. They are the BT and R stages
   * of the B→T and B→H chains, which we boot alongside.
   */
  private canadian(host: KnownPlatform, target: KnownPlatform): Stage {
    const towardsHost = this.crossChain(host);
    const towardsTarget = this.crossChain(target);
    const note =
      "Canadian cross: Nixpkgs refuses stages with build ≠ host ≠ target; crosscheck adds the stages " +
      `(B,B,T) = ${towardsTarget.buildTarget.id}, (B,H,H) = ${towardsHost.run.id} and (B,T,T) = ` +
      `${towardsTarget.run.id} to provide its pkgsBuildTarget, pkgsHostHost and pkgsTargetTarget`;
    return this.intern(host, target, false, note, (stage) => {
      const previous = towardsHost.buildTarget;
      stage.sets = {
        pkgsBuildBuild: previous.sets.pkgsBuildHost,
        pkgsBuildHost: previous,
        pkgsBuildTarget: towardsTarget.buildTarget,
        pkgsHostHost: towardsHost.run,
        pkgsHostTarget: stage,
        pkgsTargetTarget: towardsTarget.run,
      };
      stage.addedSets = ["pkgsBuildTarget", "pkgsHostHost", "pkgsTargetTarget"];
    });
  }

  /**
   * booter.nix: fold the stage list as a doubly linked list; a non-self-built stage takes
   * pkgsBuildBuild = previous.buildPackages, pkgsBuildHost = previous, pkgsTargetTarget = next
   * (the post-stage after the last), and pkgsBuildTarget / pkgsHostHost by the special cases
   * whose `b == h` assertions are what rules out Canadian crosses.
   */
  private fold(chain: Stage[]): void {
    chain.forEach((stage, i) => {
      // The native stage was wired when it was interned.
      if (stage.selfBuild) return;
      const previous = chain[i - 1];
      if (previous === undefined) throw new Error(`stage ${stage.id} is not self-built but has no previous stage`);
      const next = chain[i + 1] ?? new PostStage(stage);
      const { build, host, target } = stage;
      const hostIsTarget = same(host, target);
      if (!hostIsTarget && !same(build, host)) {
        throw new Error(`booter: stage ${stage.id} has build ≠ host ≠ target`);
      }
      const sets: Record<SetName, Stage | PostStage> = {
        pkgsBuildBuild: previous.sets.pkgsBuildHost,
        pkgsBuildHost: previous,
        pkgsBuildTarget: hostIsTarget ? previous : stage,
        pkgsHostHost: hostIsTarget ? stage : previous,
        pkgsHostTarget: stage,
        pkgsTargetTarget: next,
      };
      stage.sets = sets;
    });
  }

  private intern(
    host: KnownPlatform,
    target: KnownPlatform,
    selfBuild: boolean,
    beyondNixpkgs: string | null,
    wire: (stage: Stage) => void,
  ): Stage {
    const key = `${host.key}|${target.key}`;
    const known = this.stages.get(key);
    if (known !== undefined) return known;
    const stage = new Stage(this.local, host, target, selfBuild, beyondNixpkgs);
    this.stages.set(key, stage);
    wire(stage);
    return stage;
  }

  private register(stage: Stage): void {
    this.stages.set(`${stage.host.key}|${stage.target.key}`, stage);
  }
}

function selfSets(stage: Stage): void {
  stage.sets = {
    pkgsBuildBuild: stage,
    pkgsBuildHost: stage,
    pkgsBuildTarget: stage,
    pkgsHostHost: stage,
    pkgsHostTarget: stage,
    pkgsTargetTarget: stage,
  };
}
