/**
 * The tools a build finds on PATH without declaring them, as in Nixpkgs: stdenv's initial path
 * (pkgs/stdenv/generic/common-path.nix: coreutils, findutils, diffutils, gnused, gnugrep, gawk,
 * gnutar, gzip, bzip2, gnumake, bash, patch, xz, file), here the Debian packages of the image that
 * provide them, and the tools of the recipe's build system (Nixpkgs' cmake, meson and ninja setup
 * hooks, which a recipe gets by naming its build system). Everything else, pkg-config included,
 * must be an input: an undeclared tool is how a cross build picks up the build machine.
 */
import type { BuildSystem } from "../../planner/index.ts";

/** Debian packages of stdenv's initial path; `mawk` is Debian's awk, `dash` its /bin/sh. */
export const stdenvPackages = [
  "bash", "bzip2", "coreutils", "dash", "diffutils", "file", "findutils", "grep", "gzip", "make", "mawk", "patch", "sed", "tar", "xz-utils",
] as const;

/** Commands Debian installs through update-alternatives, so no package lists them: awk is mawk's. */
const alternatives = ["awk"] as const;

/** The Debian packages of each build system's tools; they are also installed in the node's image. */
export const buildSystemPackages: Partial<Record<BuildSystem, readonly string[]>> = {
  cmake: ["cmake"],
  meson: ["meson", "ninja-build"],
};

/** The packages whose commands a build of this build system sees. */
export function toolPackages(buildSystem: BuildSystem): string[] {
  return [...stdenvPackages, ...(buildSystemPackages[buildSystem] ?? [])];
}

/**
 * Shell lines that fill `dir` with links to the commands of these packages (their files in bin
 * and sbin, as dpkg lists them) and the alternatives. Toolchain packages are never among them:
 * the unprefixed compiler and binutils stay hidden, as Nixpkgs has none.
 */
export function toolDirectoryScript(dir: string, packages: readonly string[]): string[] {
  return [
    `mkdir -p ${dir}`,
    `for f in $(/usr/bin/dpkg-query -L ${packages.join(" ")} | /usr/bin/grep -E '^(/usr)?/s?bin/[^/]+$'); do if [ -x "$f" ] && [ ! -d "$f" ]; then /usr/bin/ln -sf "$f" ${dir}/"\${f##*/}"; fi; done`,
    ...alternatives.map((name) => `if [ -x /usr/bin/${name} ]; then /usr/bin/ln -sf /usr/bin/${name} ${dir}/${name}; fi`),
  ];
}
