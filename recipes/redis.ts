import type { Lib, Package, Stdenv } from "../harness/planner/index.ts";

export interface RedisArgs {
  stdenv: Stdenv;
  lib: Lib;
  jemalloc: Package;
}

/**
 * redis: a plain Makefile build with its dependencies vendored under deps/. Cross compiling it
 * fails twice over (Nixpkgs #51517, the seed's "fails to find jemalloc" and "hardcoded
 * unprefixed ar"):
 * - deps/Makefile sets `AR=ar` (and lua's and hdr_histogram's Makefiles `ar`/`ranlib`), which
 *   override the prefixed AR of the environment: `ar` is not there when cross compiling;
 * - the vendored jemalloc is configured without --host (only Debian's DEB_HOST_GNU_TYPE adds one),
 *   so its configure runs a test program for the host and gives up; and redis picks its allocator
 *   from the build machine's `uname -m`.
 *
 * The fix, as Nixpkgs': AR and RANLIB with the target prefix in makeFlags (command-line variables
 * override the Makefiles' all the way down), and the system jemalloc (built with the `je_` prefix
 * redis calls) instead of the vendored one.
 *
 * `{ fixCross: false }` (`.override`) leaves the fix out: redis-unfixed in the catalog.
 */
export default function redis({ stdenv, lib, jemalloc }: RedisArgs, { fixCross = true }: { fixCross?: boolean } = {}) {
  // stdenv.cc.targetPrefix: the wrappers are prefixed with the host config when cross.
  const prefix = stdenv.isCross ? `${stdenv.hostPlatform.config}-` : "";
  const fixAr = fixCross && stdenv.isCross;
  return stdenv.mkDerivation({
    pname: "redis",
    version: "7.0.15",
    src: {
      kind: "debian",
      package: "redis",
      version: "5:7.0.15-1~deb12u10",
      origTarball: "redis_7.0.15.orig.tar.gz",
      sha256: "4b1dc4ee6d622a09fff9c6777191209750fb5e5a725ef78ea012d6eef4c22982",
    },
    buildSystem: "make",
    buildInputs: fixCross ? [jemalloc] : [],
    ...(fixCross
      ? {
          // Use the system jemalloc (Nixpkgs: useSystemJemalloc).
          postPatch: [
            "sed -i 's|-DUSE_JEMALLOC -I../deps/jemalloc/include|-DUSE_JEMALLOC|; s|../deps/jemalloc/lib/libjemalloc.a|-ljemalloc|; s|^\\(DEPENDENCY_TARGETS+= jemalloc\\)|#\\1|' src/Makefile",
            "grep -n 'USE_JEMALLOC\\|ljemalloc\\|jemalloc$' src/Makefile",
          ].join("\n"),
        }
      : {}),
    makeFlags: [
      "PREFIX=$(out)",
      "USE_JEMALLOC=yes",
      "USE_SYSTEMD=no",
      "BUILD_TLS=no",
      ...lib.optionals(fixAr, [`AR=${prefix}ar`, `RANLIB=${prefix}ranlib`]),
    ],
    doCheck: false, // the suite needs tclsh and a network; too slow under emulation
    doInstallCheck: true,
    installCheck: [
      'cd "$(mktemp -d)"',
      '"$out/bin/redis-server" --version',
      '"$out/bin/redis-server" --version | grep -q "malloc=jemalloc"',
      // Start a server on a Unix socket, talk to it with redis-cli, and ask which allocator runs.
      '"$out/bin/redis-server" --port 0 --unixsocket "$PWD/redis.sock" --save "" --appendonly no --daemonize no > server.log 2>&1 &',
      "for i in $(seq 60); do [ -S redis.sock ] && break; sleep 1; done",
      '"$out/bin/redis-cli" -s redis.sock set greeting hello',
      '[ "$("$out/bin/redis-cli" -s redis.sock get greeting)" = hello ]',
      '"$out/bin/redis-cli" -s redis.sock info memory | grep mem_allocator',
      '"$out/bin/redis-cli" -s redis.sock shutdown nosave || true',
      "wait || true",
    ].join("\n"),
    meta: {
      description: "An open source, advanced key-value store",
      homepage: "https://redis.io",
      license: "BSD-3-Clause",
      platforms: lib.platforms.linux,
    },
  });
}
