import type { Catalog, Package } from "../harness/planner/index.ts";
import apr from "./apr.ts";
import autoconf from "./autoconf.ts";
import automake from "./automake.ts";
import bash from "./bash.ts";
import busybox from "./busybox.ts";
import bzip2 from "./bzip2.ts";
import clang from "./clang.ts";
import cluceneCore from "./clucene-core.ts";
import coreutils from "./coreutils.ts";
import curl from "./curl.ts";
import diffutils from "./diffutils.ts";
import enca from "./enca.ts";
import file from "./file.ts";
import findutils from "./findutils.ts";
import gawk from "./gawk.ts";
import gcc from "./gcc.ts";
import git from "./git.ts";
import gmp from "./gmp.ts";
import gnugrep from "./gnugrep.ts";
import gnused from "./gnused.ts";
import gnutar from "./gnutar.ts";
import hdf5 from "./hdf5.ts";
import hello from "./hello.ts";
import jemalloc from "./jemalloc.ts";
import jq from "./jq.ts";
import judy from "./judy.ts";
import less from "./less.ts";
import libc from "./libc.ts";
import libcap from "./libcap.ts";
import libpng from "./libpng.ts";
import libtool from "./libtool.ts";
import libvpx from "./libvpx.ts";
import lua from "./lua.ts";
import m4 from "./m4.ts";
import nano from "./nano.ts";
import ncurses from "./ncurses.ts";
import oniguruma from "./oniguruma.ts";
import patch from "./patch.ts";
import patchelf from "./patchelf.ts";
import perl from "./perl.ts";
import perlCrossConfig from "./perl-cross-config.ts";
import perlMini from "./perl-mini.ts";
import perlModuleBuild from "./perl-module-build.ts";
import pkgconf from "./pkgconf.ts";
import python3, { python3Parts } from "./python3.ts";
import redis from "./redis.ts";
import removeReferencesTo from "./remove-references-to.ts";
import sqlite from "./sqlite.ts";
import tcc from "./tcc.ts";
import tcl from "./tcl.ts";
import uwsgi from "./uwsgi.ts";
import which from "./which.ts";
import xz from "./xz.ts";
import zlib from "./zlib.ts";

/**
 * The catalog: attribute name → recipe, as the top level of Nixpkgs binds them. The `-unfixed`
 * attributes are overrides of the fixed packages: the seed's cross failures kept as known-broken
 * cells, each the package as it was before its fix.
 */
export const catalog: Catalog = {
  apr,
  /** apr without the cache variables: configure refuses to cross compile. A known-broken cell. */
  "apr-unfixed": ({ apr }: { apr: Package }) => apr.override({ fixCross: false }),
  autoconf,
  automake,
  bash,
  busybox,
  bzip2,
  clang,
  "clucene-core": cluceneCore,
  /** clucene-core configured by a naive cmake cross build, without the try_run results: cmake
   * stops at its first CHECK_CXX_SOURCE_RUNS. A known-broken cell. */
  "clucene-core-unfixed": ({ "clucene-core": cluceneCore }: { "clucene-core": Package }) => cluceneCore.override({ fixCross: false }),
  coreutils,
  curl,
  diffutils,
  enca,
  /** enca without its cross fix: configure runs iconvcap and the build runs make_hash, both built
   * for the host. Kept as a known-broken cell (host binary run at build time). */
  "enca-unfixed": ({ enca }: { enca: Package }) => enca.override({ fixCross: false }),
  file,
  findutils,
  gawk,
  gcc,
  git,
  /**
   * git built with curl the naive way: every other cross flag given, but the link flags left to
   * `curl-config`, which a cross build does not have. A known-broken cell.
   */
  "git-unfixed": ({ git }: { git: Package }) => git.override({ fixCurl: false }),
  gmp,
  gnugrep,
  gnused,
  gnutar,
  hdf5,
  /** hdf5 without its cross fix: configure runs its test programs and the build runs H5detect,
   * all built for the host, on the build machine. A known-broken cell. */
  "hdf5-unfixed": ({ hdf5 }: { hdf5: Package }) => hdf5.override({ fixCross: false }),
  hello,
  jemalloc,
  jq,
  judy,
  /** judy without its cross fix: the table generators and jhton are built with the host compiler
   * and run on the build machine. Kept as a known-broken cell (host binary run at build time). */
  "judy-unfixed": ({ judy }: { judy: Package }) => judy.override({ fixCross: false }),
  less,
  libc,
  libcap,
  libpng,
  libtool,
  libvpx,
  /** libvpx configured like an autoconf package (--build/--host, no --target): its hand-written
   * configure refuses. A known-broken cell. */
  "libvpx-unfixed": ({ libvpx }: { libvpx: Package }) => libvpx.override({ fixCross: false }),
  lua,
  m4,
  nano,
  ncurses,
  oniguruma,
  patch,
  patchelf,
  perl,
  "perl-cross-config": perlCrossConfig,
  "perl-mini": perlMini,
  "perl-module-build": perlModuleBuild,
  /** Module::Build as Nixpkgs built it before #225640: perl-mini (perl.mini) runs Build.PL, which
   * loads XS modules. Kept as a known-broken cell (build-time interpreter without extensions). */
  "perl-module-build-unfixed": (args: { "perl-module-build": Package; buildPackages: { "perl-mini": Package } }) =>
    args["perl-module-build"].override({ buildPerl: args.buildPackages["perl-mini"] }),
  pkgconf,
  // Nixpkgs' attribute for the pkg-config tool; here it is pkgconf.
  "pkg-config": pkgconf,
  python3,
  /** The Debian binary packages python3 is laid out from (python3.11-minimal, libpython3.11, ...). */
  ...python3Parts,
  redis,
  /** Nixpkgs' attribute for remove-references-to, the tool a recipe strips a reference with. */
  removeReferencesTo,
  /** redis without its cross fix: the Makefiles' bare `ar`/`ranlib` and the vendored jemalloc,
   * configured without --host. Kept as a known-broken cell. */
  "redis-unfixed": ({ redis }: { redis: Package }) => redis.override({ fixCross: false }),
  sqlite,
  tcc,
  tcl,
  uwsgi,
  /** uwsgi whose python3 plugin is built by the host's Python, as Nixpkgs built it: the build runs
   * the host's interpreter. A known-broken cell (host binary run at build time). */
  "uwsgi-unfixed": ({ uwsgi }: { uwsgi: Package }) => uwsgi.override({ fixCross: false }),
  which,
  xz,
  zlib,
};
