/**
 * Whether a failed run under QEMU failed because of the emulator rather than the program:
 * QEMU's own complaints (a signal it could not deliver, a syscall it lacks, a loader it could
 * not open). Under binfmt QEMU names itself after the registration (`aarch64-binfmt-P:`), not
 * `qemu-aarch64:`, so both are recognised.
 */
const patterns = [
  /qemu: uncaught target signal \d+[^\n]*/,
  /(?:qemu-[\w-]+|[\w-]+-binfmt-P): Unsupported syscall[^\n]*/,
  /Unsupported syscall: \d+[^\n]*/,
  /(?:qemu-[\w-]+|[\w-]+-binfmt-P): Could not open [^\n]*/,
  /(?:qemu-[\w-]+|[\w-]+-binfmt-P): [^\n]*(?:not supported|unimplemented)[^\n]*/,
];

/** The line that shows an emulator fault, or null when the log shows none. */
export function emulatorFault(log: string): string | null {
  for (const pattern of patterns) {
    const match = log.match(pattern);
    if (match) return match[0].trim();
  }
  return null;
}
