/**
 * Running Windows programs under wine: Debian 12's wine64 for x86_64 programs, wine32 (of the
 * i386 architecture) for i686 ones, with `wine`, their launcher, in the check's image: the
 * build's image plus these packages. The kernel starts it for a PE file as it starts QEMU for a
 * foreign ELF file: through binfmt_misc, a registration `wine` for the MS-DOS magic `MZ` with
 * the interpreter /usr/bin/wine (engine/machine/wineBinfmt.ts), without the F flag, so the
 * interpreter is the one of the container that runs the program, and only a check's image has
 * it: a plain build's container can't run a PE file.
 *
 * Each run makes its own WINEPREFIX in its fresh container (wineboot, about 40 s), with the
 * network off as in every container; nothing of one run's prefix reaches another.
 */
import type { PlanNode } from "../planner/index.ts";
import type { Plan } from "../planner/index.ts";
import { builderUser, ensureNodeImage, wineRegistration, wineRegistrationProblem } from "../engine/index.ts";
import type { HostRunner } from "./installCheck.ts";

/** The wine of each width: wine64 runs x86_64 programs, wine32 (an i386 package) i686 ones. */
const wines = {
  64: { runner: "wine64", packages: ["wine", "wine64"] },
  32: { runner: "wine32", packages: ["wine", "wine32:i386"] },
} as const;

/** How the node's Windows programs run under wine here, or why they can't. */
export async function wineRunner(plan: Plan, node: PlanNode): Promise<HostRunner | { skip: string }> {
  const { cpu } = node.host;
  if (cpu.family !== "x86" || (cpu.bits !== 64 && cpu.bits !== 32)) return { skip: `wine runs x86 Windows programs, not ${node.host.config} ones` };
  const wine = wines[cpu.bits];
  const problem = wineRegistrationProblem(await wineRegistration());
  if (problem !== null) return { skip: problem };
  // The emulator's identity for check keys: the wine of the check's image, built if missing.
  const image = await ensureNodeImage(plan, node, undefined, wine.packages);
  return {
    runner: wine.runner,
    emulator: `${wine.runner} ${image.versions[wine.runner] ?? "of unknown version"}`,
    env: {
      WINEPREFIX: `${builderUser.home}/wineprefix`,
      // Wine's own chatter (fixme:, err:) off: the log is the program's. No Mono or Gecko to ask for.
      WINEDEBUG: "-all",
      WINEDLLOVERRIDES: "mscoree,mshtml=",
    },
    inputs: [],
    packages: wine.packages,
  };
}
