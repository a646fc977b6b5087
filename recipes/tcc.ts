import type { Platform } from "../harness/platform/index.ts";
import type { Lib, Package, Stdenv } from "../harness/planner/index.ts";

/** tcc's name for a CPU backend (its `--cpu` values and `<arch>-tcc` cross compiler names). */
function tccArch(p: Platform): string | null {
  if (p.isx86_64) return "x86_64";
  if (p.isx86_32) return "i386";
  if (p.isAarch64) return "arm64";
  if (p.isAarch32) return "arm";
  if (p.isRiscV64) return "riscv64";
  return null;
}

/**
 * tcc as a Canadian cross (build ≠ host ≠ target): only `<target>-tcc`, compiled for the host by
 * stdenv.cc. Its runtime library for the target (`<target>-libtcc1.a`) must be compiled by a tcc
 * the build machine runs, since the one built here runs on the host only: the (B,B,T) tcc of
 * `depsBuildTarget`, from pkgsBuildTarget, one of the sets the booter adds to a Canadian stage.
 * The programs it compiles link the target's libc, `libc` in `depsTargetTarget` (pkgsTargetTarget,
 * another added set), named by its store path as Nixpkgs' tcc names `stdenv.cc.libc`: crt files,
 * libraries, headers, and its loader as the programs' interpreter (config-extra.mak is where
 * tcc's Makefile takes a cross compiler's paths from).
 */
function canadianAttrs(targetArch: string, tcc: Package, libc: Package) {
  return {
    depsBuildTarget: [tcc],
    depsTargetTarget: [libc],
    preBuild: [
      'libc="$depsTargetTarget"',
      // The libc's one loader (ld-linux-riscv64-lp64d.so.1).
      'loader=$(echo "$libc"/lib/ld-linux-*.so.*)',
      "cat > config-extra.mak <<EOF",
      `CRT-${targetArch} = $libc/lib`,
      `LIB-${targetArch} = $libc/lib`,
      `INC-${targetArch} = {B}/include:$libc/include`,
      `DEF-${targetArch} += -DCONFIG_TCC_ELFINTERP="\\"$loader\\""`,
      "EOF",
    ].join("\n"),
    // XTCC: the build machine's tcc compiles the runtime library, not the one just built.
    buildPhase: `make -j"$NIX_BUILD_CORES" cross-${targetArch} XTCC=${targetArch}-tcc`,
    // `install -s` would run the build machine's strip on the host's binary (the link stripped it).
    installFlags: ["CONFIG_strip=no"],
    // tcc's suite tests the host's own tcc, which a Canadian build does not make.
    doCheck: false,
    // The host's tcc compiles a program for the target, which runs under the target's emulator:
    // uname(2) there names the target's machine (QEMU's), not the build machine's.
    installCheck: [
      'cd "$(mktemp -d)"',
      `"$out/bin/${targetArch}-tcc" -v`,
      `printf '%s\\n' '#include <stdio.h>' '#include <sys/utsname.h>' 'int main(void) { struct utsname u; if (uname(&u) != 0) return 1; printf("hello from %s\\n", u.machine); return 0; }' > hello.c`,
      `"$out/bin/${targetArch}-tcc" hello.c -o hello -Wl,-rpath="$depsTargetTarget/lib"`,
      "said=$(./hello)",
      'echo "$said"',
      `test "$said" = "hello from ${targetArch}"`,
    ].join(" && "),
  };
}

/**
 * tinycc: a small C compiler with a target. Built in a (B,B,T) stage it is a cross compiler:
 * configure --enable-cross builds the `<arch>-tcc` compilers beside the host one, and the plan
 * gives it the dependency type build→target where it is used. Built in a (B,H,T) stage it is a
 * Canadian cross (canadianAttrs).
 */
export default function tcc({ stdenv, lib, tcc, libc }: { stdenv: Stdenv; lib: Lib; tcc: Package; libc: Package }) {
  const host = stdenv.hostPlatform;
  const target = stdenv.targetPlatform;
  const hostArch = tccArch(host);
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
      ...lib.optionals(stdenv.isCross, [`--cross-prefix=${host.config}-`, `--cpu=${hostArch ?? host.parsed.cpu.name}`]),
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
    ...(canadian && targetArch !== null ? canadianAttrs(targetArch, tcc, libc) : {}),
  });
}
