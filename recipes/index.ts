import type { Catalog } from "../harness/planner/index.ts";
import file from "./file.ts";
import hello from "./hello.ts";
import judy from "./judy.ts";
import judyUnfixed from "./judy-unfixed.ts";
import libcap from "./libcap.ts";
import libpng from "./libpng.ts";
import pkgconf from "./pkgconf.ts";
import tcc from "./tcc.ts";
import zlib from "./zlib.ts";

/** The catalog: attribute name → recipe, as the top level of Nixpkgs binds them. */
export const catalog: Catalog = {
  file,
  hello,
  judy,
  "judy-unfixed": judyUnfixed,
  libcap,
  libpng,
  pkgconf,
  // Nixpkgs' attribute for the pkg-config tool; here it is pkgconf.
  "pkg-config": pkgconf,
  tcc,
  zlib,
};
