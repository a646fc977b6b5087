import { debianArchitecture, type Lib, type Package, type Source, type Stdenv } from "../harness/planner/index.ts";

/** perl 5.36.0's upstream source, as Debian 12 ships it. */
export const perlSource: Source = {
  kind: "debian",
  package: "perl",
  version: "5.36.0-7+deb12u3",
  origTarball: "perl_5.36.0.orig.tar.xz",
  sha256: "0f386dccbee8e26286404b2cca144e1005be65477979beb9b1ba272d4819bcf0",
};

export interface PerlArgs {
  stdenv: Stdenv;
  lib: Lib;
  buildPackages: { stdenv: Stdenv; "perl-cross-config": Package };
}

/** Configure variables that hold an installation path: their /usr (or /usr/local) becomes $out. */
const pathVariables = [
  "prefix", "prefixexp", "installprefix", "installprefixexp", "siteprefix", "siteprefixexp",
  "vendorprefix", "vendorprefixexp", "bin", "binexp", "installbin", "initialinstalllocation",
  "scriptdir", "scriptdirexp", "installscript", "privlib", "privlibexp", "installprivlib",
  "archlib", "archlibexp", "installarchlib", "man1dir", "man1direxp", "man3dir", "man3direxp",
  "installman1dir", "installman3dir", "sysman", "perlpath", "perl5", "startperl",
  "(install)?site(arch|archexp|bin|binexp|lib|libexp|man1dir|man1direxp|man3dir|man3direxp|script|scriptexp)",
  "(install)?vendor(arch|archexp|bin|binexp|lib|libexp|man1dir|man1direxp|man3dir|man3direxp|script|scriptexp)",
].join("|");

/** Removes gcc's own include directory from the include path perl records (incpth). */
const gccIncludeDir = "/^incpth=/ s#/usr/lib/gcc/[^ ']* ?##";

/**
 * Debian's recorded answers, adapted to this build: installed under $out; the stdenv's prefixed
 * compiler and binutils instead of Debian's; no Debian-only defines or /usr/local search paths;
 * no build directory in the flags and no gcc directory in the include path (Config_heavy.pl
 * would carry them into the closure: crosscheck's closure check found the gcc one); and without the
 * libraries the cross sysroot lacks (libcrypt, gdbm, Berkeley DB: crypt() and the DBM modules go).
 */
const adaptConfig = [
  "s/^src=.*/src=./",
  `/^(${pathVariables})=/ s#^([a-z0-9]+)='(\\#!)?/usr(/local)?#\\1='\\2$out#`,
  `/^(ccflags|cppflags|config_args|config_arg[0-9]+)=/ s# -DDEBIAN -DAPPLLIB_EXP="[^"]*"##`,
  "/^(ccflags|cppflags)=/ s# -I/usr/local/include##",
  // gcc's own include directory, as the native build that recorded it saw it: a toolchain path.
  gccIncludeDir,
  "/^(ccflags|cppflags)=/ s# -ffile-prefix-map=[^ ']*##",
  "/^(ldflags|lddlflags)=/ s# -L/usr/local/lib##",
  "s#^(cc|ld)=.*#\\1='$CC'#",
  "s#^(cpp|cpprun|cppstdin)=.*#\\1='$CC -E'#",
  "s#^(ar|full_ar)=.*#\\1='$AR'#",
  "s#^nm=.*#nm='$NM'#",
  "/^(libs|perllibs)=/ { s#-l(gdbm_compat|gdbm|db|crypt)( |')#\\2#g; s#' +#'#; s#  +# #g; s# +'#'#; }",
  "/^libsfiles=/ s# lib(gdbm|gdbm_compat|db|crypt)\\.so##g",
  "/^(extensions|dynamic_ext|known_extensions)=/ s# (DB_File|GDBM_File|NDBM_File|ODBM_File)\\b##g",
  "s#^(d_crypt|d_crypt_r|i_crypt|i_db|i_dbm|i_gdbm|i_gdbm_ndbm|i_ndbm|d_ndbm|d_dbminitproto)=.*#\\1='undef'#",
  "s#^crypt_r_proto=.*#crypt_r_proto='0'#",
  "s#^cf_by=.*#cf_by='crosscheck'#",
  "s#^perladmin=.*#perladmin='root@localhost'#",
];

/**
 * Loads XS modules (List::Util, POSIX, Digest::MD5, Storable, Time::HiRes) with the installed
 * perl, on the host: dynamic loading works and the modules were built for the host.
 */
