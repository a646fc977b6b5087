import type { AttrsOverride, Derivation, Overrides, PackageRef } from "./mkDerivation.ts";
import type { SpliceKey } from "./lists.ts";
import type { SetName, Stage } from "./stage.ts";

const setOfSpliceKey: Record<SpliceKey, SetName> = {
  buildBuild: "pkgsBuildBuild",
  buildHost: "pkgsBuildHost",
  buildTarget: "pkgsBuildTarget",
  hostHost: "pkgsHostHost",
  hostTarget: "pkgsHostTarget",
  targetTarget: "pkgsTargetTarget",
};
const spliceKeys = Object.keys(setOfSpliceKey) as SpliceKey[];

/** Where packages come from: a stage's package set (see packageSet.ts). */
export interface PackageSource {
  readonly stage: Stage;
  instantiate(attrName: string): Derivation;
  /** The same attribute in another stage's set, unspliced. */
  handleIn(stage: Stage, attrName: string): Package;
}

/**
 * A package as a recipe sees it: a reference to an attribute of one package set, instantiated
 * (its recipe called) only when something needs the derivation. When it came through callPackage
 * in a cross stage it is spliced: it also knows the same attribute in the six adjacent sets, and
 * mkDerivation takes the variant matching the list it is put in (splice.nix `__spliced`).
 */
export class Package implements PackageRef {
  private variants: { readonly [key in SpliceKey]?: Package } | undefined;

  constructor(
    readonly attrName: string,
    readonly source: PackageSource,
    readonly isSpliced: boolean,
  ) {}

  /** The derivation of the default variant (pkgsHostTarget first, as splice.nix). */
  get drv(): Derivation {
    return this.source.instantiate(this.attrName);
  }

  get pname(): string {
    return this.drv.pname;
  }

  get version(): string {
    return this.drv.version;
  }

  /** `pkg.overrideAttrs`: of the derivation in this handle's own package set (see Derivation). */
  overrideAttrs(f: AttrsOverride): Derivation {
    return this.drv.overrideAttrs(f);
  }

  /** `pkg.override`: the recipe called again in this handle's own package set (see Derivation). */
  override(overrides: Overrides): Derivation {
    return this.drv.override(overrides);
  }

  /** splice.nix's `__spliced`: the same attribute in each adjacent package set, by splice key,
   * when this value came spliced; a set that does not have it (the post-stage only has stdenv.cc)
   * has no key. Handles only: nothing is instantiated until a variant's `drv` is read. Made
   * once: mkDerivation reads it for every list a package is put in. */
  get __spliced(): { readonly [key in SpliceKey]?: Package } | undefined {
    if (!this.isSpliced) return undefined;
    if (this.variants === undefined) {
      const variants: { [key in SpliceKey]?: Package } = {};
      for (const key of spliceKeys) {
        const set = this.source.stage.sets[setOfSpliceKey[key]];
        if (set.kind !== "post") variants[key] = this.source.handleIn(set, this.attrName);
      }
      this.variants = variants;
    }
    return this.variants;
  }
}
