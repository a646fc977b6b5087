/**
 * Reading a platform spec. A string is tried, in order, as: `examples.NAME` (or
 * `pkgsCross.NAME`), a system double that renders back to itself (read as `{ system }`, as
 * Nix's `elaborate "…"` does), an example name, and otherwise a config triple (read as
 * `{ config }`, so it is kept verbatim). Doubles win over example names because that is how
 * Nix reads a string: `x86_64-windows` is the double, `examples.x86_64-windows` the example
 * (which adds `useLLVM = true`).
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
  if (isOwnDouble(spec)) return { system: spec };
  if (Object.hasOwn(examples, spec)) return examples[spec]!;
  return { config: spec };
}