export const perlInstallCheck = [
  'cd "$(mktemp -d)"',
  `"$out/bin/perl" -e 'use List::Util qw(sum); use POSIX qw(floor); use Digest::MD5 qw(md5_hex); use Storable qw(dclone); use Time::HiRes qw(clock_gettime CLOCK_MONOTONIC); printf "%d %d %s %d %d\\n", sum(1, 2, 3), floor(2.5), md5_hex("cross"), dclone([7])->[0], clock_gettime(CLOCK_MONOTONIC) > 0' | tee out.txt`,
  // md5("cross"), as md5sum computes it on the build machine
  "grep -qx '6 2 22aadb26447d87b550b155a4d764fad0 7 1' out.txt",
  `"$out/bin/perl" -MConfig -e 'print "$Config{archname} $Config{version}\\n"'`,
].join("\n");

/**
 * What a native Configure records of the build machine (Config_heavy.pl, config.h), which the
 * closure check finds: where it found sed, ln, rm, hostname, more and perl on PATH (the build's
 * tool directory: they become the paths the tools really have), and gcc's own include directory.
 */
const nativeBuildPaths = [
  'tools=$(dirname "$(command -v sed)")',
  'for f in $(grep -rhoE "$tools/[A-Za-z0-9_.+-]+" "$out/lib" | sort -u); do',
  '  grep -rlF "$f" "$out/lib" | xargs sed -i "s#$f#$(readlink -f "$f")#g"',
  "done",
  `find "$out/lib" -name Config_heavy.pl -exec sed -E -i -e "${gccIncludeDir}" {} +`,
].join("\n");

/**
 * perl 5.36.0 from its upstream source. Perl's Configure learns the machine by compiling and
 * running hundreds of test programs, so a cross build cannot run it; perl's own cross mode wants
 * to run them on the target over ssh. Debian instead records the answers of a native build of
 * each architecture (debian/cross/<arch>/config.sh.static, in perl-cross-config) and cross builds
 * with them: a native miniperl for the build (Configure in host/, with the build machine's
 * compiler from depsBuildBuild), then `Configure -S -Dusecrosscompile` with the recorded
 * config.sh, adapted (adaptConfig). Time::HiRes' Makefile.PL would run its probe programs (host
 * binaries) and silently leave clock_gettime out when they fail: TIME_HIRES_DONT_RUN_PROBES.
 *
 * A native build is plain `Configure -des`.
 */
export default function perl({ stdenv, lib, buildPackages }: PerlArgs) {
  const cross = stdenv.isCross;
  const debian = debianArchitecture(stdenv.hostPlatform);
  const crossConfigure = [
    `perl-cross-config ${debian?.arch ?? ""} > config.sh.static`,
    "mkdir host",
    '(cd host && ../Configure -des -Dmksymlinks -Dcc="$CC_FOR_BUILD" -Dld="$CC_FOR_BUILD" -Dar="$AR_FOR_BUILD" -Dnm="$NM_FOR_BUILD" > ../host-configure.log && make -j"$NIX_BUILD_CORES" miniperl generate_uudmap > ../host-make.log) || { tail -30 host-configure.log host-make.log; exit 1; }',
    "host/miniperl -e 'print \"native miniperl $]\\n\"'",
    `sed -E ${adaptConfig.map((e) => `-e "${e.replaceAll('"', '\\"')}"`).join(" ")} config.sh.static > config.sh`,
    'bash ./Configure -S -Dusecrosscompile -Dhostgenerate="$PWD/host/generate_uudmap" -Dhostperl="$PWD/host/miniperl" -Dperl=/usr/bin/perl',
    "make depend",
  ];
  return stdenv.mkDerivation({
    pname: "perl",
    version: "5.36.0",
    src: perlSource,
    buildSystem: "custom",
    depsBuildBuild: cross ? [buildPackages.stdenv.cc] : [],
    nativeBuildInputs: cross ? [buildPackages["perl-cross-config"]] : [],
    preConfigure: (cross ? crossConfigure : ['./Configure -des -Dprefix="$out" -Dcc="$CC" -Dusethreads -Dman1dir=none -Dman3dir=none']).join("\n"),
    buildPhase: 'TIME_HIRES_DONT_RUN_PROBES=1 make -j"$NIX_BUILD_CORES"',
    installPhase: "make install",
    ...(cross ? {} : { postInstall: nativeBuildPaths }),
    doCheck: false, // perl's suite is about 2,500 test files: hours under emulation
    doInstallCheck: true,
    installCheck: perlInstallCheck,
    meta: {
      description: "The standard implementation of the Perl 5 programming language",
      homepage: "https://www.perl.org/",
      license: "GPL-1.0-or-later OR Artistic-1.0-Perl",
      platforms: lib.platforms.linux,
      ...(cross && debian === null ? { crossUnsupported: `Debian records no perl configuration for ${stdenv.hostPlatform.config}` } : {}),
    },
  });
}
