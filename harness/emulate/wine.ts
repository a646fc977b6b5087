/**
 * Running Windows programs under wine: Debian 12's wine64 (with `wine`, its launcher) in the
 * check's image, the build's image plus these packages. The kernel starts it for a PE file as
 * it starts QEMU for a foreign ELF file: through binfmt_misc, a registration `wine` for the
 * MS-DOS magic `MZ` with the interpreter /usr/bin/wine, as Debian's wine-binfmt registers it
 * (crosscheck doctor --fix). Without the F flag, so the interpreter is the one of the container
 * that runs the program, and only the check's image has it: a build container can't run a PE
 * file, and configure there still finds it is cross compiling.
 *
 * Each run makes its own WINEPREFIX in its fresh container (wineboot, about 40 s), with the
 * network off as in every container; nothing of one run's prefix reaches another.
 */
import type { PlanNode } from "../planner/index.ts";
import type { Plan } from "../planner/index.ts";
import { binfmtRegistration, builderUser, ensureNodeImage, wineBinfmt } from "../engine/index.ts";

export const winePackages = ["wine", "wine64"] as const;

export interface WineRunner {
  runner: string;
  emulator: string;
  env: Record<string, string>;
  packages: readonly string[];
}

/** How the node's Windows programs run under wine here, or why they can't. */
export async function wineRunner(plan: Plan, node: PlanNode): Promise<WineRunner | { skip: string }> {
  const { cpu } = node.host;
  // wine64 runs 64-bit x86 programs only; 32-bit ones need wine32, an i386 package.
  if (cpu.family !== "x86" || cpu.bits !== 64) return { skip: `wine64 runs x86_64 Windows programs, not ${node.host.config} ones` };
  const registration = await binfmtRegistration(wineBinfmt.name);
  if (registration === undefined) return { skip: `wine is not registered with binfmt_misc for PE files (crosscheck doctor --fix)` };
  if (!registration.enabled) return { skip: `binfmt ${wineBinfmt.name} is disabled (update-binfmts --enable ${wineBinfmt.name})` };
  // The emulator's identity for check keys: the wine64 of the check's image, built if missing.
  const image = await ensureNodeImage(plan, node, undefined, winePackages);
  return {
    runner: "wine64",
    emulator: `wine64 ${image.versions["wine64"] ?? "of unknown version"}`,
    env: {
      WINEPREFIX: `${builderUser.home}/wineprefix`,
      // Wine's own chatter (fixme:, err:) off: the log is the program's. No Mono or Gecko to ask for.
      WINEDEBUG: "-all",
      WINEDLLOVERRIDES: "mscoree,mshtml=",
    },
    inputs: [],
    packages: winePackages,
  };
}
