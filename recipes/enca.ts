import type { Lib, Stdenv } from "../harness/planner/index.ts";

interface BuildPackages {
  stdenv: Stdenv;
}

export interface EncaArgs {
  stdenv: Stdenv;
  lib: Lib;
  buildPackages: BuildPackages;
}

/** Detects Czech text in ISO 8859-2 and in UTF-8 with the installed enca (bytes written in octal,
 * so the check needs no iconv). */
export const encaInstallCheck = [
  // "Příliš žluťoučký kůň úpěl ďábelské ódy" in ISO 8859-2.
  "printf 'P\\370\\355li\\271 \\276lu\\273ou\\350k\\375 k\\371\\362 \\372p\\354l \\357\\341belsk\\351 \\363dy\\n' > latin2.txt",
  "printf 'P\\305\\231\\303\\255li\\305\\241 \\305\\276lu\\305\\245ou\\304\\215k\\303\\275 k\\305\\257\\305\\210\\n' > utf8.txt",
  '"$out/bin/enca" --version | head -n 1',
  '"$out/bin/enca" -L czech latin2.txt > latin2.out; cat latin2.out; grep -q "ISO 8859-2" latin2.out',
  '"$out/bin/enca" -L czech utf8.txt > utf8.out; cat utf8.out; grep -q "UTF-8" utf8.out',
].join("\n");

/**
 * enca: detects the encoding of text files (Nixpkgs, from the seed's "packages that forbid cross
 * compiling"). Two build-time programs: configure compiles `iconvcap.c` with `$CC` and runs it to
 * learn which charsets iconv knows (when it cannot run, enca silently loses iconv support), and
 * `tools/make_hash` is built with `$(CC)` and run to generate `encodings.h` (a host binary run at
 * build time, which fails the build).
 *
 * The fix: the build machine's compiler in depsBuildBuild, and both helpers built with
 * CC_FOR_BUILD. They describe data, not the machine (make_hash hashes charset names; iconvcap
 * asks glibc's iconv, the same glibc on both sides here).
 *
 * `{ fixCross: false }` (`.override`) leaves the fix out: enca-unfixed in the catalog.
 */
export default function enca({ stdenv, lib, buildPackages }: EncaArgs, { fixCross = true }: { fixCross?: boolean } = {}) {
  const fix = fixCross && !stdenv.buildPlatform.canExecute(stdenv.hostPlatform);
  return stdenv.mkDerivation({
    pname: "enca",
    version: "1.19",
    src: {
      kind: "debian",
      package: "enca",
      version: "1.19-1.1",
      origTarball: "enca_1.19.orig.tar.gz",
      sha256: "4c305cc59f3e57f2cfc150a6ac511690f43633595760e1cb266bf23362d72f8a",
    },
    buildSystem: "autotools",
    depsBuildBuild: fix ? [buildPackages.stdenv.cc] : [],
    ...(fix
      ? {
          postPatch: [
            "sed -i 's|if \\$CC -o iconvcap\\$ac_exeext \\$CFLAGS \\$CPPFLAGS \\$LDFLAGS|if $CC_FOR_BUILD -o iconvcap$ac_exeext|' configure",
            "sed -i 's|^CC = @CC@|CC = $(CC_FOR_BUILD)|; s|^CFLAGS = @CFLAGS@|CFLAGS = -O2|; s|^CPPFLAGS = @CPPFLAGS@|CPPFLAGS =|; s|^LDFLAGS = @LDFLAGS@|LDFLAGS =|; s|^LIBS = @LIBS@|LIBS =|' tools/Makefile.in",
            "grep -n 'o iconvcap' configure; grep -n '^CC =' tools/Makefile.in",
          ].join("\n"),
        }
      : {}),
    // Only what this recipe provides: no librecode, no external converters (cstocs, ...).
    configureFlags: [
      "--without-librecode",
      "--disable-external",
      // The extconv scripts record the mktemp configure found, the build machine's (a
      // build-platform path in the closure): look it up on the host's PATH at run time instead.
      ...lib.optionals(fix, ["ac_cv_path_MKTEMP_PROG=mktemp"]),
    ],
    doCheck: false,
    doInstallCheck: true,
    installCheck: ['cd "$(mktemp -d)"', encaInstallCheck].join("\n"),
    meta: {
      description: "Detects the encoding of text files and reencodes them",
      homepage: "https://cihar.com/software/enca/",
      license: "GPL-2.0-only",
      platforms: lib.platforms.unix,
    },
  });
}
