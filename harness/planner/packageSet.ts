import { callPackage, type CallScope } from "./callPackage.ts";
import type { Catalog } from "./catalog.ts";
import { MissingPackageError, RecipeCycleError } from "./errors.ts";
import type { Derivation } from "./mkDerivation.ts";
import { Package } from "./splice.ts";
import type { Stage } from "./stage.ts";
import { closestNames } from "../suggest.ts";

/** What a package set needs from the planner that owns all of them. */
export interface PlannerContext {
  readonly catalog: Catalog;
  packageSet(stage: Stage): PackageSet;
  /** Recipe calls in progress, outermost first, to report cycles between eager recipes. */
  readonly instantiating: { attrName: string; stage: Stage }[];
  countInstantiation(): void;
}

/**
 * One stage's packages (stage.nix's fixed point, made lazy): a recipe is called the first time
 * its derivation is needed, once per stage.
 */
export class PackageSet implements CallScope {
  private readonly derivations = new Map<string, Derivation>();
  private readonly handles = new Map<string, Package>();
  private readonly splicedHandles = new Map<string, Package>();

  constructor(
    readonly stage: Stage,
    readonly context: PlannerContext,
  ) {}

  has(attrName: string): boolean {
    return Object.hasOwn(this.context.catalog, attrName);
  }

  /** `set.<attrName>`, unspliced (as `buildPackages.foo` is). */
  handle(attrName: string, neededBy?: string): Package {
    return this.memoHandle(this.handles, attrName, false, neededBy);
  }

  /** The callPackage view of `attrName`: spliced unless the stage is self-built. */
  splicedHandle(attrName: string, neededBy?: string): Package {
    if (this.stage.selfBuild) return this.handle(attrName, neededBy);
    return this.memoHandle(this.splicedHandles, attrName, true, neededBy);
  }

  handleIn(stage: Stage, attrName: string): Package {
    return this.context.packageSet(stage).handle(attrName);
  }

  instantiate(attrName: string): Derivation {
    const known = this.derivations.get(attrName);
    if (known !== undefined) return known;
    const stack = this.context.instantiating;
    const start = stack.findIndex((frame) => frame.attrName === attrName && frame.stage === this.stage);
    if (start >= 0) {
      throw new RecipeCycleError(
        stack.slice(start).map((frame) => ({ pname: frame.attrName, stage: frame.stage.id, list: "(read while calling the recipe)" })),
      );
    }
    stack.push({ attrName, stage: this.stage });
    try {
      const recipe = this.context.catalog[attrName];
      if (recipe === undefined) throw this.missing(attrName);
      const derivation = callPackage(this, attrName, recipe, {});
      this.derivations.set(attrName, derivation);
      return derivation;
    } finally {
      stack.pop();
    }
  }

  private memoHandle(memo: Map<string, Package>, attrName: string, spliced: boolean, neededBy?: string): Package {
    const known = memo.get(attrName);
    if (known !== undefined) return known;
    if (!this.has(attrName)) throw this.missing(attrName, neededBy);
    const handle = new Package(attrName, this, spliced);
    memo.set(attrName, handle);
    return handle;
  }

  missing(attrName: string, neededBy?: string): MissingPackageError {
    const names = Object.keys(this.context.catalog);
    const where = neededBy === undefined ? `in the catalog` : `(an argument of recipe '${neededBy}')`;
    return new MissingPackageError(attrName, closestNames(attrName, names), where);
  }
}
