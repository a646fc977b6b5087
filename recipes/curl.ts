import type { Lib, Package, Stdenv } from "../harness/planner/index.ts";

/**
 * curl: libcurl and the `curl` program, kept small for git's HTTP transport: no TLS, no LDAP,
 * no IDN/PSL/HTTP2/brotli/zstd; zlib for compressed transfers. Plain autotools, which cross
 * compiles as is. It installs `curl-config` and `libcurl.pc`: the former is a script describing
 * this build, but it is a program of the host's package set, so a cross build of a dependent
 * does not find it on PATH (strictDeps); pkg-config finds the latter through PKG_CONFIG_LIBDIR.
 */
export default function curl({ stdenv, lib, zlib }: { stdenv: Stdenv; lib: Lib; zlib: Package }) {
  return stdenv.mkDerivation({
    pname: "curl",
    version: "7.88.1",
    src: {
      kind: "debian",
      package: "curl",
      version: "7.88.1-10+deb12u15",
      origTarball: "curl_7.88.1.orig.tar.gz",
      sha256: "cdb38b72e36bc5d33d5b8810f8018ece1baa29a8f215b4495e495ded82bbf3c7",
    },
    buildSystem: "autotools",
    buildInputs: [zlib],
    configureFlags: [
      "--disable-static",
      "--disable-manual",
      "--disable-ldap",
      "--disable-ldaps",
      "--without-ssl",
      "--without-libpsl",
      "--without-brotli",
      "--without-zstd",
      "--without-nghttp2",
      "--without-libidn2",
      "--without-libssh2",
      "--without-librtmp",
      "--without-ca-bundle",
      "--without-ca-path",
      "--with-zlib",
    ],
    doCheck: false, // the suite needs perl and a network stack; too slow under emulation
    doInstallCheck: true,
    installCheck: [
      '"$out/bin/curl" --version',
      '"$out/bin/curl" --version | grep -q "^Protocols:.* http"',
      '"$out/bin/curl" --version | grep -q "libz"',
      // A file:// transfer through libcurl, run under the emulator.
      'cd "$(mktemp -d)" && echo hello > in.txt',
      '[ "$("$out/bin/curl" -s "file://$PWD/in.txt")" = hello ]',
    ].join("\n"),
    meta: {
      description: "A command line tool and library for transferring data with URLs",
      homepage: "https://curl.se/",
      license: "curl",
      platforms: lib.platforms.unix,
    },
  });
}
