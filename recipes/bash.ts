// Drafted by `crosscheck import debian:bash`: review it before relying on it.
// What the importer could not decide is said in comments; the package's own notes for cross
// builds are at the top of the function.
import type { Lib, Stdenv } from "crosscheck";

/**
 * GNU Bourne Again SHell.
 *
 * Debian's source package bash 5.2.15-2 (format 3.0 (quilt)), binary packages bash, bash-static, bash-builtins, bash-doc.
 * Debian builds it with rules of its own (not dh).
 */
export default function bash({ stdenv, lib, buildPackages }: { stdenv: Stdenv; lib: Lib; buildPackages: { stdenv: Stdenv } }) {
  // debian/rules is a Makefile of its own, not dh: read it for how Debian configures and builds the package

  // Build-Depends with build profiles (<!cross>: not needed when cross-compiling; <!nocheck>: for the test suite; <!nodoc>: for the documentation):
  //   locales <!nocheck>
  //   time <!nocheck>

  // debian/rules about cross builds (build vs host, *_FOR_BUILD, cache variables, the cross profile):
  //   debian/rules:11: DEB_BUILD_GNU_TYPE	?= $(call vafilt,$(DPKG_VARS),DEB_BUILD_GNU_TYPE)
  //   debian/rules:16: DEB_HOST_GNU_TYPE	?= $(call vafilt,$(DPKG_VARS),DEB_HOST_GNU_TYPE)
  //   debian/rules:27: ifneq ($(DEB_HOST_GNU_TYPE),$(DEB_BUILD_GNU_TYPE))
  //   debian/rules:28: CC	= $(DEB_HOST_GNU_TYPE)-gcc [cross only]
  //   debian/rules:36: ifneq ($(DEB_HOST_GNU_TYPE),$(DEB_BUILD_GNU_TYPE)) [not (ifneq (,$(findstring nostrip,$(DEB_BUILD_OPTIONS))))]
  //   debian/rules:37: STRIP = $(DEB_HOST_GNU_TYPE)-strip [not (ifneq (,$(findstring nostrip,$(DEB_BUILD_OPTIONS))))]
  //   debian/rules:83: ifeq ($(DEB_BUILD_GNU_TYPE), $(DEB_HOST_GNU_TYPE))
  //   debian/rules:84: conf_args += --build $(DEB_HOST_GNU_TYPE) [native only]
  //   debian/rules:86: conf_args += --build $(DEB_BUILD_GNU_TYPE) --host $(DEB_HOST_GNU_TYPE) [cross only]
  //   debian/rules:152: ifeq ($(DEB_BUILD_GNU_TYPE),$(DEB_HOST_GNU_TYPE))
  //   debian/rules:159: @echo Suppress 'make' test, because this is cross build [cross only]

  // For the test suite only (<!nocheck>), not in the lists above:
  //   locales <!nocheck> (tool: architecture-independent, used at build time; source glibc)
  //   time <!nocheck> (tool: Multi-Arch: foreign, a tool; source time)

  // Build-Depends set aside:
  //   Debian's packaging tools: debhelper (>= 11), dpkg-dev (>= 1.16.1)
  //   in the build image already: autotools-dev, xz-utils
  //   for regenerating configure, which the tarball ships: autoconf

  // Debian applies 19 patches (debian/patches/series) that this recipe doesn't; redo one in postPatch where it matters:
  //   bashbug-editor.diff, deb-bash-config.diff, deb-examples.diff, man-arithmetic.diff, man-fignore.diff, man-bashrc.diff, man-bashlogout.diff, man-nocaseglob.diff, man-test.diff, man-test2.diff, rbash-manpage.diff, bash-default-editor.diff, input-err.diff, exec-redirections-doc.diff, bash-aliases-repeat.diff, use-system-texi2html.diff, man-macro-warnings.diff, man-vx-opts.diff, bash-musl.diff

  return stdenv.mkDerivation({
    pname: "bash",
    version: "5.2.15",
    src: {
      kind: "debian",
      package: "bash",
      version: "5.2.15-2",
      origTarball: "bash_5.2.15.orig.tar.gz",
      sha256: "7a315bc0e9d90713159e4390ec1096a41e4f33cd8cc3d1a749a8e5ad56600f51", // as bash_5.2.15-2.dsc gives it
    },
    // the tarball has configure
    buildSystem: "autotools",
    depsBuildBuild: [buildPackages.stdenv.cc], // configure.ac uses CC_FOR_BUILD: a compiler for the build machine
    nativeBuildInputs: [
      // no recipe in the package set: bison: Multi-Arch: foreign, a tool; source bison [debian:bison]
      // no recipe in the package set: texinfo: Multi-Arch: foreign, a tool; source texinfo [debian:texinfo]
      // no recipe in the package set: texi2html: Multi-Arch: foreign, a tool; source texi2html [debian:texi2html]
      // no recipe in the package set: gettext: Multi-Arch: foreign, a tool; source gettext [debian:gettext]
      // no recipe in the package set: sharutils: Multi-Arch: foreign, a tool; source sharutils [debian:sharutils]
    ],
    buildInputs: [
      // no recipe in the package set: libncurses5-dev: Multi-Arch: same, a library; source ncurses [debian:ncurses]
    ],
    // bash's own malloc fails on musl ("xmalloc: locale.c:84: cannot allocate 18 bytes"): the
    // libc's there, as Nixpkgs' bash does
    configureFlags: lib.optionals(stdenv.hostPlatform.isMusl, ["--without-bash-malloc"]),
    // lib/bash/Makefile.inc (for building loadable builtins) records the build tree and the build's
    // install (BUILD_DIR = /build/source/..., a build-machine path): Nixpkgs' bash removes it too.
    postInstall: 'rm -f "$out/lib/bash/Makefile.inc"',
    doCheck: false, // the test suite needs locales, time (<!nocheck>): add them, then turn it on
    doInstallCheck: true,
    installCheck: `test "$("$out/bin/bash" -c 'a=(x y z); echo "\${#a[@]} \${a[1]^^} $((6 * 7))"')" = "3 Y 42" && test "$("$out/bin/bash" -c 'for i in 1 2 3; do s+=$i; done; [[ $s == 12* ]] && echo "$s"')" = 123`,
    meta: {
      description: "GNU Bourne Again SHell",
      homepage: "http://tiswww.case.edu/php/chet/bash/bashtop.html",
      license: "GPL-3.0-or-later",
      platforms: lib.platforms.unix,
    },
  });
}
