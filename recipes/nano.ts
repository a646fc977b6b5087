// Drafted by `crosscheck import debian:nano`: review it before relying on it.
// What the importer could not decide is said in comments; the package's own notes for cross
// builds are at the top of the function.
import type { Lib, Package, Stdenv } from "crosscheck";
import { ptyDriver } from "./ncurses.ts";

/**
 * Small, friendly text editor inspired by Pico.
 *
 * Debian's source package nano 7.2-1+deb12u1 (format 3.0 (quilt)), binary packages nano, nano-tiny, nano-udeb.
 * Debian builds it with dh.
 */
export default function nano({ stdenv, lib, pkgconf, ncurses }: { stdenv: Stdenv; lib: Lib; pkgconf: Package; ncurses: Package }) {
  // Arguments in debian/rules this importer could not turn into flags (make variables, or conditions on the architecture or options):
  //   debian/rules:37: CFLAGS=$(CFLAGS) -Os -fomit-frame-pointer
  //   debian/rules:40: --enable-tiny [ifeq (,$(filter noudeb,$(DEB_BUILD_PROFILES)))]
  //   debian/rules:40: --without-included-regex [ifeq (,$(filter noudeb,$(DEB_BUILD_PROFILES)))]
  //   debian/rules:40: --disable-nls [ifeq (,$(filter noudeb,$(DEB_BUILD_PROFILES)))]
  //   debian/rules:40: CFLAGS=$(CFLAGS) -Os -fomit-frame-pointer [ifeq (,$(filter noudeb,$(DEB_BUILD_PROFILES)))]

  // Build-Depends set aside:
  //   Debian's packaging tools: debhelper-compat (= 13)

  // Debian applies 4 patches (debian/patches/series) that this recipe doesn't; redo one in postPatch where it matters:
  //   0001-linter-use-a-format-string-to-deflect-format-string-.patch, 0002-startup-use-a-format-string-to-deflect-format-string.patch, 0003-justify-set-x-0-for-the-undo-item-for-when-using-cut.patch, 0004-files-run-chmod-and-chown-on-the-descriptor-not-on-t.patch

  return stdenv.mkDerivation({
    pname: "nano",
    version: "7.2",
    src: {
      kind: "debian",
      package: "nano",
      version: "7.2-1+deb12u1",
      origTarball: "nano_7.2.orig.tar.xz",
      sha256: "86f3442768bd2873cec693f83cdf80b4b444ad3cc14760b74361474fc87a4526", // as nano_7.2-1+deb12u1.dsc gives it
    },
    // the tarball has configure
    buildSystem: "autotools",
    nativeBuildInputs: [
      pkgconf, // pkg-config: a build tool (Multi-Arch: same only for its prefixed names); source pkgconf
      // no recipe in the package set: texinfo: Multi-Arch: foreign, a tool; source texinfo [debian:texinfo]
    ],
    buildInputs: [
      ncurses, // libncurses-dev; source ncurses
    ],
    doCheck: true, // Debian runs the test suite (natively; a cross build runs it only under the matrix's run check)
    doInstallCheck: true,
    installCheck: [
      'cd "$(mktemp -d)"',
      ptyDriver,
      "printf 'hello world\\n' > f",
      // type X at the start, ^X to leave, y to save, Enter to keep the name
      "TERM=vt100 ./pty \"$(printf 'X\\030y\\r')\" \"$out/bin/nano\" --ignorercfiles f > /dev/null",
      'test "$(cat f)" = "Xhello world"',
    ].join("\n"),
    meta: {
      description: "Small, friendly text editor inspired by Pico",
      homepage: "https://www.nano-editor.org/",
      license: "GPL-3.0-or-later",
      platforms: lib.platforms.unix,
    },
  });
}
