// Drafted by `crosscheck import debian:bzip2`: review it before relying on it.
// What the importer could not decide is said in comments; the package's own notes for cross
// builds are at the top of the function.
import type { Lib, Stdenv } from "crosscheck";

/**
 * High-quality block-sorting file compressor library.
 *
 * Debian's source package bzip2 1.0.8-5 (format 3.0 (quilt)), binary packages libbz2-1.0, libbz2-dev, bzip2, bzip2-doc.
 * Debian builds it with dh.
 */
export default function bzip2({ stdenv, lib }: { stdenv: Stdenv; lib: Lib }) {
  // The host tools' prefix (stdenv.cc.targetPrefix in Nixpkgs): empty natively.
  const prefix = stdenv.isCross ? `${stdenv.hostPlatform.config}-` : "";

  // Arguments in debian/rules this importer could not turn into flags (make variables, or conditions on the architecture or options):
  //   debian/rules:32: $(foreach
  //   debian/rules:32: LDFLAGS,$(v)=$($(v)))

  // debian/rules about cross builds (build vs host, *_FOR_BUILD, cache variables, the cross profile):
  //   debian/rules:8: ifneq ($(DEB_HOST_GNU_TYPE),$(DEB_BUILD_GNU_TYPE))
  //   debian/rules:9: CC=$(DEB_HOST_GNU_TYPE)-gcc [cross only]

  // Build-Depends set aside:
  //   Debian's packaging tools: debhelper-compat (= 13)

  // Debian applies 7 patches (debian/patches/series) that this recipe doesn't; redo one in postPatch where it matters:
  //   10-bzip2.1.patch, 20-legacy.patch, xml-manual-escape.diff, help-option.diff, makefile.diff, bzip2recover-race-open-output.diff, 40-bzdiff-l.patch

  return stdenv.mkDerivation({
    pname: "bzip2",
    version: "1.0.8",
    src: {
      kind: "debian",
      package: "bzip2",
      version: "1.0.8-5",
      origTarball: "bzip2_1.0.8.orig.tar.gz",
      sha256: "ab5a03176ee106d3f0fa90e381da478ddae405918153cca248e682cd0c4a2269", // as bzip2_1.0.8-5.dsc gives it
    },
    // the tarball has Makefile
    buildSystem: "make",
    makeFlags: [
      "PREFIX=$(out)", // the install prefix (the Makefile's PREFIX; make expands $(out))
      `CC=${prefix}cc`, // the Makefile sets CC itself: the host's compiler on the command line
      `AR=${prefix}ar`,
      `RANLIB=${prefix}ranlib`,
    ],
    // The Makefile's `all` runs its own tests with the bzip2 it built: the check phase's work.
    postPatch: "sed -i 's/^all: libbz2.a bzip2 bzip2recover test$/all: libbz2.a bzip2 bzip2recover/' Makefile",
    outputs: ["out", "dev"],
    doCheck: true, // Debian runs the test suite (natively; a cross build runs it only under the matrix's run check)
    doInstallCheck: true,
    installCheck: `cd "$(mktemp -d)" && printf 'hello bzip2\\n' > f && "$out/bin/bzip2" -k f && test "$(head -c 3 f.bz2)" = BZh && "$out/bin/bzip2" -t f.bz2 && test "$("$out/bin/bzip2" -dc f.bz2)" = "hello bzip2"`,
    meta: {
      description: "High-quality block-sorting file compressor library",
      homepage: "https://sourceware.org/bzip2/",
      license: "BSD-variant",
      platforms: lib.platforms.unix,
    },
  });
}
