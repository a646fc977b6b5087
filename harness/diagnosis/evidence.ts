/**
 * What a failed cell leaves behind, as the diagnosis sees it. The cell runner fills it in from
 * what the engine, the emulator and the closure check found; the shapes here are structural so
 * that the diagnosis imports none of those modules.
 */
import type { Phase } from "./phase.ts";

/** Faults of the machinery around the build, not of the package being built. */
export type InfrastructureErrorKind =
  | "engine-gone" // the Docker/Podman engine went away or refused the connection
  | "no-space" // the disk or the store filled up
  | "out-of-memory" // the container or a compiler was killed for memory
  | "fetch-failed" // a source tarball or image could not be fetched
  | "timeout" // the harness stopped a phase that ran past its time limit
  | "no-emulator"; // the host's binaries cannot run here and no emulator is registered

export interface ExitStatus {
  /** The exit code of the phase's process, when it exited. */
  code?: number;
  /** The signal that ended it (`SIGKILL`, `SIGSEGV`, ...), when one did. */
  signal?: string;
  /** True when the harness itself ended the phase for running past its time limit. */
  timedOut?: boolean;
}

/** A closure member that should not be there, as the closure module reports it. */
export interface ClosureFinding {
  /** `build-reference`: a path built for the build platform (its gcc, a build tool) or a build-machine path. */
  kind: "build-reference" | "build-path" | (string & {});
  /** The offending store path or file system path. */
  path: string;
  /** The output file that holds the reference, when known: it is what the user must fix. */
  file?: string;
  /** The chain from the output to the offending path, like `nix why-depends`. */
  chain?: string[];
}

/** An ELF file whose machine does not match the host platform it was built for. */
export interface ElfMachineFinding {
  file: string;
  expected: string;
  actual: string;
}

/** A file (or the installCheck) whose cross build differs from its native build: the first of its differences. */
export interface EquivalenceFinding {
  file: string;
  difference: string;
}

export interface FailureEvidence {
  phase: Phase;
  /** The failing phase's log text (stdout and stderr interleaved, as the build printed it). */
  log: string;
  /**
   * The emulator that ran the phase's host binaries (`qemu-aarch64`), when one did: the
   * installCheck or the `checkPhase` check of a host the build machine cannot execute.
   */
  emulator?: string;
  exit?: ExitStatus;
  closureFindings?: readonly ClosureFinding[];
  elfFindings?: readonly ElfMachineFinding[];
  equivalenceFindings?: readonly EquivalenceFinding[];
  infrastructureErrors?: readonly InfrastructureErrorKind[];
}
