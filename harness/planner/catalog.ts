import type { Derivation } from "./mkDerivation.ts";

/**
 * A recipe: a function of the arguments callPackage gives it (`{ stdenv, lib, zlib, buildPackages,
 * "pkg-config": pkgConfig, … }`) returning `stdenv.mkDerivation({...})`, a compiler wrapper
 * (`wrapCC({...})`, as the catalog's gcc), or an override of another package
 * (`({ apr }) => apr.override({ fixCross: false })`). Its second parameter, when it has
 * one, is what `.override` gave it (`{}` otherwise): its switches with their defaults, as Nix
 * formals with defaults (`{ fixCross ? true }`).
 *
 * Each recipe declares the arguments it takes with its own parameter types, as a Nix function
 * declares its formals; callPackage supplies them by name at run time, so a catalog can only be
 * typed as "some function of some arguments" and the names are checked when they are looked up.
 */
export type Recipe = (args: never, options: never) => Derivation;

/** Package name (attribute name, may contain `-`) → recipe. */
export type Catalog = Readonly<Record<string, Recipe>>;
