import { Booter } from "./booter.ts";
import type { Catalog } from "./catalog.ts";
import type { Plan, PlatformRef } from "./derivation.ts";
import { RecipeError } from "./errors.ts";
import { NodeBuilder } from "./nodes.ts";
import { PackageSet, type PlannerContext } from "./packageSet.ts";
import { PlatformRegistry, type KnownPlatform } from "./platformRegistry.ts";
import type { Stage } from "./stage.ts";

/** One cell of a matrix: a package planned for (build, host, target). */
export interface PlanRequest {
  build: PlatformRef["spec"];
  host: PlatformRef["spec"];
  /** Defaults to host (the target only matters for compilers). */
  target?: PlatformRef["spec"];
  /** Allow build ≠ host ≠ target, which Nixpkgs refuses (see booter.ts). */
  canadian?: boolean;
  package: string;
}

/**
 * The planner for one build machine (localSystem) and one catalog. Stages, package sets,
 * instantiated derivations and nodes are kept, so planning many cells shares all the work they
 * have in common; nothing is instantiated before a plan needs it.
 */
export class Planner implements PlannerContext {
  readonly registry = new PlatformRegistry();
  readonly local: KnownPlatform;
  readonly booter: Booter;
  readonly instantiating: { attrName: string; stage: Stage }[] = [];
  private readonly sets = new Map<Stage, PackageSet>();
  private readonly nodes = new NodeBuilder();
  private instantiations = 0;

  constructor(
    readonly catalog: Catalog,
    localSystem: PlatformRef["spec"],
  ) {
    this.local = this.registry.intern(localSystem);
    this.booter = new Booter(this.local);
  }

  /** How many recipes have been called so far (laziness shows as a small number). */
  get instantiatedCount(): number {
    return this.instantiations;
  }

  countInstantiation(): void {
    this.instantiations++;
  }

  packageSet(stage: Stage): PackageSet {
    let set = this.sets.get(stage);
    if (set === undefined) {
      set = new PackageSet(stage, this);
      this.sets.set(stage, set);
    }
    return set;
  }

  /** `import nixpkgs { localSystem; crossSystem }`: N when crossSystem is null or equal. */
  top(crossSystem: PlatformRef["spec"] | null): Stage {
    return this.booter.top(crossSystem === null ? null : this.registry.intern(crossSystem));
  }

  /** The stage a cell's package is built in: its stdenv has the cell's (build, host, target). */
  stageOf(cell: Omit<PlanRequest, "package"> & { package?: string }): Stage {
    const build = this.registry.intern(cell.build);
    if (build !== this.local) {
      throw new RecipeError(cell.package ?? "(stage)", `this planner builds on ${this.local.ref.config}, the cell builds on ${build.ref.config}`);
    }
    const host = this.registry.intern(cell.host);
    const target = cell.target === undefined ? host : this.registry.intern(cell.target);
    return this.booter.stageFor(host, target, cell.canadian ?? false);
  }

  plan(cell: PlanRequest): Plan {
    const stage = this.stageOf(cell);
    const { build, host, target } = stage;
    const canadian = cell.canadian ?? false;
    const { root, order, nodes } = this.nodes.closure(this.packageSet(stage).handle(cell.package).drv, { parent: null, list: null });
    const notes = stage.beyondNixpkgs === null ? [] : [stage.beyondNixpkgs];
    return {
      schema: 1,
      cell: { build: build.ref, host: host.ref, target: target.ref, canadian, package: cell.package },
      root: root.id,
      order,
      nodes,
      notes,
    };
  }
}

