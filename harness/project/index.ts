/** The user's project: its config file, the paths it owns, and its package set. */
export { defineConfig, type UserConfig } from "./config.ts";
export { findConfigFile, packageRoot, resolveProject, type Project } from "./project.ts";
export { loadCatalog } from "./catalog.ts";
export { recipeFiles } from "./recipeDirectory.ts";
export { displayPath } from "./displayPath.ts";
