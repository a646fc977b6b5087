import type { Lib, Stdenv } from "../harness/planner/index.ts";

/** pkgconf: the pkg-config implementation, a build tool dependents list in nativeBuildInputs. */
export default function pkgconf({ stdenv, lib }: { stdenv: Stdenv; lib: Lib }) {
  return stdenv.mkDerivation({
    pname: "pkgconf",
    version: "1.8.1",
    src: {
      kind: "debian",
      package: "pkgconf",
      version: "1.8.1-1",
      origTarball: "pkgconf_1.8.1.orig.tar.xz",
      sha256: "644361ada2942be05655d4452eb018791647c31bba429b287f1f68deb2dc6840",
    },
    buildSystem: "autotools",
    // Dependents call `pkg-config`; pkgconf installs only `pkgconf` unless asked.
    postInstall: 'ln -s pkgconf "$out/bin/pkg-config"',
    doCheck: false, // the test suite needs kyua, which this catalog does not have
    doInstallCheck: true,
    installCheck: '"$out/bin/pkg-config" --version',
    meta: {
      description: "Package compiler and linker metadata toolkit",
      homepage: "https://github.com/pkgconf/pkgconf",
      license: "ISC",
      platforms: lib.platforms.unix,
    },
  });
}
