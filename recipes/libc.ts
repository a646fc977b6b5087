import { debianArchitecture, type Stdenv } from "../harness/planner/index.ts";

/**
 * libc: the host's C library, as Nixpkgs' `libc` is (glibc on a glibc Linux host); a compiler
 * takes its target's from `targetPackages.libc`, in `depsTargetTarget` (recipes/tcc.ts). Here it
 * is Debian 12's glibc for the host as its cross compiler installs it (libc6-<arch>-cross,
 * libc6-dev-<arch>-cross, linux-libc-dev-<arch>-cross in `/usr/<triple>`: the stdenv.cc this is
 * built with needs them in the build's image), copied into a store path of its own: the files of
 * those three packages (dpkg lists them), not what gcc's runtime packages add beside them, with
 * the linker scripts (libc.so) pointed at the store path. The build machine's own libc lives in
 * the multiarch directories with everything else: there is no sysroot to copy, so the
 * build machine's platform is a bad platform.
 */
export default function libc({ stdenv }: { stdenv: Stdenv }) {
  const host = stdenv.hostPlatform;
  const debian = debianArchitecture(host);
  const sysroot = `/usr/${debian?.triple ?? "?"}`;
  const packages = ["libc6", "libc6-dev", "linux-libc-dev"].map((p) => `${p}-${debian?.arch ?? "?"}-cross`);
  return stdenv.mkDerivation({
    pname: "glibc",
    version: "2.36",
    src: { kind: "none" },
    buildSystem: "custom",
    buildPhase: ":",
    installPhase: [
      'mkdir -p "$out"',
      `/usr/bin/dpkg-query -L ${packages.join(" ")} | while read -r f; do`,
      `  case "$f" in ${sysroot}/*) ;; *) continue ;; esac`,
      '  [ -d "$f" ] && [ ! -L "$f" ] && continue',
      `  rel=\${f#${sysroot}/}`,
      '  mkdir -p "$out/$(dirname "$rel")" && cp -P "$f" "$out/$rel"',
      "done",
      // libc.so is a GNU ld script naming libc.so.6, libc_nonshared.a and the loader by their
      // sysroot paths.
      `for f in $(grep -l -I "GNU ld script" "$out"/lib/*.so); do sed -i "s|${sysroot}/lib/|$out/lib/|g" "$f"; done`,
    ].join("\n"),
    meta: {
      description: `Debian's GNU C library for ${host.config}, from its cross-compiling packages`,
      homepage: "https://www.gnu.org/software/libc/",
      license: "LGPL-2.1-or-later",
      platforms: [{ isLinux: true, libc: "glibc" }],
      // The build machine's libc has no sysroot of its own (see above), nor has a platform
      // Debian has no architecture for.
      badPlatforms: [{ config: stdenv.buildPlatform.config }, ...(debian === null ? [{ config: host.config }] : [])],
    },
  });
}
