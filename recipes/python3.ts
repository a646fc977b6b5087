import { debianBinary, type Catalog, type Lib, type Package, type Stdenv } from "../harness/planner/index.ts";

/**
 * The Debian 12 binary packages python3 is laid out from, each pinned per Debian architecture
 * (bookworm has no riscv64: python3 plans for amd64, arm64 and armhf).
 */
const parts = [
  // The interpreter (its own libpython is linked in statically), and the stdlib's core.
  { package: "python3.11-minimal", source: "python3.11", version: "3.11.2-6+deb12u8", sha256: { amd64: "4aba533f7cc5e7b93b7ff24482840e96813f5bcde9cce028395b65a0d799ccee", arm64: "6a07dd571f1a15af2f855d64571766fe44b73a57cc3b5ca79502bc89156a5e12", armhf: "3464ec52751fa9c9bd09e66452b27150ea78f4373533b5490a529b3f5c6cdab1" } },
  { package: "libpython3.11-minimal", source: "python3.11", version: "3.11.2-6+deb12u8", sha256: { amd64: "f3beaa03994ffedacf73c43a0843d53b062d347115d8af65bee2034552a4e6f9", arm64: "c48bac178c0fc43a2bf8ace784c762b5ee83e2b981894a991dc3ccfd3ec7cd4b", armhf: "a8984ddc0c2a29feedb34861ed9e839a05e02543b71965e6d09c1bdefa5b5e6d" } },
  { package: "libpython3.11-stdlib", source: "python3.11", version: "3.11.2-6+deb12u8", sha256: { amd64: "890b3540dad8a1ccc0deeca025db735bcc82629a76adacbe3b50fcc06ed528ca", arm64: "e79876de55c6c2dca10d044b2fa69ccd863950ea01714220c1982d16008105f9", armhf: "75cb85717ba70b0c239394120413abe4e43e75694fbbfc45412f5b6d2e44e584" } },
  // libpython3.11.so.1.0, for programs that embed Python (uwsgi's plugin), and its headers and .pc files.
  { package: "libpython3.11", source: "python3.11", version: "3.11.2-6+deb12u8", sha256: { amd64: "63845d53d5f64d2362cfb6007ec175ad1c6044cebe60a1885eff76d2ce637c35", arm64: "124978ff6bdfb972b5ab4eb44899fde190d3e651fdf941d141fd1b5a68bedc80", armhf: "13b6c7f39ebed9330fdb66763198bc642a98d19205cfd5edecc8372116cc35b9" } },
  { package: "libpython3.11-dev", source: "python3.11", version: "3.11.2-6+deb12u8", sha256: { amd64: "01a8eddeb8505bb6e2c01209cda66b41fb5ebeaa64e69d0e25f7131915f1cd32", arm64: "454a191a37dd86674c309691904be69d499f060e643c1f8efc8b82078967cd48", armhf: "02d6b74085dd3dc65cfcc211e72b612f9dddb96bbce6da06d45ad757cf7f3707" } },
  // What the interpreter and libpython are linked against beyond libc (Debian's Depends).
  { package: "libexpat1", source: "expat", version: "2.5.0-1+deb12u2", sha256: { amd64: "2255e62fc22a86d2c544b8a3f516da9aee19383ad5742722ab4ce7f66a30dbc8", arm64: "8dc1976735acf825e3a922d82f171e20feec7394da2b8c616091983e38706275", armhf: "e1cbf8b00e34295cd92865747abf80999218b6511ddc68daffd6b0e5f9fe0d63" } },
  { package: "zlib1g", source: "zlib", version: "1:1.2.13.dfsg-1", sha256: { amd64: "d7dd1d1411fedf27f5e27650a6eff20ef294077b568f4c8c5e51466dc7c08ce4", arm64: "52b8b8a145bbe1956bba82034f77022cbef0c3d0885c9e32d9817a7932fe1913", armhf: "b52fcc443085ff9c676648b4d0fc97cd31b8f119bdd4e7534e50b6e9386502ba" } },
] as const;

/** Each part as a package of its own (Debian's name), so python3 depends on it as on any package. */
export const python3Parts: Catalog = Object.fromEntries(parts.map((p) => [p.package, ({ stdenv }: { stdenv: Stdenv }) => debianBinary(stdenv, p)]));

/**
 * A Python 3.11 script run by the interpreter under test: the stdlib loads (its pure modules, a
 * C extension from lib-dynload, pyexpat with libexpat), and sysconfig describes this platform.
 */
const installCheck = [
  'cd "$(mktemp -d)"',
  "cat > check.py <<'EOF'",
  "import json, platform, sysconfig, hashlib, xml.dom.minidom",
  "doc = xml.dom.minidom.parseString('<a><b n=\"2\"/><b n=\"3\"/></a>')",
  "n = sum(int(b.getAttribute('n')) for b in doc.getElementsByTagName('b'))",
  "print(json.dumps({'machine': platform.machine(), 'multiarch': sysconfig.get_config_var('MULTIARCH'), 'sum': n, 'sha1': hashlib.sha1(b'abc').hexdigest()[:8]}))",
  "EOF",
  '"$out/bin/python3" check.py | tee out.json',
  "grep -q '\"sum\": 5' out.json && grep -q '\"sha1\": \"a9993e36\"' out.json",
].join("\n");

