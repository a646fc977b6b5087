/**
 * The toolchain wrapper: a store path whose `bin/` holds Nixpkgs-named tools
 * (`aarch64-unknown-linux-gnu-cc`, `…-ar`; unprefixed for a native wrapper) that run Debian's
 * toolchain. Like Nixpkgs' cc-wrapper it injects the search paths of the package's inputs, taken
 * from variables salted with the wrapper's target, so the build compiler and the host compiler
 * of one build each see only their own platform's libraries.
 */
import type { PlanNode, ToolchainInfo } from "../../planner/index.ts";
import { shellQuote } from "./shellQuote.ts";

/** Compilers get the flag injection; binutils are passed through. */
const compilerNames = new Set(["cc", "c++", "gcc", "g++", "clang", "clang++"]);

/** `aarch64-unknown-linux-gnu` → `aarch64_unknown_linux_gnu`: a shell variable name suffix. */
export function flagSalt(config: string): string {
  return config.replace(/[^A-Za-z0-9]/g, "_");
}

export const compileFlagsVar = (config: string) => `CROSSCHECK_CFLAGS_${flagSalt(config)}`;
export const linkFlagsVar = (config: string) => `CROSSCHECK_LDFLAGS_${flagSalt(config)}`;

function compilerScript(command: string, target: string): string {
  const cflags = compileFlagsVar(target);
  const ldflags = linkFlagsVar(target);
  return [
    "#!/bin/sh",
    "# crosscheck toolchain wrapper",
    "link=1",
    'for arg in "$@"; do case "$arg" in -c|-S|-E|-M|-MM) link=0;; esac; done',
    `if [ "$link" = 1 ]; then exec ${command} \${${cflags}-} "$@" \${${ldflags}-}; fi`,
    `exec ${command} \${${cflags}-} "$@"`,
    "",
  ].join("\n");
}

/** The build script of a wrapper node: write one small script per exposed tool. */
export function wrapperBuildScript(node: PlanNode, toolchain: ToolchainInfo): string {
  const lines = ['mkdir -p "$out/bin"'];
  for (const [exposed, command] of Object.entries(toolchain.tools).sort(([a], [b]) => a.localeCompare(b))) {
    const tool = exposed.slice(toolchain.targetPrefix.length);
    const real = `/usr/bin/${command}`;
    const script = compilerNames.has(tool) ? compilerScript(real, node.target.config) : `#!/bin/sh\nexec ${real} "$@"\n`;
    lines.push(`printf '%s' ${shellQuote(script)} > "$out/bin/${exposed}"`, `chmod 555 "$out/bin/${exposed}"`);
  }
  return lines.join("\n");
}
