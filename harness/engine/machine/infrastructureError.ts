/**
 * A fault of the machinery, not of the package being built: the engine went away, an image
 * could not be built, a container died or was OOM-killed. Cells that hit one end in the
 * "infrastructure" state, so a package is never blamed for them. A build's own non-zero exit
 * or timeout is not one of these; it is a normal step result.
 */
export type InfrastructureFault =
  | "engine" // no engine answers, or it stopped answering mid-step
  | "image" // base or toolchain image could not be built or found
  | "container" // the container could not be created/started, or vanished while running
  | "oom" // the kernel killed the step for exceeding its memory limit
  | "provision" // a prerequisite could not be installed or registered
  | "emulator" // QEMU/binfmt is missing or broken
  | "fetch"; // a source could not be downloaded

export class InfrastructureError extends Error {
  override readonly name = "InfrastructureError";
  constructor(
    readonly fault: InfrastructureFault,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
