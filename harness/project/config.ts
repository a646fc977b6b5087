/**
 * The project file, `crosscheck.config.ts`, as a user writes it. TypeScript rather than YAML:
 * recipes are TypeScript already, the file is loaded the same way (tsx), and `defineConfig`
 * gives editors the fields and their documentation, as vitest's does.
 */
export interface UserConfig {
  /** Recipe directories, relative to the config file: overlays, each one module per attribute
   * (`zlib.ts` defines `zlib`); a later directory overrides an earlier one. Default: none. */
  recipes?: string[];
  /** Whether the built-in catalog is the base the recipe directories overlay. Default: true. */
  builtinRecipes?: boolean;
  /** The matrix `crosscheck run` takes when given none. Default: the built-in smoke matrix. */
  matrix?: string;
  /** Where `repro` looks for a cell's matrix. Default: `matrices`. */
  matrices?: string;
  /** Committed closure snapshots, one file per cell. Default: `snapshots`. */
  snapshots?: string;
  /** Allure results, history and the HTML report (generated). Default: `reports`. */
  reports?: string;
  /** Docker-API engines to build on, as Nix's `builders`: each a URI (`unix:///var/run/docker.sock`,
   * `ssh://user@host`, `tcp://host:2376` with TLS), the Nix systems it builds for (default: any)
   * and its jobs (default: 1); or the same as CROSSCHECK_BUILDERS's string. CROSSCHECK_BUILDERS,
   * when set, replaces it. Default: the one engine of DOCKER_HOST. */
  builders?: string | BuilderConfig[];
}

export interface BuilderConfig {
  uri: string;
  systems?: string[];
  jobs?: number;
}

/** Identity, typed: `export default defineConfig({ recipes: ["recipes"] })`. */
export function defineConfig(config: UserConfig): UserConfig {
  return config;
}
