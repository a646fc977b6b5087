import type { Lib, Stdenv } from "../harness/planner/index.ts";

/**
 * What hello's gnulib checks find by running test programs on a glibc host (a native build on
 * aarch64 found these), which a cross build cannot run: guessing "no", it compiled gnulib's own
 * getopt_long and mbrtowc into bin/hello, which the native build takes from glibc (the
 * equivalence check named them: docs/equivalence.md). As Nixpkgs does, the answers as cache
 * variables, for glibc hosts the build machine can't run.
 */
const glibcCrossCache = [
  "gl_cv_func_getopt_gnu=yes",
  "gl_cv_func_getopt_long_gnu=yes",
  "gl_cv_func_mbrtowc_empty_input=yes",
  "gl_cv_func_memchr_works=yes",
  "gl_cv_header_working_fcntl_h=yes",
  "gl_cv_double_slash_root=no",
];

/** GNU hello: the plain autotools program; cross-compiles with --build/--host alone, and with the cache answers is the native build. */
export default function hello({ stdenv, lib }: { stdenv: Stdenv; lib: Lib }) {
  const crossGlibc = !stdenv.buildPlatform.canExecute(stdenv.hostPlatform) && stdenv.hostPlatform.isLinux && stdenv.hostPlatform.isGnu;
  return stdenv.mkDerivation({
    pname: "hello",
    version: "2.10",
    src: {
      kind: "debian",
      package: "hello",
      version: "2.10-3",
      origTarball: "hello_2.10.orig.tar.gz",
      sha256: "31e066137a962676e89f69d1b65382de95a7ef7d914b8cb956f41ea72e0f516b",
    },
    buildSystem: "autotools",
    configureFlags: lib.optionals(crossGlibc, glibcCrossCache),
    doCheck: true,
    // Its tests run `hello` from the build directory (TESTS_ENVIRONMENT: HELLO=hello, . on PATH),
    // which only Windows' own shells find as hello.exe: a link by that name runs it as well.
    ...(stdenv.hostPlatform.isWindows ? { preCheck: "ln -s hello.exe hello" } : {}),
    doInstallCheck: true,
    // hello.exe on Windows, as Nixpkgs names programs (hostPlatform.extensions.executable).
    installCheck: `"$out/bin/hello${stdenv.hostPlatform.extensions.executable}" | grep -q 'Hello, world!'`,
    meta: {
      description: "A program that produces a familiar, friendly greeting",
      homepage: "https://www.gnu.org/software/hello/",
      license: "GPL-3.0-or-later",
      platforms: lib.platforms.all,
    },
  });
}
