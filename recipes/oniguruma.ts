// Drafted by `crosscheck import debian:libonig`: review it before relying on it.
// What the importer could not decide is said in comments; the package's own notes for cross
// builds are at the top of the function.
import type { Lib, Stdenv } from "crosscheck";

/**
 * Regular expressions library.
 *
 * Debian's source package libonig 6.9.8-1 (format 3.0 (quilt)), binary packages libonig5, libonig-dev.
 * Debian builds it with dh.
 */
export default function oniguruma({ stdenv, lib }: { stdenv: Stdenv; lib: Lib }) {
  // Debian configures it for autotools, which this recipe doesn't use; its arguments were:
  //   debian/rules:20: --enable-binary-compatible-posix-api=yes

  // Build-Depends set aside:
  //   Debian's packaging tools: debhelper-compat (= 13)

  return stdenv.mkDerivation({
    pname: "libonig",
    version: "6.9.8",
    src: {
      kind: "debian",
      package: "libonig",
      version: "6.9.8-1",
      origTarball: "libonig_6.9.8.orig.tar.gz",
      sha256: "26372720bab6733c869a9eb69377f73971138dc5e3eff4a81f5ba8aea5435fb2", // as libonig_6.9.8-1.dsc gives it
    },
    // the tarball has CMakeLists.txt (it also has configure.ac)
    buildSystem: "cmake",
    outputs: ["out", "dev"],
    doCheck: false, // its tests are built only by the autotools build
    meta: {
      description: "Regular expressions library",
      homepage: "https://github.com/kkos/oniguruma",
      license: "BSD-2-Clause",
      platforms: lib.platforms.unix,
    },
  });
}
