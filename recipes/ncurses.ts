// Drafted by `crosscheck import debian:ncurses`: review it before relying on it.
// What the importer could not decide is said in comments; the package's own notes for cross
// builds are at the top of the function.
import type { Lib, Package, Stdenv } from "crosscheck";

/**
 * Shared low-level terminfo library for terminal handling.
 *
 * Debian's source package ncurses 6.4-4 (format 3.0 (quilt)), binary packages ncurses-base, ncurses-term, libtinfo6, libtinfo6-udeb, libncurses6, libncurses-dev, libtinfo-dev, libncurses5-dev, libncursesw6, libncursesw6-udeb, libncursesw5-dev, lib64tinfo6, lib64ncurses6, lib64ncursesw6, lib64ncurses-dev, lib32tinfo6, lib32ncurses6, lib32ncursesw6, lib32ncurses-dev, ncurses-bin, ncurses-examples, ncurses-doc, libtinfo5, libncurses5, libncursesw5.
 * Debian builds it with rules of its own (not dh).
 */
/**
 * A terminal for the installCheck of a full-screen program (less, nano): `./pty KEYS PROGRAM
 * ARGS...` runs the program on a pseudo-terminal of its own, types KEYS after two seconds and
 * copies the screen to stdout. Built with the host's compiler, so it runs beside the program
 * (under QEMU when cross); the build PATH has no `script` (util-linux), which would do the same.
 */
export const ptyDriver = [
  "cat > pty.c <<'EOF'",
  "#include <pty.h>",
  "#include <stdio.h>",
  "#include <string.h>",
  "#include <sys/wait.h>",
  "#include <unistd.h>",
  "/* Runs argv[2] with its arguments on a terminal of its own, types argv[1] after two seconds,",
  "   copies what the program writes to stdout; exits with the program's status. */",
  "int main(int argc, char **argv) {",
  "  if (argc < 3) return 2;",
  "  int fd;",
  "  struct winsize size = { .ws_row = 24, .ws_col = 80 };",
  "  pid_t pid = forkpty(&fd, NULL, NULL, &size);",
  "  if (pid < 0) return 2;",
  "  if (pid == 0) {",
  "    execv(argv[2], argv + 2);",
  "    _exit(127);",
  "  }",
  "  sleep(2);",
  "  if (write(fd, argv[1], strlen(argv[1])) < 0) return 2;",
  "  char buf[4096];",
  "  ssize_t n;",
  "  while ((n = read(fd, buf, sizeof buf)) > 0) fwrite(buf, 1, n, stdout);",
  "  int status;",
  "  if (waitpid(pid, &status, 0) < 0) return 2;",
  "  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;",
  "}",
  "EOF",
  "$CC pty.c -o pty",
].join("\n");

