import { checkNames, type Check } from "./cell.ts";
import { childPointer, readablePath } from "./pointer.ts";

/**
 * Old names of checks that a matrix may still write, each with the check it now is. `run` ran
 * the recipe's checkPhase (its test suite) under emulation, not "the installed programs", so it
 * is called after what it runs.
 */
const deprecatedCheckNames = { run: "checkPhase" } as const satisfies Record<string, Check>;

/** A check as a matrix may write it: its name, or a deprecated one (schema.json takes both). */
export type WrittenCheck = Check | keyof typeof deprecatedCheckNames;

/**
 * The checks a list names, in checkNames' order, an old name taken as the check it now is with a
 * warning at its place (`defaults.checks[1]: "run" is the old name of "checkPhase"; ...`).
 */
export function resolveChecks(written: readonly WrittenCheck[], pointer: string, warn: (pointer: string, message: string) => void): Check[] {
  const named = written.map((check, index) => {
    if (!Object.hasOwn(deprecatedCheckNames, check)) return check as Check;
    const now = deprecatedCheckNames[check as keyof typeof deprecatedCheckNames];
    const at = childPointer(pointer, index);
    warn(at, `${readablePath(at)}: "${check}" is the deprecated name of the check "${now}" (the recipe's checkPhase, emulated when the build machine can't run the host's programs); write ${now}`);
    return now;
  });
  return checkNames.filter((check) => named.includes(check));
}
