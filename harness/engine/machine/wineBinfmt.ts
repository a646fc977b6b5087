/**
 * The binfmt_misc registration that runs Windows programs under wine, as QEMU's run foreign ELF
 * files: a PE file (whose MS-DOS header starts with `MZ`) executed in a check container is
 * handed to /usr/bin/wine, so an installCheck or a test suite runs `$out/bin/hello.exe` as it is.
 * Named and made as Debian's wine-binfmt makes it (with binfmt-support, which keeps it across
 * reboots), so either one serves. Without the F flag: the kernel looks the interpreter up in the
 * container that executes the program, where the check's image has wine (harness/emulate/wine.ts);
 * the machine needs no wine of its own, and elsewhere executing a PE file fails as before.
 */
import { $ } from "zx";
import { binfmtRegistration, enableBinfmts, type BinfmtRegistration } from "./binfmt.ts";

export const wineBinfmt = { name: "wine", magic: "MZ", interpreter: "/usr/bin/wine" } as const;

/** The command that registers it, for doctor to show. */
export const wineRegisterCommand = `update-binfmts --package crosscheck --install ${wineBinfmt.name} ${wineBinfmt.interpreter} --magic ${wineBinfmt.magic}`;

/** The kernel's entry, if any. */
export function wineRegistration(): Promise<BinfmtRegistration | undefined> {
  return binfmtRegistration(wineBinfmt.name);
}

/** Whether `registration` runs PE files with the container's wine: enabled, no F flag (which
 * would open the interpreter on the machine, where there is no wine). */
export function wineRegistrationProblem(registration: BinfmtRegistration | undefined): string | null {
  if (registration === undefined) return `binfmt ${wineBinfmt.name} for PE files is not registered (crosscheck doctor --fix)`;
  if (!registration.enabled) return `binfmt ${wineBinfmt.name} is disabled (update-binfmts --enable ${wineBinfmt.name})`;
  if (registration.fixBinary) return `binfmt ${wineBinfmt.name} has the F flag, so its interpreter is looked up on the machine, not in the container`;
  return null;
}

/** Registers the entry, or enables one that binfmt-support knows. Root only; true when something changed. */
export async function registerWineBinfmt(): Promise<boolean> {
  const existing = await wineRegistration();
  if (wineRegistrationProblem(existing) === null) return false;
  if (existing === undefined) await $({ quiet: true })`update-binfmts --package crosscheck --install ${wineBinfmt.name} ${wineBinfmt.interpreter} --magic ${wineBinfmt.magic}`;
  else await enableBinfmts();
  const problem = wineRegistrationProblem(await wineRegistration());
  if (problem !== null) throw new Error(problem);
  return true;
}
