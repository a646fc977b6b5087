import { elaborate, emulatorFor, type Emulator, type PlatformSpec } from "../platform/index.ts";
import type { PlanNode } from "./derivation.ts";

/**
 * For a compiler whose target the build machine can't run (a cross compiler, a Canadian cross):
 * what runs the programs it compiles, which its installCheck may run (tcc's Canadian cross
 * does), as the platform model names it; `emulator` is null where nothing can. Null for a
 * package without a target, or whose target is its host or one the build machine runs.
 */
export function targetEmulator(node: PlanNode): { emulator: Emulator | null } | null {
  if (!node.hasTarget || node.target.config === node.host.config) return null;
  const build = elaborate(node.build.spec as PlatformSpec);
  const target = elaborate(node.target.spec as PlatformSpec);
  if (build.canExecute(target)) return null;
  return { emulator: emulatorFor(build, target) };
}
