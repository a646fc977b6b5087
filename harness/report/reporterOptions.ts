import { join } from "node:path";
import type { AllureVitestReporterConfig } from "allure-vitest/reporter";
import { allure2Categories } from "./allureCategories.ts";
import { cellLabelsListener } from "./cellLabels.ts";
import { resultsDirFor } from "./resultsDirs.ts";
import { runFiles } from "./runDirs.ts";
import { environmentInfo } from "./resultsMetadata.ts";

/**
 * The allure-vitest reporter's options for crosscheck's vitest config. Under `crosscheck run`
 * the results go into the run's own directory (`runDir`); a plain vitest run's follow its
 * shard (`i/n`), so shards never share a folder. The index signature is what vitest's
 * reporter tuple asks of options. Its listener gives a cell's result Allure labels of one meaning
 * (cellLabels.ts) as the result is written.
 */
export function reporterOptions(reportsDir: string, shard: string | undefined, runDir?: string): AllureVitestReporterConfig & Record<string, unknown> {
  return {
    resultsDir: runDir !== undefined ? join(runDir, runFiles.allure) : resultsDirFor(reportsDir, shard),
    categories: allure2Categories(),
    environmentInfo: environmentInfo(shard),
    listeners: [cellLabelsListener],
  };
}
