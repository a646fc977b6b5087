/**
 * A cell's id: `<package>@<build>~<host>`, plus `~<target>` when the target differs from the
 * host (only compilers have one). Examples:
 *   hello@x86_64-linux~aarch64-multiplatform
 *   tcc@x86_64-linux~x86_64-linux~riscv64
 *
 * It is built only from names the matrix spells (package and platform names match
 * [A-Za-z0-9][A-Za-z0-9._+-]*), so it is stable across runs and machines, safe unquoted in a
 * shell (`~` never starts a word, since the package comes first), and usable as a file name.
 * `@` and `~` cannot occur in names, so an id splits back into its parts unambiguously.
 * Build stays in the id even when a matrix has one build, so adding a second build later does
 * not rename every existing cell (and orphan its snapshots and report history).
 */
export function cellId(packageName: string, build: string, host: string, target: string): string {
  const base = `${packageName}@${build}~${host}`;
  return target === host ? base : `${base}~${target}`;
}

