// Drafted by `crosscheck import debian:less`: review it before relying on it.
// What the importer could not decide is said in comments; the package's own notes for cross
// builds are at the top of the function.
import type { Lib, Package, Stdenv } from "crosscheck";
import { ptyDriver } from "./ncurses.ts";

/**
 * Pager program similar to more.
 *
 * Debian's source package less 590-2.1~deb12u2 (format 3.0 (quilt)), binary packages less.
 * Debian builds it with dh.
 */
export default function less({ stdenv, lib, ncurses }: { stdenv: Stdenv; lib: Lib; ncurses: Package }) {
  // Build-Depends set aside:
  //   Debian's packaging tools: debhelper (>= 12)

  // Debian applies 6 patches (debian/patches/series) that this recipe doesn't; redo one in postPatch where it matters:
  //   less-is-more-434417.patch, 02-655926-more_can_go_backwards.patch, End-OSC8-hyperlink-on-invalid-embedded-escape-sequen.patch, Shell-quote-filenames-when-invoking-LESSCLOSE.patch, Fix-bug-when-viewing-a-file-whose-name-contains-a-ne.patch, Fix-incorrect-display-when-filename-contains-control.patch

  return stdenv.mkDerivation({
    pname: "less",
    version: "590",
    src: {
      kind: "debian",
      package: "less",
      version: "590-2.1~deb12u2",
      origTarball: "less_590.orig.tar.gz",
      sha256: "6aadf54be8bf57d0e2999a3c5d67b1de63808bb90deb8f77b028eafae3a08e10", // as less_590-2.1~deb12u2.dsc gives it
    },
    // the tarball has configure
    buildSystem: "autotools",
    buildInputs: [
      ncurses, // libncurses-dev; source ncurses
    ],
    configureFlags: [
      // debian/rules:12 asks for glibc's GNU regex interface (re_compile_pattern), which musl lacks: there POSIX regcomp
      stdenv.hostPlatform.isGnu ? "--with-regex=gnu" : "--with-regex=posix",
      "--with-editor=/usr/bin/editor", // debian/rules:12
    ],
    doCheck: true, // Debian runs the test suite (natively; a cross build runs it only under the matrix's run check)
    doInstallCheck: true,
    installCheck: [
      'cd "$(mktemp -d)"',
      ptyDriver,
      "printf 'one\\ntwo\\nthree\\n' > f",
      'test "$("$out/bin/less" f)" = "$(cat f)"',
      // on a terminal, from line 2; q quits
      'TERM=vt100 ./pty q "$out/bin/less" -X +2 f > o',
      "grep -q three o",
      'test "$(grep -c one o)" = 0',
    ].join("\n"),
    meta: {
      description: "Pager program similar to more",
      homepage: "http://www.greenwoodsoftware.com/less/",
      license: "GPL-3.0-or-later OR Less",
      platforms: lib.platforms.unix,
    },
  });
}
