import type { Platform } from "../harness/platform/index.ts";
import type { Lib, Stdenv } from "../harness/planner/index.ts";

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
 * tinycc: a small C compiler with a target. Built in a (B,B,T) stage it is a cross compiler:
 * configure --enable-cross builds the `<arch>-tcc` compilers beside the host one, and the plan
 * gives it the dependency type build→target where it is used.
 */
export default function tcc({ stdenv, lib }: { stdenv: Stdenv; lib: Lib }) {
  const host = stdenv.hostPlatform;
  const target = stdenv.targetPlatform;
  const hostArch = tccArch(host);
  const targetArch = tccArch(target);
  const emitsForeignCode = target.config !== host.config;
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
      ...lib.optionals(emitsForeignCode, ["--enable-cross"]),
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
  });
}
