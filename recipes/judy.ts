import type { Lib, Stdenv } from "../harness/planner/index.ts";

interface BuildPackages {
  stdenv: Stdenv;
}

export interface JudyArgs {
  stdenv: Stdenv;
  lib: Lib;
  buildPackages: BuildPackages;
}

/**
 * A C program that links against the installed library and checks that JudyL and Judy1 work:
 * a few thousand inserts, lookups, counts and an ordered walk. Wrong generated tables (built for
 * another word size) show up as wrong counts or crashes here.
 */
export const judyInstallCheck = [
  'cd "$(mktemp -d)"',
  "cat > judytest.c <<'EOF'",
  "#include <stdio.h>",
  "#include <Judy.h>",
  "int main(void) {",
  "  Pvoid_t L = (Pvoid_t) NULL, B = (Pvoid_t) NULL; PWord_t v; Word_t i, n = 0, c; int r;",
  "  for (i = 1; i <= 100000; i += 7) { JLI(v, L, i * 3); *v = i; J1S(r, B, i); }",
  "  for (i = 1; i <= 100000; i += 7) { JLG(v, L, i * 3); if (v == NULL || *v != i) { printf(\"JudyL lookup %lu\\n\", (unsigned long) i); return 1; } }",
  "  i = 0; JLF(v, L, i); while (v != NULL) { n++; JLN(v, L, i); }",
  "  J1C(c, B, 0, -1);",
  "  if (n != 14286 || c != 14286) { printf(\"counts %lu %lu\\n\", (unsigned long) n, (unsigned long) c); return 1; }",
  "  JLFA(c, L); J1FA(c, B);",
  "  printf(\"judy ok: %lu entries, word size %u\\n\", (unsigned long) n, (unsigned) sizeof(Word_t));",
  "  return 0;",
  "}",
  "EOF",
  '$CC -I"$out/include" judytest.c -o judytest -L"$out/lib" -Wl,-rpath,"$out/lib" -lJudy',
  "./judytest",
].join("\n");

/**
 * judy: sparse dynamic arrays (a dependency of MariaDB). Its build compiles JudyLTablesGen and
 * Judy1TablesGen with `$(CC)` and runs them to generate the allocation tables, and compiles the
 * `jhton` tool with `$(CC)` and runs it to make the man pages: host binaries run at build time
 * (Nixpkgs #67619).
 *
 * The fix, as Nixpkgs' cross.patch does: build the helpers with the build machine's compiler
 * (depsBuildBuild = [ buildPackages.stdenv.cc ], CC_FOR_BUILD). The tables depend on the word
 * size (sizeof(Word_t)), so where the build machine's word size differs from the host's (armv7l
 * from x86_64) the table generators are instead built for the host, statically, and run under the
 * host's emulator (Nixpkgs: `stdenv.hostPlatform.emulator buildPackages`; here QEMU via binfmt).
 *
 * `{ fixCross: false }` (`.override`) leaves the fix out: judy-unfixed in the catalog.
 */
export default function judy({ stdenv, lib, buildPackages }: JudyArgs, { fixCross = true }: { fixCross?: boolean } = {}) {
  const { buildPlatform: build, hostPlatform: host } = stdenv;
  const cross = !build.canExecute(host);
  const sameWordSize = build.parsed.cpu.bits === host.parsed.cpu.bits;
  const tablesGen = sameWordSize ? "$(CC_FOR_BUILD)" : "$(CC) -static";
  const fix = fixCross && cross;
  return stdenv.mkDerivation({
    pname: "judy",
    version: "1.0.5",
    src: {
      kind: "debian",
      package: "judy",
      version: "1.0.5-5",
      origTarball: "judy_1.0.5.orig.tar.gz",
      sha256: "d2704089f85fdb6f2cd7e77be21170ced4b4375c03ef1ad4cf1075bd414a63eb",
    },
    buildSystem: "autotools",
    depsBuildBuild: fix ? [buildPackages.stdenv.cc] : [],
    ...(fix
      ? {
          postPatch: [
            // The table generators: `$(CC) ... -o Judy1TablesGen Judy1TablesGen.c; ./Judy1TablesGen`.
            `sed -i 's|\\$(CC) \\(\\$(INCLUDES) \\$(AM_CFLAGS) @CFLAGS@ -o Judy[1L]TablesGen\\)|${tablesGen} \\1|' src/Judy1/Makefile.in src/JudyL/Makefile.in`,
            // jhton (HTML to man page converter) only runs at build time: build it for the build machine.
            "sed -i 's|^CC = @CC@|CC = $(CC_FOR_BUILD)|; s|^LDFLAGS = @LDFLAGS@|LDFLAGS =|' tool/Makefile.in",
            "grep -n 'TablesGen Judy' src/Judy1/Makefile.in src/JudyL/Makefile.in; grep -n '^CC =' tool/Makefile.in",
          ].join("\n"),
        }
      : {}),
    // The man pages' rules lack dependencies on jhton (Nixpkgs: enableParallelBuilding = false).
    buildPhase: "make -j1",
    doCheck: false,
    doInstallCheck: true,
    installCheck: judyInstallCheck,
    meta: {
      description: "State-of-the-art C library that implements a sparse dynamic array",
      homepage: "https://judy.sourceforge.net/",
      license: "LGPL-2.1-or-later",
      platforms: lib.platforms.unix,
    },
  });
}
