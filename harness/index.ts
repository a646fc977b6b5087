/**
 * crosscheck's public interface, `import ... from "crosscheck"`: the project file's
 * `defineConfig`, and the types a recipe author writes against. Nothing else is API.
 */
export { defineConfig, type UserConfig } from "./project/index.ts";
export { debianBinary, type DebianBinaryArgs } from "./planner/index.ts";
export type { AttrsOverride, Catalog, Derivation, DependencyElement, Lib, MkDerivationArgs, Overrides, Package, Recipe, Stdenv } from "./planner/index.ts";
export type { BuildSystem, DependencyList, Meta, PhaseHook, PlatformPattern, Source } from "./planner/index.ts";
export type { Platform } from "./platform/index.ts";
