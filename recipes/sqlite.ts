// Drafted by `crosscheck import debian:sqlite3`: review it before relying on it.
// What the importer could not decide is said in comments; the package's own notes for cross
// builds are at the top of the function.
import type { Lib, Package, Stdenv } from "crosscheck";

/**
 * Command line interface for SQLite 3.
 *
 * Debian's source package sqlite3 3.40.1-2+deb12u2 (format 3.0 (quilt)), binary packages lemon, sqlite3, sqlite3-doc, libsqlite3-0, libsqlite3-dev, libsqlite3-tcl, sqlite3-tools.
 * Debian builds it with rules of its own (not dh).
 */
export default function sqlite({ stdenv, lib, tcl, buildPackages }: { stdenv: Stdenv; lib: Lib; tcl: Package; buildPackages: { stdenv: Stdenv } }) {
  // debian/rules is a Makefile of its own, not dh: read it for how Debian configures and builds the package

  // debian/rules about cross builds (build vs host, *_FOR_BUILD, cache variables, the cross profile):
  //   debian/rules:28: ifeq ($(DEB_BUILD_GNU_TYPE), $(DEB_HOST_GNU_TYPE))
  //   debian/rules:29: confflags += --build $(DEB_HOST_GNU_TYPE) --with-tcl=/usr/lib/$(DEB_HOST_MULTIARCH)/tcl8.6 [native only]
  //   debian/rules:32: confflags += --build $(DEB_BUILD_GNU_TYPE) --host $(DEB_HOST_GNU_TYPE) --with-tcl=/usr/lib/$(DEB_HOST_MULTIARCH)/tcl8.6 [cross only]
  //   debian/rules:38: HOST_CC ?= $(DEB_HOST_GNU_TYPE)-gcc [ifeq ($(origin CC),default)]
  //   debian/rules:40: HOST_CC ?= $(CC) [not (ifeq ($(origin CC),default))]
  //   debian/rules:97: ifneq ($(DEB_BUILD_GNU_TYPE), $(DEB_HOST_GNU_TYPE))
  //   debian/rules:100: cd ext/misc && $(HOST_CC) $(LDFLAGS) $(CPPFLAGS) $(CFLAGS) -g -fPIC -I../.. -shared csv.c -o csv.so
  //   debian/rules:140: ifeq ($(DEB_BUILD_GNU_TYPE), $(DEB_HOST_GNU_TYPE))

  // Build-Depends set aside:
  //   Debian's packaging tools: debhelper-compat (= 13), chrpath
  //   for regenerating configure, which the tarball ships: autoconf (>= 2.59), libtool (>= 1.5.2), automake

  // Debian applies 14 patches (debian/patches/series) that this recipe doesn't; redo one in postPatch where it matters (these look like build fixes: 30-cross.patch, 40-amalgamation_configure.patch):
  //   10-520466-libsqlite3-depends-on-libdl.patch, 10-520478-squash-bad-deps.patch, 20-hurd-locking-style.patch, 30-cross.patch, 10-665363-disable-malloc-usable-size.patch, 31-increase_SQLITE_MAX_DEFAULT_PAGE_SIZE_to_32k.patch, 32-dynamic_link.patch, 02-use-packaged-lempar.c.patch, 40-amalgamation_configure.patch, 41-fix_a_bug_in_the_NOT_NULL-IS_NULL_optimization.patch, 42-CVE-2025-6965.patch, 0001-Fix-a-buffer-overread-in-the-sessions-extension-that.patch, 0002-Avoid-a-stack-overflow-that-could-be-caused-by-a-rec.patch, 0003-Fix-a-technically-undefined-signed-integer-overflow-.patch

  // Debian also unpacks these upstream tarballs into the tree, which this recipe lacks:
  //   sqlite3_3.40.1.orig-www.tar.xz

  return stdenv.mkDerivation({
    pname: "sqlite3",
    version: "3.40.1",
    src: {
      kind: "debian",
      package: "sqlite3",
      version: "3.40.1-2+deb12u2",
      origTarball: "sqlite3_3.40.1.orig.tar.xz",
      sha256: "aaa776260ab4dc976db34aa7891819484c8676b5b2783123ebc6301e2ca5d655", // as sqlite3_3.40.1-2+deb12u2.dsc gives it
    },
    // the tarball has configure
    buildSystem: "autotools",
    depsBuildBuild: [buildPackages.stdenv.cc], // configure.ac uses BUILD_CC: a compiler for the build machine
    nativeBuildInputs: [
      // the full source tree (not the amalgamation Nixpkgs uses) generates sqlite3.c with tclsh
      tcl,
      // no recipe in the package set: lynx: Multi-Arch: foreign, a tool; source lynx [debian:lynx]
    ],
    // no libreadline-dev recipe; the tcl extension would need a tcl for the host
    configureFlags: ["--disable-tcl", "--disable-readline"],
    outputs: ["out", "dev"],
    doCheck: false, // its test suite (testfixture) is tcl for the host: hours under emulation
    doInstallCheck: true,
    installCheck: `cd "$(mktemp -d)" && echo 'create table t(a); insert into t values (1), (2), (39);' | "$out/bin/sqlite3" db && test "$(echo 'select sum(a), count(*) from t;' | "$out/bin/sqlite3" db)" = "42|3"`,
    meta: {
      description: "Command line interface for SQLite 3",
      homepage: "https://www.sqlite.org/",
      license: "public-domain",
      platforms: lib.platforms.unix,
    },
  });
}
