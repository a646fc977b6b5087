// Drafted by `crosscheck import debian:uwsgi` (from the .dsc and the upstream tree: this mirror has
// no uwsgi_2.0.21-5.1.debian.tar.xz), then edited by hand: the build is uwsgiconfig.py's, with a
// profile of this recipe's, the python3 plugin, and the cross fix; of the .dsc's Build-Depends
// (for all of Debian's plugins) only zlib and Python stay.
import type { Lib, Package, Stdenv } from "../harness/planner/index.ts";

export interface UwsgiArgs {
  stdenv: Stdenv;
  lib: Lib;
  pkgconf: Package;
  python3: Package;
  zlib: Package;
  buildPackages: { python3: Package };
}

/**
 * uwsgi loads its python3 plugin and runs a WSGI application in it: the plugin's libpython runs
 * the script, which imports the uwsgi module and calls the application as a server would. Python's
 * home is the host's python3 (the store path on HOST_PATH): Debian's libpython looks for its
 * stdlib in /usr otherwise, as uwsgi's `home` option is there for.
 */
export const uwsgiInstallCheck = [
  'cd "$(mktemp -d)"',
  'python=$(PATH="$HOST_PATH" command -v python3) && home=${python%/bin/python3}',
  "cat > app.py <<'EOF'",
  "import platform, sys, uwsgi",
  "def application(environ, start_response):",
  "    start_response('200 OK', [('Content-Type', 'text/plain')])",
  "    return [('hello %s from %s' % (environ['QUERY_STRING'], platform.machine())).encode()]",
  "seen = []",
  "body = b''.join(application({'QUERY_STRING': 'wsgi'}, lambda status, headers: seen.append(status)))",
  "print('uwsgi %s, python %s, %s: %s' % (uwsgi.version.decode(), sys.version.split()[0], seen[0], body.decode()))",
  "EOF",
  '"$out/bin/uwsgi" --version',
  '"$out/bin/uwsgi" --plugin-dir "$out/lib/uwsgi" --plugin python3 --home "$home" --pyrun app.py > run.txt 2>&1; status=$?; cat run.txt; [ "$status" = 0 ]',
  "grep -q '^uwsgi 2.0.21, python 3.11.2, 200 OK: hello wsgi from ' run.txt",
].join("\n");

/**
 * uwsgi 2.0.21 with its python3 plugin (Nixpkgs: `uwsgi.override { plugins = [ "python3" ]; }`).
 * uwsgi builds with its own Python script, uwsgiconfig.py: `--build PROFILE` compiles the server,
 * `--plugin plugins/python PROFILE python3` the plugin, whose uwsgiplugin.py asks the Python that
 * runs it (distutils.sysconfig) for the headers and libpython to build against. So Nixpkgs ran
 * the plugin's build with the plugin's own Python, `${python3.interpreter}`: the host's, which
 * cannot run on the build machine (the seed: "right when it's built, it tries to run armv7l
 * python executable").
 *
 * The fix: every uwsgiconfig.py step runs on the build machine's python3 (Nixpkgs today:
 * `python3.pythonOnBuildForHost.interpreter`), and the plugin asks pkg-config for the host's
 * Python (`python-3.11-embed`, whose .pc is the host python3's store path), since the build's
 * sysconfig describes the build machine. The profile sets what uwsgiconfig.py would otherwise
 * guess from the build machine (xml, ssl, pcre, json auto-detected by running `xml2-config`,
 * `pcre-config` and the like), and CPP is the host's preprocessor, so the headers it looks for
 * are the host's (uwsgiconfig.py runs a bare `cpp -v`, and without one falls back to the build
 * machine's /usr/include).
 *
 * `{ fixCross: false }` (`.override`) runs the plugin's build on the host's python3, as Nixpkgs
 * did: uwsgi-unfixed in the catalog.
 */
export default function uwsgi({ stdenv, lib, pkgconf, python3, zlib, buildPackages }: UwsgiArgs, { fixCross = true }: { fixCross?: boolean } = {}) {
  const fix = fixCross || stdenv.buildPlatform.canExecute(stdenv.hostPlatform);
  const profile = [
    "[uwsgi]",
    "main_plugin =",
    "inherit = base",
    "xml = false",
    "ssl = false",
    "pcre = false",
    "json = false",
    "yaml = true",
    "plugin_dir = $out/lib/uwsgi",
    // base's server plugins without the routers (no pcre) and router_basicauth, which links
    // libcrypt: glibc 2.36 has none, libxcrypt no recipe here.
    "embedded_plugins = ping, cache, rpc, corerouter, fastrouter, http, ugreen, signal, syslog, logsocket, logfile, spooler, cheaper_busyness, symcall",
  ];
  return stdenv.mkDerivation({
    pname: "uwsgi",
    version: "2.0.21",
    src: {
      kind: "debian",
      package: "uwsgi",
      version: "2.0.21-5.1",
      origTarball: "uwsgi_2.0.21.orig.tar.gz",
      sha256: "35a30d83791329429bc04fe44183ce4ab512fcf6968070a7bfba42fc5a0552a9", // as uwsgi_2.0.21-5.1.dsc gives it
    },
    buildSystem: "custom",
    nativeBuildInputs: [buildPackages.python3, pkgconf],
    buildInputs: [python3, zlib],
    ...(fix
      ? {
          // The host's Python from pkg-config, not from the sysconfig of the Python that runs the build.
          postPatch: [
            "sed -i -e 's|^from distutils import sysconfig$|import sysconfig|' -e \"s|^CFLAGS = .*|CFLAGS = os.popen('pkg-config --cflags python-3.11-embed').read().split()|\" plugins/python/uwsgiplugin.py",
            "echo \"LIBS += os.popen('pkg-config --libs python-3.11-embed').read().split()\" >> plugins/python/uwsgiplugin.py",
            "grep -n 'pkg-config' plugins/python/uwsgiplugin.py",
          ].join("\n"),
          // uwsgiplugin.py's libpython branch reads the running Python's sysconfig: off, LIBS above instead.
          env: { UWSGI_PYTHON_NOLIB: "1" },
        }
      : {}),
    preBuild: [
      'export CPP="$CC -E -xc /dev/null" CPUCOUNT="$NIX_BUILD_CORES"', // uwsgiconfig.py runs `$CPP -v` for the include path
      `printf '%s\\n' ${profile.map((l) => `'${l}'`).join(" ")} | sed "s|\\$out|$out|" > buildconf/crosscheck.ini`,
      'mkdir -p "$out/lib/uwsgi"',
    ].join("\n"),
    buildPhase: [
      "python3 uwsgiconfig.py --build crosscheck",
      // The plugin's Python: the build machine's (fixed), or the plugin's own, the host's (as Nixpkgs ran it).
      fix ? "python3 uwsgiconfig.py --plugin plugins/python crosscheck python3" : '"$(PATH="$HOST_PATH" command -v python3)" uwsgiconfig.py --plugin plugins/python crosscheck python3',
    ].join("\n"),
    installPhase: 'install -D -m 755 uwsgi "$out/bin/uwsgi" && ls -l "$out/lib/uwsgi"',
    doCheck: false, // uwsgi's tests (t/) need a running server and network
    doInstallCheck: true,
    installCheck: uwsgiInstallCheck,
    meta: {
      description: "Fast, self-healing application container server",
      homepage: "http://projects.unbit.it/uwsgi/",
      license: "GPL-2.0-or-later", // with a linking exception (LICENSE)
      platforms: lib.platforms.linux,
    },
  });
}
