import type { Lib, Package, Stdenv } from "../harness/planner/index.ts";

export interface GitArgs {
  stdenv: Stdenv;
  lib: Lib;
  zlib: Package;
  curl: Package;
}

/**
 * git with its HTTP(S) transport, git-remote-http, linked to libcurl. git's Makefile asks
 * `curl-config --libs` for the link flags (`CURL_LDFLAGS = $(shell $(CURL_CONFIG) --libs)`).
 * Cross compiling, the host curl's curl-config is not on PATH (it is a program of the host
 * package set, and strictDeps keeps those off PATH), so the shell prints `curl-config: not found`,
 * CURL_LDFLAGS is empty, and git-remote-http fails to link with undefined references to curl_*
 * (the seed: "fails to link to libcurl; lack of curl-config when cross-compiling", Nixpkgs
 * PR #61552). The fix: ask pkg-config (PKG_CONFIG_LIBDIR holds the host inputs) and give the
 * results in config.mak: CURL_LDFLAGS, and CURLDIR (the prefix), from which the Makefile takes
 * the include directory (a CURL_CFLAGS in config.mak would not do: the Makefile resets it to empty
 * when CURLDIR is unset, then asks `curl-config --cflags`). So no curl-config is run for flags;
 * only its `--vernum` probe still runs, silenced by 2>/dev/null: it decides whether imap-send may
 * use curl, and without an answer it does not.
 *
 * The other cross flags, as Nixpkgs' git recipe: the Makefile sets `CC = cc` and `AR = ar`, so the
 * prefixed tools are given on the command line; uname_S/uname_M describe the host, not the build
 * machine; no Perl, Python, Tcl/Tk, gettext, expat or OpenSSL (SHA-1 is git's own sha1dc).
 *
 * `{ fixCurl: false }` (`.override`) leaves the curl fix out: git-unfixed in the catalog.
 */
export default function git({ stdenv, lib, zlib, curl }: GitArgs, { fixCurl = true }: { fixCurl?: boolean } = {}) {
  const cross = stdenv.isCross;
  const prefix = cross ? `${stdenv.hostPlatform.config}-` : "";
  const cpu = stdenv.hostPlatform.config.split("-")[0]!;
  return stdenv.mkDerivation({
    pname: "git",
    version: "2.39.5",
    src: {
      kind: "debian",
      package: "git",
      version: "1:2.39.5-0+deb12u3",
      origTarball: "git_2.39.5.orig.tar.xz",
      sha256: "c58da92c378df4a986ca33266897a7397e86c22ee266a284d8c2432c39066b59",
    },
    buildSystem: "make",
    buildInputs: [zlib, curl],
    ...(fixCurl
      ? {
          // CURL_LDFLAGS and CURLDIR from pkg-config (the host's libcurl.pc), not curl-config.
          preBuild: [
            'echo "CURL_LDFLAGS = $(pkg-config --libs libcurl)" >> config.mak',
            'echo "CURLDIR = $(pkg-config --variable=prefix libcurl)" >> config.mak',
            "cat config.mak",
          ].join("\n"),
        }
      : {}),
    makeFlags: [
      "prefix=$(out)",
      "NO_PERL=YesPlease",
      "NO_PYTHON=YesPlease",
      "NO_TCLTK=YesPlease",
      "NO_GETTEXT=YesPlease",
      "NO_EXPAT=YesPlease",
      "NO_OPENSSL=YesPlease",
      "NO_GITWEB=YesPlease",
      "INSTALL_SYMLINKS=YesPlease",
      "SKIP_DASHED_BUILT_INS=YesPlease",
      ...lib.optionals(cross, [
        `CC=${prefix}cc`,
        `AR=${prefix}ar`,
        `STRIP=${prefix}strip`,
        "uname_S=Linux",
        `uname_M=${cpu}`,
        "uname_O=GNU/Linux",
        "uname_R=6.1.0",
      ]),
    ],
    doCheck: false, // the suite is thousands of shell tests: hours under emulation
    doInstallCheck: true,
    installCheck: [
      // No parameter expansions but $out and $HOME, and no command substitution but mktemp:
      // the harness echoes the check's text through the shell first.
      'cd "$(mktemp -d)" && export HOME="$PWD"',
      '"$out/bin/git" --version',
      '"$out/bin/git" init -q repo && cd repo',
      'echo hello > f && "$out/bin/git" add f',
      '"$out/bin/git" -c user.name=a -c user.email=a@b commit -q -m x',
      '"$out/bin/git" -c user.name=a -c user.email=a@b commit -q --allow-empty -m y',
      '"$out/bin/git" rev-list --count HEAD > ../count && grep -qx 2 ../count',
      '"$out/bin/git" log --oneline',
      // The HTTP transport: git-remote-http is there, and an http URL goes through libcurl
      // (the error is curl's: nothing listens on port 9 and the network is off).
      'ls -l "$out/libexec/git-core/git-remote-http" "$out/libexec/git-core/git-remote-https"',
      '"$out/libexec/git-core/git-remote-http" > ../usage 2>&1 || true',
      "cat ../usage && grep -q remote-curl ../usage",
      '"$out/bin/git" ls-remote http://127.0.0.1:9/r.git > ../ls-remote 2>&1 || true',
      'cat ../ls-remote && grep -q "unable to access" ../ls-remote',
    ].join("\n"),
    meta: {
      description: "Distributed version control system",
      homepage: "https://git-scm.com/",
      license: "GPL-2.0-only",
      platforms: lib.platforms.unix,
    },
  });
}
