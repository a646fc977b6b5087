/**
 * The phases a cell can fail in, in the order a cell goes through them: exactly those the cell
 * runner reports, so that a category restricted to some phases names only phases that happen.
 * Stdenv's phases carry Nixpkgs' names, installCheckPhase too (the harness runs it itself, on
 * the built outputs); the others are crosscheck's own:
 *   plan     the planner refused the recipe (a user error in it)
 *   fetch    the source did not match its hash
 *   setup    the build script before its first phase (its environment)
 *   closure  the closure check: the snapshot, references, the output checks
 *   elf      the ELF machine check, when the closure check is off
 *   equivalence  the cross build compared with a native one (the native build's own failures
 *            are in the phase they happened in)
 */
export const phases = [
  "plan",
  "fetch",
  "setup",
  "unpackPhase",
  "patchPhase",
  "configurePhase",
  "buildPhase",
  "checkPhase",
  "installPhase",
  "fixupPhase",
  "installCheckPhase",
  "closure",
  "elf",
  "equivalence",
] as const;
export type Phase = (typeof phases)[number];

const isPhase = (name: string): name is Phase => (phases as readonly string[]).includes(name);

/**
 * The phase a build log's marker names. The engine's build script marks stdenv's phases by their
 * short names (`configure`) and calls what precedes the first marker `setup`.
 */
export function builtPhase(marker: string): Phase {
  const phase = marker === "setup" ? marker : `${marker}Phase`;
  if (!isPhase(phase)) throw new Error(`the build log names a phase crosscheck does not know: '${marker}'`);
  return phase;
}
