/**
 * Reading a platform spec. A string is tried, in order, as: `examples.NAME` (or
 * `pkgsCross.NAME`), an example name, a system double that renders back to itself (read as
 * `{ system }`), and otherwise a config triple (read as `{ config }`, so it is kept verbatim).
 * Example names win over doubles because that is how Nixpkgs users name a cross platform:
 * `pkgsCross.x86_64-windows` is the example (which adds `useLLVM = true`), so a matrix or a
 * command line that says `x86_64-windows` means it too. The double, as Nix's
 * `elaborate "x86_64-windows"` reads the string, is `{ system: "x86_64-windows" }` (or its
 * config triple, `x86_64-pc-windows-msvc`). `collidingNames` lists the names this decides.
 */
import { UserError } from "../userError.ts";
import type { PlatformArgs, PlatformSpec } from "./args.ts";
import { exampleNames, examples } from "./examples.ts";
import { parseSystem } from "./parse.ts";
import { doubleFromParsed } from "./render.ts";
import { didYouMean } from "../suggest.ts";

const examplePrefixes = ["examples.", "pkgsCross."];

function isOwnDouble(text: string): boolean {
  try {
    return doubleFromParsed(parseSystem(text)) === text;
  } catch (error) {
    if (error instanceof UserError) return false;
    throw error;
  }
}

export function specToArgs(spec: PlatformSpec): PlatformArgs {
  if (typeof spec !== "string") {
    if (typeof spec !== "object" || spec === null || Array.isArray(spec)) {
      throw new UserError(`a platform spec must be a string or an attribute set, not ${JSON.stringify(spec)}`);
    }
    return spec;
  }
  const prefix = examplePrefixes.find((p) => spec.startsWith(p));
  if (prefix !== undefined) {
    const name = spec.slice(prefix.length);
    if (!Object.hasOwn(examples, name)) {
      throw new UserError(`no example platform named '${name}'${didYouMean(name, exampleNames)}`);
    }
    return examples[name]!;
  }
  if (Object.hasOwn(examples, spec)) return examples[spec]!;
  if (isOwnDouble(spec)) return { system: spec };
  return { config: spec };
}

/** The example names that are also system doubles (`x86_64-windows`): as a bare string each
 * means the example, and `{ system: NAME }` the double. */
export const collidingNames: readonly string[] = Object.freeze(exampleNames.filter(isOwnDouble));
