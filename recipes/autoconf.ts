// Drafted by `crosscheck import debian:autoconf`: review it before relying on it.
// What the importer could not decide is said in comments; the package's own notes for cross
// builds are at the top of the function.
import type { Lib, Package, Stdenv } from "crosscheck";

/**
 * Automatic configure script builder.
 *
 * Debian's source package autoconf 2.71-3 (format 3.0 (quilt)), binary packages autoconf, autoconf-doc.
 * Debian builds it with dh.
 */
export default function autoconf({ stdenv, lib, m4, perl }: { stdenv: Stdenv; lib: Lib; m4: Package; perl: Package }) {
  // Build-Depends set aside:
  //   Debian's packaging tools: debhelper-compat (= 13)

  // Debian applies 1 patch (debian/patches/series) that this recipe doesn't; redo one in postPatch where it matters:
  //   fix-cxx-stdcxx-test.diff

  return stdenv.mkDerivation({
    pname: "autoconf",
    version: "2.71",
    src: {
      kind: "debian",
      package: "autoconf",
      version: "2.71-3",
      origTarball: "autoconf_2.71.orig.tar.gz",
      sha256: "431075ad0bf529ef13cb41e9042c542381103e80015686222b8a9d4abef42a1c", // as autoconf_2.71-3.dsc gives it
    },
    // the tarball has configure (it also has GNUmakefile)
    buildSystem: "autotools",
    // Debian's Build-Depends-Indep (not read by the importer): configure looks for m4 and perl, and
    // the installed scripts run them (Nixpkgs' autoconf: nativeBuildInputs and buildInputs m4, perl)
    nativeBuildInputs: [m4, perl],
    buildInputs: [m4, perl],
    configureFlags: [
      "EMACS=no", // debian/rules:18
      "--with-lispdir=", // debian/rules:18
      "SHELL=/bin/sh", // debian/rules:18
    ],
    doCheck: false, // debian/rules skips the test suite (an empty override_dh_auto_test)
    doInstallCheck: true,
    installCheck: `cd "$(mktemp -d)" && printf 'AC_INIT([t], [1])\\nAC_OUTPUT\\n' > configure.ac && "$out/bin/autoconf" && sh ./configure > log && grep -q 'configure: creating ./config.status' log`,
    meta: {
      description: "Automatic configure script builder",
      homepage: "https://www.gnu.org/software/autoconf/",
      license: "GPL-3.0-or-later",
      platforms: lib.platforms.all,
    },
  });
}
