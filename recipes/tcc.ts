import type { Platform } from "../harness/platform/index.ts";
import type { Lib, Package, Stdenv } from "../harness/planner/index.ts";

/** tcc's name for a CPU backend (its Makefile's ARCH: `<arch>-tcc`, `cross-<arch>`, `CRT-<arch>`); its
 * configure's `--cpu` takes the CPU's own name (aarch64), and reads `arm64` as 32-bit `arm`. */
function tccArch(p: Platform): string | null {
  if (p.isx86_64) return "x86_64";
  if (p.isx86_32) return "i386";
  if (p.isAarch64) return "arm64";
  if (p.isAarch32) return "arm";
  if (p.isRiscV64) return "riscv64";
  return null;
}

/** A C string macro on make's command line, as tcc's configure writes one into config.mak. */
function define(name: string, value: string): string {
  return `-D${name}="\\"${value}\\""`;
}

/**
 * tcc cross-built (build ≠ host): `tcc` for the host (or, as a Canadian cross, build ≠ host ≠
 * target, only `<target>-tcc`), compiled for the host by stdenv.cc. Its runtime library for the
 * target (libtcc1.a, and bcheck.o and bt-*.o beside it for the host's own tcc) must be compiled
 * by a tcc the build machine runs, since the one built here runs on the host only: the (B,B,T)
 * tcc of `depsBuildTarget` (pkgsBuildTarget: the x86_64 → target cross tcc), against the
 * target's headers. The programs it compiles link the target's libc, `libc` in
 * `depsTargetTarget` (pkgsTargetTarget: the host's own set, or in a Canadian stage one the booter
 * adds), named by its store path as Nixpkgs' tcc names `stdenv.cc.libc`: crt files, libraries,
 * headers, and its loader as the programs' interpreter.
 */
function crossBuiltAttrs(target: Platform, targetArch: string, canadian: boolean, tcc: Package, libc: Package) {
  const compiler = canadian ? `${targetArch}-tcc` : "tcc";
  return {
    depsBuildTarget: [tcc],
    depsTargetTarget: [libc],
    preBuild: [
      'libc="$depsTargetTarget"',
      // The libc's one loader (ld-linux-aarch64.so.1, ld-linux-riscv64-lp64d.so.1).
      'loader=$(echo "$libc"/lib/ld-linux-*.so.*)',
      // A host's own tcc takes them from config.mak's NATIVE_DEFINES, as configure's --crtprefix,
      // --libpaths, --sysincludepaths and --elfinterp write them (and tcc's suite compiles tcc.c
      // with them); a cross compiler from config-extra.mak's DEF-<arch>, read by the top Makefile.
      `cat >> ${canadian ? "config-extra.mak" : "config.mak"} <<EOF`,
      `${canadian ? `DEF-${targetArch}` : "NATIVE_DEFINES"} += ${[
        define("CONFIG_TCC_CRTPREFIX", "$libc/lib"),
        define("CONFIG_TCC_LIBPATHS", "$libc/lib"),
        define("CONFIG_TCC_SYSINCLUDEPATHS", "{B}/include:$libc/include"),
        define("CONFIG_TCC_ELFINTERP", "$loader"),
      ].join(" ")}`,
      "EOF",
    ].join("\n"),
    // XTCC: the build machine's tcc compiles the runtime library, not the one just built; with
    // tcc's own headers and the target libc's only (its defaults are the build machine's
    // /usr/include). A Canadian build makes only the target's compiler (cross-<target>).
    buildPhase: [
      `make -j"$NIX_BUILD_CORES"${canadian ? ` cross-${targetArch}` : ""} XTCC=${targetArch}-tcc`,
      `XFLAGS-unx="-B\\$(TOPSRC) -nostdinc -I\\$(TOPSRC)/include -I$libc/include"`,
    ].join(" "),
    // `install -s` would run the build machine's strip on the host's binary (the link stripped it).
    installFlags: ["CONFIG_strip=no"],
    // tcc's suite tests the host's own tcc, which a Canadian build does not make.
    ...(canadian ? { doCheck: false } : {}),
    // The host's tcc compiles a program for the target, which runs under the target's emulator:
    // uname(2) there names the target's machine (QEMU's), not the build machine's.
    installCheck: [
      'cd "$(mktemp -d)"',
      `"$out/bin/${compiler}" -v`,
      `printf '%s\\n' '#include <stdio.h>' '#include <sys/utsname.h>' 'int main(void) { struct utsname u; if (uname(&u) != 0) return 1; printf("hello from %s\\n", u.machine); return 0; }' > hello.c`,
      `"$out/bin/${compiler}" hello.c -o hello -Wl,-rpath="$depsTargetTarget/lib"`,
      "said=$(./hello)",
      'echo "$said"',
      `test "$said" = "hello from ${target.parsed.cpu.name}"`,
    ].join(" && "),
  };
}

/**
 * tinycc: a small C compiler with a target. Built in a (B,B,T) stage it is a cross compiler:
 * configure --enable-cross builds the `<arch>-tcc` compilers beside the host one, and the plan
 * gives it the dependency type build→target where it is used. Built for a host the build machine
 * is not, natively (B,H,H) or as a Canadian cross (B,H,T), see crossBuiltAttrs.
 */
export default function tcc({ stdenv, lib, tcc, libc }: { stdenv: Stdenv; lib: Lib; tcc: Package; libc: Package }) {
  const host = stdenv.hostPlatform;
  const target = stdenv.targetPlatform;
  const targetArch = tccArch(target);
  const emitsForeignCode = target.config !== host.config;
  const canadian = stdenv.isCross && emitsForeignCode;
  return stdenv.mkDerivation({
    pname: "tcc",
    version: "0.9.27+git20200814.62c30a4a",
    src: {
      kind: "debian",
      package: "tcc",
      version: "0.9.27+git20200814.62c30a4a-1",
      origTarball: "tcc_0.9.27+git20200814.62c30a4a.orig.tar.bz2",
      sha256: "d63c113bcdd657f51c8ee197a0b0a24203603313e19a52b5f678d40ab7f5df35",
    },
    // tcc's configure is hand-written: it wants --cpu and a cross prefix, not --build/--host.
    buildSystem: "autotools",
    configurePlatforms: [],
    configureFlags: [
      ...lib.optionals(stdenv.isCross, [`--cross-prefix=${host.config}-`, `--cpu=${host.parsed.cpu.name}`]),
      ...lib.optionals(emitsForeignCode && !canadian, ["--enable-cross"]),
    ],
    doCheck: true,
    // tcc's suite is `make test` (there is no `check` target); it exercises the compiler for the
    // host, which the cross build (--enable-cross) builds too.
    checkPhase: "make test",
    doInstallCheck: true,
    installCheck: emitsForeignCode
      ? `"$out/bin/${targetArch ?? "?"}-tcc" -v`
      : `echo 'int main(void){return 0;}' > t.c && "$out/bin/tcc" -run t.c`,
    meta: {
      description: "Small, fast and embeddable C compiler and interpreter",
      homepage: "https://repo.or.cz/w/tinycc.git",
      license: "LGPL-2.1-or-later",
      platforms: ["x86_64-linux", "i686-linux", "aarch64-linux", "armv7l-linux", "riscv64-linux"],
      ...(targetArch === null ? { crossUnsupported: `tcc has no code generator for ${target.config}` } : {}),
    },
    ...(stdenv.isCross && targetArch !== null ? crossBuiltAttrs(target, targetArch, canadian, tcc, libc) : {}),
  });
}