/**
 * Python 3.11 for the host platform, from Debian 12's binary packages (no recipe builds CPython
 * here): the interpreter, the standard library, libpython3.11.so with its headers and pkg-config
 * files, laid out in one prefix as Nixpkgs' python3 is one store path. One prefix matters: the
 * interpreter finds its stdlib from where it is (`lib/python3.11/os.py` beside `bin/`), and
 * `pkg-config python-3.11-embed` names this store path for a program that embeds Python.
 * Debian's binaries look for their libraries in /lib and /usr/lib: patchelf (the build
 * machine's) sets their run path to this store path's lib/, where libexpat and zlib are, as
 * Nixpkgs' autoPatchelfHook does for prebuilt binaries.
 *
 * The build machine's python3 (buildPackages.python3) runs build scripts such as uwsgi's
 * uwsgiconfig.py; the host's is what the host runs, and what uwsgi's python3 plugin links. Modules
 * whose libraries are not among the parts (ssl, ctypes, sqlite3, decimal's libmpdec, curses,
 * readline, bz2, lzma) fail to import.
 */
export default function python3(args: { stdenv: Stdenv; lib: Lib; buildPackages: { patchelf: Package } } & Record<(typeof parts)[number]["package"], Package>) {
  const { stdenv, lib, buildPackages } = args;
  // Each part's store path, found among the inputs mounted in the build by its name (debianBinary's, without the
  // epoch; a native one has no host suffix).
  const copyParts = parts.map((p) => `copyPart ${p.package} '${p.version.replace(/^\d+:/, "")}'`);
  return stdenv.mkDerivation({
    pname: "python3",
    version: "3.11.2",
    src: { kind: "none" },
    buildSystem: "custom",
    nativeBuildInputs: [buildPackages.patchelf],
    buildInputs: parts.map((p) => args[p.package]),
    buildPhase: ":",
    installPhase: [
      'copyPart() { for p in "${out%/*}"/*-"$1"-"$2" "${out%/*}"/*-"$1"-"$CROSSCHECK_HOST"-"$2"; do if [ -d "$p" ]; then cp -a "$p/." "$out/" && chmod -R u+w "$out" && parts="$parts $p" && return; fi; done; echo "python3: no store path of $1 $2 among the inputs" >&2; exit 1; }',
      'mkdir -p "$out" && parts=""',
      ...copyParts,
      // What named a part's store path names this one (the .pc files debianBinary pointed at libpython3.11-dev).
      'for p in $parts; do grep -rlF "$p" "$out" | while read -r f; do sed -i "s|$p|$out|g" "$f"; done; done',
      // Static libraries: not for a store path's users (and their Debian links lead out of the layout).
      'rm -f "$out"/lib/libpython3.11.a "$out"/lib/python3.11/config-3.11-*/libpython3.11*.a',
      // The -dev part's links, relative to Debian's /usr/lib/<triple>, relative to lib/ here.
      'ln -sfn libpython3.11.so.1 "$out/lib/libpython3.11.so"',
      'for d in "$out"/lib/python3.11/config-3.11-*; do ln -sfn ../../libpython3.11.so.1 "$d/libpython3.11.so"; done',
      'ln -sfn python3.11 "$out/bin/python3"',
      // Debian's build directory, recorded in sysconfig's data: no path of this
      // machine's, but a build-machine path all the same; the same length, so a binary file stays whole.
      'grep -rlF /build/reproducible-path "$out" | while read -r f; do sed -i "s|/build/reproducible-path|/nonexistent/debianbuild|g" "$f"; done',
      // CPython's own Makefile, for building the interpreter again: the build machine's paths
      // through and through (its compiler's /usr/lib/gcc, the build tree's targets), read by nothing
      // that runs (sysconfig reads _sysconfigdata).
      'rm "$out"/lib/python3.11/config-3.11-*/Makefile',
      // Debian's link to its /etc/python3.11/sitecustomize.py (a conffile of python3.11-minimal's, not in the parts).
      'rm "$out/lib/python3.11/sitecustomize.py"',
    ].join("\n"),
    // After the fixup's strip, as autoPatchelfHook runs: strip rewrites what patchelf moved, and the
    // interpreter then dies with `undefined symbol: , version`.
    // patchShebangs gave the stdlib's scripts (`#! /usr/bin/python3.11`) the interpreter on HOST_PATH,
    // the python3.11-minimal part's: this store path has it too, and the part is no run-time dependency.
    postFixup: [
      'for f in "$out/bin/python3.11" "$out/lib/libpython3.11.so.1.0" "$out"/lib/python3.11/lib-dynload/*.so; do patchelf --set-rpath "$out/lib" "$f"; done',
      'grep -rl "^#!.*-python3.11-minimal-[^/]*/bin/python3.11" "$out" | while read -r f; do sed -i "1s|^#! *[^ ]*-python3.11-minimal-[^/]*/bin/python3.11|#!$out/bin/python3.11|" "$f"; done',
    ].join("\n"),
    doInstallCheck: true,
    installCheck,
    meta: {
      description: "A high-level dynamically-typed programming language (Debian 12's binary packages)",
      homepage: "https://www.python.org",
      license: "Python-2.0",
      platforms: lib.platforms.linux,
    },
  });
}
