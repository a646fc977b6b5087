// Drafted by `crosscheck import debian:lua5.4`: review it before relying on it.
// What the importer could not decide is said in comments; the package's own notes for cross
// builds are at the top of the function.
import type { Lib, Stdenv } from "crosscheck";

/**
 * Simple, extensible, embeddable programming language.
 *
 * Debian's source package lua5.4 5.4.4-3+deb12u1 (format 3.0 (quilt)), binary packages lua5.4, liblua5.4-dev, liblua5.4-0, liblua5.4-0-dbg.
 * Debian builds it with dh.
 */
export default function lua({ stdenv, lib }: { stdenv: Stdenv; lib: Lib }) {
  // The host tools' prefix (stdenv.cc.targetPrefix in Nixpkgs): empty natively.
  const prefix = stdenv.isCross ? `${stdenv.hostPlatform.config}-` : "";

  // The Makefile has no PREFIX or prefix variable: set where `make install` puts the files (installFlags, or installPhase)

  // debian/rules about cross builds (build vs host, *_FOR_BUILD, cache variables, the cross profile):
  //   debian/rules:9: CC = $(CCACHE)$(DEB_HOST_GNU_TYPE)-gcc [ifeq ($(origin CC),default)]
  //   debian/rules:13: CXX = $(CCACHE)$(DEB_HOST_GNU_TYPE)-g++ [ifeq ($(origin CXX),default)]

  // Build-Depends set aside:
  //   Debian's packaging tools: debhelper (>= 12), quilt (>= 0.40)
  //   for regenerating configure, which the tarball ships: libtool, autoconf

  // Debian applies 5 patches (debian/patches/series) that this recipe doesn't; redo one in postPatch where it matters (these look like build fixes: 0001-build-system.patch):
  //   0001-build-system.patch, 0002-lua-modules-paths.patch, 0003-extern_C.patch, 0004-cve-2022-28805.patch, 0005-cve-2022-33099.patch

  return stdenv.mkDerivation({
    pname: "lua5.4",
    version: "5.4.4",
    src: {
      kind: "debian",
      package: "lua5.4",
      version: "5.4.4-3+deb12u1",
      origTarball: "lua5.4_5.4.4.orig.tar.gz",
      sha256: "164c7849653b80ae67bec4b7473b884bf5cc8d2dca05653475ec2ed27b9ebf61", // as lua5.4_5.4.4-3+deb12u1.dsc gives it
    },
    // the tarball has Makefile
    buildSystem: "make",
    // lua's Makefile names its platform (PLAT, else a guess from the build machine's uname) and
    // sets the tools itself: the host's on the command line, as Nixpkgs' lua does.
    makeFlags: ["PLAT=linux", "INSTALL_TOP=$(out)", `CC=${prefix}cc`, `AR=${prefix}ar rcu`, `RANLIB=${prefix}ranlib`],
    // PLAT=linux links no readline (linux-readline would: Debian's libreadline-dev, which has no recipe)
    outputs: ["out", "dev"],
    doCheck: false, // lua's tarball has no test suite (its Makefile's `test` runs `lua -v`; no `check` target)
    doInstallCheck: true,
    installCheck: `test "$("$out/bin/lua" -e 'local t = {3, 1, 2}; table.sort(t); io.write(table.concat(t, ","), " ", 6 * 7, string.upper("abc"))')" = "1,2,3 42ABC"`,
    meta: {
      description: "Simple, extensible, embeddable programming language",
      homepage: "http://www.lua.org",
      license: "MIT",
      platforms: lib.platforms.unix,
    },
  });
}
