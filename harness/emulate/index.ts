/** Running what was built for the host where the build machine cannot: the installCheck, under QEMU when needed. */
export { hostRunner, installCheckScript, runInstallCheck, type CheckRun } from "./installCheck.ts";
export { qemuVersion } from "./qemu.ts";
