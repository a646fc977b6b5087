/**
 * The user's project, resolved: where its config is, and every path it owns made absolute.
 * Plain data, so a run hands it to vitest's workers as JSON (vitest's SerializedConfig).
 * crosscheck's own checkout is one such project.
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";
import { UserError } from "../userError.ts";
import type { UserConfig } from "./config.ts";

export const configFileNames = ["crosscheck.config.ts", "crosscheck.config.mts", "crosscheck.config.js", "crosscheck.config.mjs"] as const;

/** The installed crosscheck package (or the checkout): its suites, built-in recipes and matrices. */
export const packageRoot = fileURLToPath(new URL("../..", import.meta.url));

export interface Project {
  /** The directory of the config file, or the working directory when there is none. */
  root: string;
  configFile: string | null;
  /** Overlay directories, lowest first. */
  recipeDirs: string[];
  builtinRecipes: boolean;
  matrix: string;
  matricesDir: string;
  snapshotsDir: string;
  reportsDir: string;
  /** What a run remembers of each cell for `crosscheck why`. */
  cellsDir: string;
  /** The config's builders as written (the engine checks them), or null. */
  builders: UserConfig["builders"] | null;
}

/** The nearest config file at or above `from`, as vitest and git look for theirs. */
export function findConfigFile(from: string): string | null {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    for (const name of configFileNames) {
      const file = join(dir, name);
      if (existsSync(file)) return file;
    }
    if (dirname(dir) === dir) return null;
  }
}

const knownFields: readonly (keyof UserConfig)[] = ["recipes", "builtinRecipes", "matrix", "matrices", "snapshots", "reports", "builders"];

function checkConfig(value: unknown, file: string): UserConfig {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new UserError(`${file}: the default export must be defineConfig({ ... }), got ${Array.isArray(value) ? "a list" : typeof value}`);
  }
  const config = value as Record<string, unknown>;
  for (const key of Object.keys(config)) {
    if (!(knownFields as readonly string[]).includes(key)) throw new UserError(`${file}: unknown field '${key}' (known: ${knownFields.join(", ")})`);
  }
  const strings = (key: keyof UserConfig) => {
    const v = config[key];
    if (v !== undefined && typeof v !== "string") throw new UserError(`${file}: '${key}' must be a path (a string)`);
  };
  strings("matrix");
  strings("matrices");
  strings("snapshots");
  strings("reports");
  const recipes = config["recipes"];
  if (recipes !== undefined && !(Array.isArray(recipes) && recipes.every((r) => typeof r === "string"))) {
    throw new UserError(`${file}: 'recipes' must be a list of directories`);
  }
  if (config["builtinRecipes"] !== undefined && typeof config["builtinRecipes"] !== "boolean") throw new UserError(`${file}: 'builtinRecipes' must be true or false`);
  const builders = config["builders"];
  if (builders !== undefined && typeof builders !== "string" && !Array.isArray(builders)) throw new UserError(`${file}: 'builders' must be a list of { uri, systems, jobs } or a string as CROSSCHECK_BUILDERS takes it`);
  return config as UserConfig;
}

async function importConfig(file: string): Promise<UserConfig> {
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (error) {
    throw new UserError(`cannot load ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return checkConfig(module.default, file);
}

/** The project of the working directory `cwd`: its config's settings, or the defaults. */
export async function resolveProject(cwd: string = process.cwd()): Promise<Project> {
  const configFile = findConfigFile(cwd);
  const config = configFile === null ? {} : await importConfig(configFile);
  const root = configFile === null ? resolve(cwd) : dirname(configFile);
  const at = (path: string) => resolve(root, path);
  const recipeDirs = (config.recipes ?? []).map(at);
  for (const dir of recipeDirs) if (!existsSync(dir)) throw new UserError(`${configFile}: recipe directory ${dir} does not exist`);
  return {
    root,
    configFile,
    recipeDirs,
    builtinRecipes: config.builtinRecipes ?? true,
    matrix: config.matrix === undefined ? join(packageRoot, "matrices/smoke.yaml") : at(config.matrix),
    matricesDir: at(config.matrices ?? "matrices"),
    snapshotsDir: at(config.snapshots ?? "snapshots"),
    // CROSSCHECK_REPORTS_DIR moves the reports of one run (a CI cache path, a test's temp dir).
    reportsDir: process.env["CROSSCHECK_REPORTS_DIR"] ? resolve(process.env["CROSSCHECK_REPORTS_DIR"]) : at(config.reports ?? "reports"),
    cellsDir: join(root, ".crosscheck/cells"),
    builders: config.builders ?? null,
  };
}
