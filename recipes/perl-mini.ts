import type { Lib, Package, Stdenv } from "../harness/planner/index.ts";
import { perlSource } from "./perl.ts";

export interface PerlMiniArgs {
  stdenv: Stdenv;
  lib: Lib;
  perl: Package;
}

/**
 * A perl without dynamic loading, as Nixpkgs' perl.mini: perl's miniperl, run as bin/perl with
 * the library of the full perl of the same platform in PERL5LIB. It runs pure-Perl
 * code; an XS module (List::Util, Fcntl, POSIX) is found but cannot be loaded. Nixpkgs once gave
 * it to every cross-built Perl module as its build-time perl (#66741).
 *
 * Only for the build machine (buildPackages["perl-mini"]): it asks the full perl where its
 * library is, which a cross build could not run.
 */
export default function perlMini({ stdenv, lib, perl }: PerlMiniArgs) {
  return stdenv.mkDerivation({
    pname: "perl-mini",
    version: "5.36.0",
    src: perlSource,
    buildSystem: "custom",
    buildInputs: [perl],
    preConfigure: [
      'full="${HOST_PATH%%:*}/perl"',
      'privlib=$("$full" -MConfig -e \'print $Config{privlib}\') archlib=$("$full" -MConfig -e \'print $Config{archlib}\')',
      './Configure -des -Dprefix="$out" -Dcc="$CC" -Dusethreads -Dman1dir=none -Dman3dir=none',
    ].join("\n"),
    buildPhase: 'make -j"$NIX_BUILD_CORES" miniperl',
    // miniperl has no library directories of its own (only perl's build tree gives it one), so
    // bin/perl runs it with the full perl's in PERL5LIB, which the perls it starts ($^X) inherit.
    installPhase: [
      'install -D miniperl "$out/libexec/perl-mini/miniperl"',
      'mkdir -p "$out/bin"',
      `printf '#!/bin/sh\nexport PERL5LIB=%s:%s\${PERL5LIB:+:$PERL5LIB}\nexec %s "$@"\n' "$privlib" "$archlib" "$out/libexec/perl-mini/miniperl" > "$out/bin/perl"`,
      'chmod +x "$out/bin/perl"',
    ].join("\n"),
    doInstallCheck: true,
    // Pure Perl from the full perl's library runs; an XS module cannot load.
    installCheck: [
      'cd "$(mktemp -d)"',
      `"$out/bin/perl" -e 'use File::Spec; print File::Spec->catdir("a", "b"), "\\n"' | grep -qx a/b`,
      `if "$out/bin/perl" -e 'use List::Util' 2> err.txt; then echo "perl-mini loaded List::Util"; exit 1; fi`,
      "cat err.txt",
      "grep -q 'dynamic loading not available' err.txt",
    ].join("\n"),
    meta: {
      description: "perl without dynamic loading (miniperl), for build-time Perl",
      homepage: "https://www.perl.org/",
      license: "GPL-1.0-or-later OR Artistic-1.0-Perl",
      platforms: lib.platforms.linux,
      crossUnsupported: "perl-mini runs the full perl of its host to find its library: build it for the build machine",
    },
  });
}
