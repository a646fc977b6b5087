import { UserError } from "../userError.ts";

/**
 * Errors the planner raises for what a user (or a recipe author) wrote. All are UserErrors, so the
 * CLI prints them without a stack trace; `UnsatisfiableError` is further a distinct class the
 * matrix runner classifies as an "unsatisfiable" cell rather than a failure.
 */

/** Why a cell cannot be planned at all (not a bug, not a build failure). */
export type UnsatisfiableReason =
  | "platform-excluded"
  | "bad-platform"
  | "cross-unsupported"
  | "missing-toolchain"
  | "canadian-cross";

export class UnsatisfiableError extends UserError {
  readonly classification = "unsatisfiable";
  constructor(
    readonly reason: UnsatisfiableReason,
    /** The recipe (pname) that cannot be satisfied, and the chain of lists that led to it. */
    readonly recipe: string,
    readonly list: string | null,
    /** The config of the platform at fault. */
    readonly platform: string,
    detail: string,
  ) {
    super(`unsatisfiable: ${detail}`);
  }
}

export class MissingPackageError extends UserError {
  constructor(
    readonly missing: string,
    readonly suggestions: string[],
    where: string,
  ) {
    const hint = suggestions.length > 0 ? `; did you mean ${suggestions.map((s) => `'${s}'`).join(", ")}?` : "";
    super(`no package '${missing}' ${where}${hint}`);
  }
}

/** One step of a dependency cycle: the package and the package set (stage) it was taken from. */
export interface CycleStep {
  pname: string;
  stage: string;
  list: string;
}

export class RecipeCycleError extends UserError {
  constructor(readonly cycle: CycleStep[]) {
    const steps = cycle.map((s) => `${s.pname} [${s.stage}] --${s.list}-->`);
    const first = cycle[0];
    super(
      `dependency cycle in the recipes:\n  ${steps.join("\n  ")}\n  ${first === undefined ? "" : `${first.pname} [${first.stage}]`}`,
    );
  }
}

/** A dependency that would run on a later platform than what it is used for (h > t). */
export class DependencyDirectionError extends UserError {
  constructor(what: string, list: string, host: number, target: number) {
    super(
      `${what} in ${list} would be a dependency from a later platform to an earlier one ` +
        `(host offset ${host} > target offset ${target}); Nixpkgs forbids these`,
    );
  }
}

/** A recipe broke the mkDerivation contract (a bad attribute, an invalid dependency element). */
export class RecipeError extends UserError {
  constructor(recipe: string, detail: string) {
    super(`recipe '${recipe}': ${detail}`);
  }
}
