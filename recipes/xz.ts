// Drafted by `crosscheck import debian:xz-utils`: review it before relying on it.
// What the importer could not decide is said in comments; the package's own notes for cross
// builds are at the top of the function.
import type { Lib, Stdenv } from "crosscheck";

/**
 * XZ-format compression library.
 *
 * Debian's source package xz-utils 5.4.1-1+deb12u1 (format 3.0 (quilt)), binary packages liblzma5, xz-utils, xzdec, liblzma-dev, liblzma-doc.
 * Debian builds it with dh.
 */
export default function xz({ stdenv, lib }: { stdenv: Stdenv; lib: Lib }) {
  // Arguments in debian/rules this importer could not turn into flags (make variables, or conditions on the architecture or options):
  //   debian/rules:54: $(shell
  //   debian/rules:54: dpkg-buildflags --export=configure)
  //   debian/rules:54: --enable-assembler=x86 [ifeq (hurd,$(shell dpkg-architecture -qDEB_HOST_ARCH_OS)) and ifeq (i386,$(cputype))]
  //   debian/rules:54: --enable-assembler=x86_64 [ifeq (hurd,$(shell dpkg-architecture -qDEB_HOST_ARCH_OS)) and ifeq (amd64,$(cputype))]
  //   debian/rules:54: --disable-assembler [ifneq (,$(filter noopt,$(DEB_BUILD_OPTIONS)))]
  //   debian/rules:54: --quiet [ifneq (,$(filter quiet,$(DEB_BUILD_OPTIONS)))]
  //   debian/rules:59: $(shell
  //   debian/rules:59: dpkg-buildflags --export=configure)
  //   debian/rules:59: --enable-assembler=x86 [ifeq (hurd,$(shell dpkg-architecture -qDEB_HOST_ARCH_OS)) and ifeq (i386,$(cputype))]
  //   debian/rules:59: --enable-assembler=x86_64 [ifeq (hurd,$(shell dpkg-architecture -qDEB_HOST_ARCH_OS)) and ifeq (amd64,$(cputype))]
  //   debian/rules:59: --disable-assembler [ifneq (,$(filter noopt,$(DEB_BUILD_OPTIONS)))]
  //   debian/rules:59: --quiet [ifneq (,$(filter quiet,$(DEB_BUILD_OPTIONS)))]
  //   debian/rules:67: $(shell
  //   debian/rules:67: -D_BLHC_IGNORE_THIS_LINE
  //   debian/rules:67: dpkg-buildflags --export=configure)
  //   debian/rules:67: --enable-assembler=x86 [ifeq (hurd,$(shell dpkg-architecture -qDEB_HOST_ARCH_OS)) and ifeq (i386,$(cputype))]
  //   debian/rules:67: --enable-assembler=x86_64 [ifeq (hurd,$(shell dpkg-architecture -qDEB_HOST_ARCH_OS)) and ifeq (amd64,$(cputype))]
  //   debian/rules:67: --disable-assembler [ifneq (,$(filter noopt,$(DEB_BUILD_OPTIONS)))]
  //   debian/rules:67: --quiet [ifneq (,$(filter quiet,$(DEB_BUILD_OPTIONS)))]

  // debian/rules about cross builds (build vs host, *_FOR_BUILD, cache variables, the cross profile):
  //   debian/rules:82: opt_reproduce = gl_cv_posix_shell=/bin/sh

  // Build-Depends set aside:
  //   Debian's packaging tools: debhelper-compat (= 13), dpkg-dev (>= 1.16.2)
  //   for regenerating configure, which the tarball ships: autoconf (>= 2.64~), automake, libtool (>= 2.2)

  // Debian applies 11 patches (debian/patches/series) that this recipe doesn't; redo one in postPatch where it matters:
  //   Translations-Add-Brazilian-Portuguese-translation-of-man-.patch, po-pt_BR-Revert-changes-from-the-release.patch, Translations-Update-the-Brazilian-Portuguese-translation.patch, Add-da.po-based-on-translation-from-manpages-l10n.patch, liblzma-Add-assertions-to-lzma_bufcpy.patch, liblzma-mt-dec-Fix-a-comment.patch, liblzma-mt-dec-Simplify-by-removing-the-THR_STOP-state.patch, liblzma-mt-dec-Don-t-free-the-input-buffer-too-early-CVE-.patch, liblzma-mt-dec-Don-t-modify-thr-in_size-in-the-worker-thr.patch, liblzma-Fix-a-buffer-overflow-in-lzma_index_append.patch, xz-Prevent-an-integer-overflow-in-files-and-files0.patch

  return stdenv.mkDerivation({
    pname: "xz-utils",
    version: "5.4.1",
    src: {
      kind: "debian",
      package: "xz-utils",
      version: "5.4.1-1+deb12u1",
      origTarball: "xz-utils_5.4.1.orig.tar.xz",
      sha256: "5d9827aa1875b21c288f78864bb26d2650b436ea8d2cad364e4921eb6266a5a5", // as xz-utils_5.4.1-1+deb12u1.dsc gives it
    },
    // the tarball has configure (it also has CMakeLists.txt)
    // (Debian configures three builds: the shared liblzma with xz, a static one and a small one for
    // the installer; their flags, merged by the importer, are left out: this is upstream's default.)
    buildSystem: "autotools",
    nativeBuildInputs: [
      // no recipe in the package set: gettext, autopoint, autopoint: Multi-Arch: foreign, a tool; source gettext [debian:gettext]
      // no recipe in the package set: po4a: Multi-Arch: foreign, a tool; source po4a [debian:po4a]
    ],
    outputs: ["out", "dev"],
    doCheck: true, // Debian runs the test suite (natively; a cross build runs it only under the matrix's run check)
    doInstallCheck: true,
    installCheck: `cd "$(mktemp -d)" && printf 'hello xz\\n' > f && "$out/bin/xz" -k f && test "$(od -An -tx1 -N6 f.xz | tr -d ' ')" = fd377a585a00 && "$out/bin/xz" -t f.xz && test "$("$out/bin/xz" -dc f.xz)" = "hello xz"`,
    meta: {
      description: "XZ-format compression library",
      homepage: "https://tukaani.org/xz/",
      license: "PD",
      platforms: lib.platforms.unix,
    },
  });
}
