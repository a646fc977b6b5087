/**
 * A Debian binary package as a derivation: the `.deb` for the host's Debian architecture,
 * fetched from the machine's Debian mirror and pinned by its sha256, unpacked as dpkg's setup
 * hook unpacks one (`dpkg-deb -x`), and laid out as a store path (`usr/lib/<triple>` and `lib/<triple>` to `lib`,
 * `usr/include` to `include`, `usr/bin` to `bin`, `usr/share` to `share`, its pkg-config files
 * pointed at their new place). So a recipe can depend on a library nobody has written a recipe
 * for, as Nixpkgs' `autoPatchelfHook`ed binary packages do: it is a store path like any other,
 * its platform is the host's, closures list it and the contamination rules apply to it. Its
 * Debian dependencies are not followed: a recipe names them (a -dev package propagates its
 * runtime library, as Debian's dependency does).
 */
import type { Derivation, MkDerivationArgs } from "./mkDerivation.ts";
import type { Meta } from "./derivation.ts";
import type { DependencyElement } from "./mkDerivation.ts";
import { debianArchitecture } from "./debianToolchain.ts";
import type { Stdenv } from "./stdenv.ts";
import { RecipeError } from "./errors.ts";

export interface DebianBinaryArgs {
  /** The binary package (`libsodium-dev`). */
  package: string;
  /** Its source package (`libsodium`): where the pool keeps it. */
  source: string;
  /** The Debian version (`1.0.18-1+deb12u1`), as the archive's Packages index gives it. */
  version: string;
  /** The `.deb`'s sha256 for each Debian architecture it is pinned for (`arm64`, `amd64`, ...). */
  sha256: Readonly<Record<string, string>>;
  /** What the package needs at run time or to be built against (its Debian Depends that matter). */
  propagatedBuildInputs?: readonly DependencyElement[];
  meta?: Meta;
}

/** `libsodium-dev_1.0.18-1+deb12u1_arm64.deb`: the file name in the pool, without the version's epoch. */
export function debFileName(pkg: string, version: string, arch: string): string {
  return `${pkg}_${version.replace(/^\d+:/, "")}_${arch}.deb`;
}

export function debianBinary(stdenv: Stdenv, args: DebianBinaryArgs): Derivation {
  const host = stdenv.hostPlatform;
  const debian = debianArchitecture(host);
  const pinned = Object.keys(args.sha256).sort();
  // A host Debian has no architecture for (Windows, wasi, musl) has no such package: a bad
  // platform, so that planning it is unsatisfiable, as meta.platforms makes any other package.
  if (debian === null) {
    return stdenv.mkDerivation({
      pname: args.package,
      version: args.version.replace(/^\d+:/, ""),
      src: { kind: "none" },
      buildSystem: "custom",
      meta: { ...args.meta, badPlatforms: [...(args.meta?.badPlatforms ?? []), { config: host.config }] },
    });
  }
  const sha256 = args.sha256[debian.arch];
  if (sha256 === undefined) {
    throw new RecipeError(args.package, `the Debian binary package ${args.package} ${args.version} is pinned for ${pinned.join(", ")}, not for ${debian.arch} (${host.config}): add its sha256 from the archive's Packages index for ${debian.arch}`);
  }
  const layout = [
    // The engine unpacks a .deb into deb/, which is then the source root (harness/engine/build/buildScript.ts).
    // Debian 12's core libraries (zlib1g, libexpat1) are in /lib/<triple>, the others in /usr/lib/<triple>.
    `for d in lib usr/lib; do if [ -d $d/${debian.triple} ]; then mkdir -p "$out/lib" && cp -a $d/${debian.triple}/. "$out/lib/" && rm -rf $d/${debian.triple}; fi; done`,
    `if [ -d usr/include/${debian.triple} ]; then mv usr/include/${debian.triple} multiarch-include; fi`,
    'for d in bin sbin lib include share; do if [ -d "usr/$d" ]; then mkdir -p "$out/$d" && cp -a "usr/$d/." "$out/$d/"; fi; done',
    // The multiarch headers last: where a package has both, the one in usr/include only includes
    // the other (usr/include/python3.11/pyconfig.h: `#include <arm-linux-gnueabihf/python3.11/pyconfig.h>`).
    'if [ -d multiarch-include ]; then mkdir -p "$out/include" && cp -a multiarch-include/. "$out/include/"; fi',
    // A -dev package's libfoo.so names a file of the runtime package (libfoo.so.23.3.0), which is
    // another store path here: the link points at it there, in the dependency the build mounted.
    `for l in $(find "$out" -type l); do if [ ! -e "$l" ]; then t=$(readlink "$l"); case "$t" in /*) ;; *) for f in "$(dirname "$out")"/*/lib/"$t"; do if [ -e "$f" ]; then ln -sfn "$f" "$l"; break; fi; done;; esac; fi; done`,
    // pkg-config files name /usr and the multiarch directory: point them at the store path.
    `for f in $(find "$out" -name '*.pc'); do sed -i -e "s|^prefix=/usr\\$|prefix=$out|" -e "s|/lib/${debian.triple}|/lib|g" -e "s|/include/${debian.triple}|/include|g" "$f"; done`,
    'mkdir -p "$out"',
  ].join("\n");
  const derivation: MkDerivationArgs = {
    pname: args.package,
    // Without the epoch (zlib1g's `1:`): a store name has no colon, as Nix's store path names have none.
    version: args.version.replace(/^\d+:/, ""),
    src: { kind: "debian", package: args.source, version: args.version, origTarball: debFileName(args.package, args.version, debian.arch), sha256 },
    buildSystem: "custom",
    buildPhase: ":",
    installPhase: layout,
    ...(args.propagatedBuildInputs === undefined ? {} : { propagatedBuildInputs: args.propagatedBuildInputs }),
    meta: { ...args.meta },
  };
  return stdenv.mkDerivation(derivation);
}
