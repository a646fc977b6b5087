import { join } from "node:path";
import { register as registerCjs } from "tsx/cjs/api";
import { register as registerEsm } from "tsx/esm/api";
import { defineConfig, type ViteUserConfig } from "vitest/config";
import { defaultRunSettings, encodeRunSettings, readRunSettings, runSettingsEnvVar } from "./harness/cell/index.ts";
import { packageRoot } from "./harness/project/index.ts";
import { CellResultsReporter, reporterOptions, runDirEnvVar, runFiles, vitestJsonReporter } from "./harness/report/index.ts";
import { ProgressReporter, progressEnvVar, readProgressSetting } from "./harness/progress/index.ts";

/**
 * crosscheck's vitest config, for `npm test` in the checkout and for `crosscheck run` wherever
 * crosscheck is installed. A run's settings come from `crosscheck run` (CROSSCHECK_RUN), or are
 * the working directory project's defaults; either way they are put in CROSSCHECK_RUN here, so
 * the workers, started after this, read them one way.
 *
 * Under `crosscheck run` (CROSSCHECK_RUN_DIR set), everything the run writes goes into its own
 * directory, reports/runs/<dir>/, and crosscheck's progress display (CROSSCHECK_PROGRESS) takes
 * the place of vitest's default reporter. The Allure results are written as each test ends.
 */
export default defineConfig(async (): Promise<ViteUserConfig> => {
  // The project's crosscheck.config.ts is TypeScript: this process loads it through tsx (as
  // CommonJS too, in a project without "type": "module", as bin/crosscheck.mjs explains).
  registerEsm();
  registerCjs();
  const settings = process.env[runSettingsEnvVar] ? readRunSettings() : await defaultRunSettings();
  process.env[runSettingsEnvVar] = encodeRunSettings(settings);
  const { reportsDir } = settings.project;
  const runDir = process.env[runDirEnvVar] || undefined;
  const progress = runDir === undefined ? null : readProgressSetting(process.env[progressEnvVar]);
  const color = process.env["NO_COLOR"] === undefined || process.env["NO_COLOR"] === "";
  return {
    root: packageRoot,
    test: {
      // Installed, crosscheck's TypeScript lives under node_modules, which vitest would hand to
      // Node untransformed; its own dependencies stay external.
      server: { deps: { inline: [new RegExp(`^${packageRoot.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?!node_modules/)`)] } },
      include: ["harness/**/*.test.ts", "recipes/**/*.test.ts", "suites/**/*.test.ts"],
      benchmark: { include: ["bench/**/*.bench.ts"] },
      globalSetup: ["suites/globalSetup.ts"],
      setupFiles: ["allure-vitest/setup"],
      reporters: [
        progress !== null && runDir !== undefined ? new ProgressReporter({ runDir, ...progress, color }) : "default",
        await vitestJsonReporter(runDir !== undefined ? join(runDir, runFiles.vitest) : join(reportsDir, runFiles.vitest)),
        new CellResultsReporter(reporterOptions(reportsDir, settings.shard, runDir)),
      ],
    },
  };
});
