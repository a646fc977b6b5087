import type { Lib, Package, Stdenv } from "../harness/planner/index.ts";

export interface PerlModuleBuildArgs {
  stdenv: Stdenv;
  lib: Lib;
  perl: Package;
  buildPackages: { perl: Package };
}

/**
 * Runs the installed config_data by its `#!` line, on the host: the interpreter must be a perl
 * from the store (the host's; the closure check sees which), and it loads the installed
 * Module::Build.
 */
const installCheck = [
  'cd "$(mktemp -d)"',
  'line=$(head -n 1 "$out/bin/config_data"); interp=${line#"#!"}; interp=${interp%% *}',
  'case "$interp" in "${out%/*}"/*) ;; *) echo "config_data runs $interp, not a perl from the store"; exit 1;; esac',
  'export PERL5LIB="$out/lib/perl5"',
  '"$out/bin/config_data" --help | tee help.txt',
  "grep -q -- --module help.txt",
  `"$interp" -MModule::Build -MConfig -e 'print "Module::Build $Module::Build::VERSION on $Config{archname}\n"' | tee version.txt`,
  "grep -q '^Module::Build 0.4232 on ' version.txt",
].join("\n");

/**
 * perlPackages.ModuleBuild: Module::Build 0.4232, built the way buildPerlModule builds a module
 * (`perl Build.PL`, `./Build`, `./Build install`). Build.PL runs Module::Build itself, which loads
 * XS modules (List::Util, Cwd), so the build-time perl, the option `buildPerl`, must load
 * extensions: buildPackages.perl by default, the fix of #66741; perl-module-build-unfixed in the
 * catalog gives perl-mini, as Nixpkgs did.
 * `./Build install` writes the perl that ran it into config_data's `#!` line: a store path of
 * the build machine's perl, which `patchShebangs --update` replaces with the host's.
 */
export default function perlModuleBuild(
  { stdenv, lib, perl, buildPackages }: PerlModuleBuildArgs,
  { buildPerl = buildPackages.perl }: { buildPerl?: Package } = {},
) {
  return stdenv.mkDerivation({
    pname: "perl-Module-Build",
    version: "0.4232",
    src: {
      kind: "debian",
      package: "libmodule-build-perl",
      version: "0.423200-1",
      origTarball: "libmodule-build-perl_0.423200.orig.tar.gz",
      sha256: "67c82ee245d94ba06decfa25572ab75fdcd26a9009094289d8f45bc54041771b",
    },
    buildSystem: "custom",
    nativeBuildInputs: [buildPerl],
    buildInputs: [perl],
    preConfigure: 'perl Build.PL --install_base "$out"',
    buildPhase: "./Build",
    installPhase: "./Build install",
    postFixup: 'patchShebangs --update "$out/bin"',
    doInstallCheck: true,
    installCheck,
    meta: {
      description: "Build and install Perl modules",
      license: "GPL-1.0-or-later OR Artistic-1.0-Perl",
      platforms: lib.platforms.linux,
    },
  });
}
