import { readFileSync } from "node:fs";

/**
 * A setup hook: shell kept in its own file under hooks/, as Nixpkgs keeps its setup hooks
 * (`setup-hooks/*.sh`), with `@name@` replaced as makeSetupHook's substitutions are. The
 * comment lines are for the reader of the file; the build script gets the commands only, so a
 * reworded comment builds nothing again.
 */
export function setupHook(name: string, substitutions: Record<string, string> = {}): string {
  const text = readFileSync(new URL(`./hooks/${name}.sh`, import.meta.url), "utf8");
  const commands = text.split("\n").filter((line) => !line.startsWith("#")).join("\n").replace(/\n+$/, "");
  return commands.replace(/@(\w+)@/g, (whole, key: string) => {
    const value = substitutions[key];
    if (value === undefined) throw new Error(`setup hook ${name}: no substitution for ${whole}`);
    return value;
  });
}
