import type { Catalog } from "../harness/planner/index.ts";
import apr from "./apr.ts";
import aprUnfixed from "./apr-unfixed.ts";
import cluceneCore from "./clucene-core.ts";
import cluceneCoreUnfixed from "./clucene-core-unfixed.ts";
import curl from "./curl.ts";
import enca from "./enca.ts";
import encaUnfixed from "./enca-unfixed.ts";
import file from "./file.ts";
import git from "./git.ts";
import gitUnfixed from "./git-unfixed.ts";
import hello from "./hello.ts";
import jemalloc from "./jemalloc.ts";
import judy from "./judy.ts";
import judyUnfixed from "./judy-unfixed.ts";
import libcap from "./libcap.ts";
import libpng from "./libpng.ts";
import libvpx from "./libvpx.ts";
import libvpxUnfixed from "./libvpx-unfixed.ts";
import perl from "./perl.ts";
import perlCrossConfig from "./perl-cross-config.ts";
import perlMini from "./perl-mini.ts";
import perlModuleBuild from "./perl-module-build.ts";
import perlModuleBuildUnfixed from "./perl-module-build-unfixed.ts";
import pkgconf from "./pkgconf.ts";
import redis from "./redis.ts";
import redisUnfixed from "./redis-unfixed.ts";
import tcc from "./tcc.ts";
import zlib from "./zlib.ts";

/** The catalog: attribute name → recipe, as the top level of Nixpkgs binds them. */
export const catalog: Catalog = {
  apr,
  "apr-unfixed": aprUnfixed,
  "clucene-core": cluceneCore,
  "clucene-core-unfixed": cluceneCoreUnfixed,
  curl,
  enca,
  "enca-unfixed": encaUnfixed,
  file,
  git,
  "git-unfixed": gitUnfixed,
  hello,
  jemalloc,
  judy,
  "judy-unfixed": judyUnfixed,
  libcap,
  libpng,
  libvpx,
  "libvpx-unfixed": libvpxUnfixed,
  perl,
  "perl-cross-config": perlCrossConfig,
  "perl-mini": perlMini,
  "perl-module-build": perlModuleBuild,
  "perl-module-build-unfixed": perlModuleBuildUnfixed,
  pkgconf,
  // Nixpkgs' attribute for the pkg-config tool; here it is pkgconf.
  "pkg-config": pkgconf,
  redis,
  "redis-unfixed": redisUnfixed,
  tcc,
  zlib,
};
