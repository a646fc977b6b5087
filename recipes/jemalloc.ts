import type { Lib, Stdenv } from "../harness/planner/index.ts";

/**
 * jemalloc: the allocator redis is built with. Its configure detects the page size by running a
 * program (AC_RUN_IFELSE); cross compiling it has no answer and stops with "cannot determine
 * value for LG_PAGE". As Nixpkgs does, give the page size: 64 KiB on AArch64 (the largest a
 * kernel may use, so one build runs on all of them), 4 KiB elsewhere.
 *
 * Built with the `je_` prefix redis' zmalloc.h calls (je_malloc, je_mallctl, ...).
 */
export default function jemalloc({ stdenv, lib }: { stdenv: Stdenv; lib: Lib }) {
  const host = stdenv.hostPlatform;
  return stdenv.mkDerivation({
    pname: "jemalloc",
    version: "5.3.0",
    src: {
      kind: "debian",
      package: "jemalloc",
      version: "5.3.0-1",
      origTarball: "jemalloc_5.3.0.orig.tar.bz2",
      sha256: "2db82d1e7119df3e71b7640219b6dfe84789bc0537983c3b7ac4f7189aecfeaa",
    },
    buildSystem: "autotools",
    configureFlags: [
      "--with-jemalloc-prefix=je_",
      "--with-version=5.3.0-0-g0",
      "--disable-static",
      "--disable-doc",
      ...lib.optionals(stdenv.isCross, [`--with-lg-page=${host.isAarch64 ? 16 : 12}`]),
    ],
    doCheck: false,
    doInstallCheck: true,
    installCheck: [
      'cd "$(mktemp -d)"',
      "cat > t.c <<'EOF'",
      "#include <stdio.h>",
      "#include <jemalloc/jemalloc.h>",
      "int main(void) {",
      '  const char *v; size_t n = sizeof(v); void *p = je_malloc(100);',
      '  if (p == NULL || je_mallctl("version", &v, &n, NULL, 0) != 0) return 1;',
      '  printf("jemalloc %s, usable size %zu\\n", v, je_malloc_usable_size(p)); je_free(p); return 0;',
      "}",
      "EOF",
      '$CC -I"$out/include" t.c -o t -L"$out/lib" -Wl,-rpath,"$out/lib" -ljemalloc',
      "./t",
    ].join("\n"),
    meta: {
      description: "General purpose malloc(3) implementation",
      homepage: "https://jemalloc.net/",
      license: "BSD-2-Clause",
      platforms: lib.platforms.linux,
    },
  });
}
