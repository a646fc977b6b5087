import type { Lib, Stdenv } from "../harness/planner/index.ts";

/**
 * Debian's probed perl configurations for cross builds: `debian/cross/<arch>/config.sh.static`
 * from perl's Debian packaging, the answers perl's Configure gets by running test programs on
 * each architecture, recorded from native builds (the cookbook's "cache variables", for perl).
 * `perl-cross-config ARCH` prints the one for a Debian architecture (arm64, armhf, riscv64, ...).
 * Data only: it runs on the build machine, where the perl recipe asks for it.
 */
export default function perlCrossConfig({ stdenv, lib }: { stdenv: Stdenv; lib: Lib }) {
  return stdenv.mkDerivation({
    pname: "perl-cross-config",
    version: "5.36.0-7+deb12u3",
    src: {
      kind: "debian",
      package: "perl",
      version: "5.36.0-7+deb12u3",
      origTarball: "perl_5.36.0-7+deb12u3.debian.tar.xz",
      sha256: "5dfbe06b76fd23a4cc4aef586220845de535b245a9066ec0658eb60fbe21be1b",
    },
    buildSystem: "custom",
    buildPhase: ":",
    installPhase: [
      'mkdir -p "$out/share" "$out/bin"',
      'cp -R cross "$out/share/perl-cross"',
      'printf \'#!/bin/sh\\nf="%s/share/perl-cross/$1/config.sh.static"\\n[ -f "$f" ] || { echo "perl-cross-config: no configuration for Debian architecture $1" >&2; exit 1; }\\nexec cat "$f"\\n\' "$out" > "$out/bin/perl-cross-config"',
      'chmod +x "$out/bin/perl-cross-config"',
    ].join("\n"),
    meta: {
      description: "Debian's recorded perl Configure answers for cross builds",
      homepage: "https://salsa.debian.org/perl-team/interpreter/perl",
      license: "GPL-1.0-or-later OR Artistic-1.0-Perl",
      platforms: lib.platforms.all,
    },
  });
}
