/**
 * A source of recipes: something that can read a package of another distribution and draft a
 * recipe from it. Debian's archive is one (debian/); a Nixpkgs expression or a bare URL would be
 * others, each a `RecipeSource` under its own scheme (`nixpkgs:`, `url:`), the rest of the
 * importer (dependency lookup, --with-deps, the writer, the check) shared.
 */
import type { CatalogIndex } from "./catalogIndex.ts";
import type { RecipeDraft } from "./draft.ts";

export interface ImportContext {
  /** The package set the recipe will be in: which dependencies are there already. */
  catalog: CatalogIndex;
  /** The version asked for (`--version`), for the package named on the command line only. */
  version?: string;
  /** Progress, one line at a time. */
  log(line: string): void;
}

export interface RecipeSource {
  /** The scheme of its references: `debian` in `debian:libogg`. */
  readonly scheme: string;
  /** What a reference names, for the help and errors: `debian:SOURCE, a Debian source package`. */
  readonly describes: string;
  /**
   * A draft recipe for the package `name`. Its dependencies that the catalog lacks keep their
   * identity (`debian:libogg`), so --with-deps can import them with the source that identity
   * names.
   */
  draft(name: string, context: ImportContext): Promise<RecipeDraft>;
}
