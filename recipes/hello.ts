import type { Lib, Stdenv } from "../harness/planner/index.ts";

/** GNU hello: the plain autotools program, cross-compiles with --build/--host alone. */
export default function hello({ stdenv, lib }: { stdenv: Stdenv; lib: Lib }) {
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