export default function ncurses({
  stdenv,
  lib,
  pkgconf,
  buildPackages,
}: {
  stdenv: Stdenv;
  lib: Lib;
  pkgconf: Package;
  buildPackages: { stdenv: Stdenv; ncurses: Package };
}) {
  // ncurses' configure wants the pkg-config directory under $out, which a flag can't name
  // (flags are not expanded): configure is run here with the platform flags the engine gives.
  const platformFlags = stdenv.isCross ? `--build=${stdenv.buildPlatform.config} --host=${stdenv.hostPlatform.config}` : "";

  // debian/rules is a Makefile of its own, not dh: read it for how Debian configures and builds the package

  // Build-Depends with build profiles (<!cross>: not needed when cross-compiling; <!nocheck>: for the test suite; <!nodoc>: for the documentation):
  //   g++-multilib [amd64 i386 powerpc ppc64 s390 sparc] <!nobiarch>

  // debian/rules about cross builds (build vs host, *_FOR_BUILD, cache variables, the cross profile):
  //   debian/rules:20: ifneq ($(DEB_BUILD_GNU_TYPE),$(DEB_HOST_GNU_TYPE))
  //   debian/rules:21: HOST_CC ?= $(DEB_HOST_GNU_TYPE)-gcc [cross only]
  //   debian/rules:22: HOST_CXX ?= $(DEB_HOST_GNU_TYPE)-g++ [cross only]
  //   debian/rules:23: STRIP = $(DEB_HOST_GNU_TYPE)-strip [cross only]
  //   debian/rules:25: HOST_CC ?= gcc [native only]
  //   debian/rules:133: CONFARGS =	--prefix=/usr  --build=$(DEB_BUILD_GNU_TYPE)  --with-shared  --mandir=/usr/share/man  --with-manpage-format=normal  --without-profile --without-debug  --disable-rpath --enable-echo  --disable-stripping  --enable-const  --enable-pc-files  --with-pkg-config-libdir=/usr/lib/$(DEB_HOST_MULTIARCH)/pkgconfig  --libdir=/usr/lib/$(DEB_HOST_MULTIARCH)  --with-install-prefix=$(fulltempdir)  --without-ada  --without-tests  --without-progs  $(with_mouse)  --enable-symlinks  --disable-root-environ  --disable-termcap  --with-default-terminfo-dir=/etc/terminfo  --with-terminfo-dirs="/etc/terminfo:/lib/terminfo:/usr/share/terminfo"  --with-ticlib=tic  --with-termlib=tinfo  --with-versioned-syms  --disable-wattr-macros  --disable-relink  --disable-pkg-ldflags  --enable-overwrite  --with-xterm-kbs=del
  //   debian/rules:173: CONFARGS-TEST =	--prefix=/usr  --build=$(DEB_BUILD_GNU_TYPE)  --bindir=/usr/libexec/ncurses-examples  --datadir=/usr/share/ncurses-examples  --disable-stripping  --with-x11-rgb=/etc/X11/rgb.txt  --with-ncursesw  --with-curses-dir=$(wobjdir)
  //   debian/rules:182: ifneq ($(DEB_BUILD_GNU_TYPE),$(DEB_HOST_GNU_TYPE))
  //   debian/rules:183: CONFARGS += --with-build-cc=gcc --host=$(DEB_HOST_GNU_TYPE) [cross only]
  //   debian/rules:184: CONFARGS-LEGACY += --with-build-cc=gcc --host=$(DEB_HOST_GNU_TYPE) [cross only]
  //   debian/rules:185: CONFARGS-TEST += --host=$(DEB_HOST_GNU_TYPE) [cross only]
  //   debian/rules:203: ifneq ($(DEB_BUILD_GNU_TYPE),$(DEB_HOST_GNU_TYPE))
  //   debian/rules:207: export cf_cv_type_of_bool=unsigned char [cross only]
  //   debian/rules:208: export cf_cv_working_poll=yes [cross only]
  //   debian/rules:209: export cf_cv_gpm_soname=libgpm.so.2 [cross only]
  //   debian/rules:232: cf_cv_type_of_bool='unsigned char'; export cf_cv_type_of_bool;  cf_cv_working_poll=yes; export cf_cv_working_poll;  cd $(objdir-32) && CC="$(HOST_CC) -m32"  BUILD_CC="gcc" CXX="$(HOST_CXX) -m32"  $(relsrcdir)/configure  $(CONFARGS)  --host=$(build_32_target)  --without-gpm  --libdir=/usr/lib32
  //   debian/rules:245: cf_cv_type_of_bool='unsigned char'; export cf_cv_type_of_bool;  cf_cv_working_poll=yes; export cf_cv_working_poll;  cd $(objdir-64) && CC="$(HOST_CC) -m64"  BUILD_CC="gcc" CXX="$(HOST_CXX) -m64"  $(relsrcdir)/configure  $(CONFARGS)  --host=$(build_64_target)  --without-gpm  --libdir=/usr/lib64
  //   debian/rules:273: cf_cv_type_of_bool='unsigned char'; export cf_cv_type_of_bool;  cf_cv_working_poll=yes; export cf_cv_working_poll;  cd $(wobjdir-32) && CC="$(HOST_CC) -m32"  BUILD_CC="gcc" CXX="$(HOST_CXX) -m32"  $(relsrcdir)/configure  $(CONFARGS)  --host=$(build_32_target)  --without-gpm  --enable-widec  --libdir=/usr/lib32
  //   debian/rules:287: cf_cv_type_of_bool='unsigned char'; export cf_cv_type_of_bool;  cf_cv_working_poll=yes; export cf_cv_working_poll;  cd $(wobjdir-64) && CC="$(HOST_CC) -m64"  BUILD_CC="gcc" CXX="$(HOST_CXX) -m64"  $(relsrcdir)/configure  $(CONFARGS)  --host=$(build_64_target)  --without-gpm  --enable-widec  --libdir=/usr/lib64
  //   debian/rules:332: cd $(objdir-32) && $(MAKE) CC="$(HOST_CC) -m32" CXX="$(HOST_CXX) -m32"
  //   debian/rules:336: cd $(objdir-64) && $(MAKE) CC="$(HOST_CC) -m64" CXX="$(HOST_CXX) -m64"
  //   debian/rules:350: cd $(wobjdir-32) && $(MAKE) CC="$(HOST_CC) -m32" CXX="$(HOST_CXX) -m32"
  //   debian/rules:354: cd $(wobjdir-64) && $(MAKE) CC="$(HOST_CC) -m64" CXX="$(HOST_CXX) -m64"
  //   debian/rules:419: ifeq ($(DEB_BUILD_GNU_TYPE),$(DEB_HOST_GNU_TYPE))

  // Build-Depends set aside:
  //   Debian's packaging tools: debhelper-compat (= 13)
  //   compilers and C libraries (the stdenv's toolchain, or none crosscheck has): g++-multilib [amd64 i386 powerpc ppc64 s390 sparc] <!nobiarch>

  // Debian applies 7 patches (debian/patches/series) that this recipe doesn't; redo one in postPatch where it matters (these look like build fixes: fix-configure-root-args-option.diff):
  //   01-debian-no-ada-doc.diff, 02-debian-backspace.diff, 02-debian-xterm.diff, 03-debian-ncursesconfig-omit-L.diff, fix_crash_on_very_long_tc-use_clause.diff, fix-configure-root-args-option.diff, debian-env-access.diff

  return stdenv.mkDerivation({
    pname: "ncurses",
    version: "6.4",
    src: {
      kind: "debian",
      package: "ncurses",
      version: "6.4-4",
      origTarball: "ncurses_6.4.orig.tar.gz",
      sha256: "6931283d9ac87c5073f30b6290c4c75f21632bb4fc3603ac8100812bed248159", // as ncurses_6.4-4.dsc gives it
    },
    // the tarball has configure
    buildSystem: "custom",
    // make_hash and make_keys are built for the build machine and run (--with-build-cc, Nixpkgs'
    // depsBuildBuild); the terminfo database is compiled by a tic that runs here: when cross, a
    // native ncurses' (Nixpkgs: nativeBuildInputs buildPackages.ncurses).
    depsBuildBuild: [buildPackages.stdenv.cc],
    nativeBuildInputs: [
      pkgconf, // pkg-config: a build tool (Multi-Arch: same only for its prefixed names); source pkgconf
      // whenever build ≠ host, as configure then calls it cross (musl64's tic runs here, yet configure
      // takes the build's tic), Nixpkgs' condition too
      ...lib.optionals(stdenv.isCross, [buildPackages.ncurses]),
      // no recipe in the package set: autoconf-dickey: Multi-Arch: foreign, a tool; source autoconf-dickey [debian:autoconf-dickey]
    ],
    // libgpm-dev (mouse support) has no recipe: --without-gpm
    preConfigure: [
      `./configure --prefix="$out" ${platformFlags}`,
      // Nixpkgs' flags; --with-build-cc only when cross (Debian's rules: --with-build-cc=gcc)
      "--with-shared --without-debug --without-ada --without-gpm --without-cxx-binding --enable-pc-files --enable-symlinks",
      '--with-pkg-config-libdir="$out/lib/pkgconfig" --with-manpage-format=normal --disable-stripping --with-versioned-syms',
      // Debian's CONFARGS: curses.h, termcap.h in include/ itself, not include/ncurses/, where less'
      // and nano's configure look (a prefix other than /usr defaults to the subdirectory)
      "--enable-overwrite",
      ...lib.optionals(stdenv.isCross, ["--with-build-cc=cc"]),
      // debian/rules:207-208's exported cache variables (configure can't run its test programs)
      ...lib.optionals(stdenv.isCross, ["cf_cv_type_of_bool='unsigned char'", "cf_cv_working_poll=yes"]),
    ].join(" "),
    outputs: ["out", "dev"],
    doCheck: false, // ncurses' test/ programs are interactive: no check target
    doInstallCheck: true,
    installCheck: `cd "$(mktemp -d)" && test "$("$out/bin/tput" -T vt100 cols)" = 80 && "$out/bin/infocmp" -1 vt100 | grep -q 'cols#80' && printf 'x|xterm-test,\\n\\tcols#99,\\n' > t.src && "$out/bin/tic" -o ti t.src && test "$(TERMINFO=ti "$out/bin/tput" -T x cols)" = 99`,
    meta: {
      description: "Shared low-level terminfo library for terminal handling",
      homepage: "https://invisible-island.net/ncurses/",
      license: "MIT/X11",
      platforms: lib.platforms.unix,
    },
  });
}
