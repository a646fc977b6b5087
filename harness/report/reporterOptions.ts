import type { AllureVitestReporterConfig } from "allure-vitest/reporter";
import { allure2Categories } from "./allureCategories.ts";
import { resultsDirFor } from "./resultsDirs.ts";
import { environmentInfo } from "./resultsMetadata.ts";

/**
 * The allure-vitest reporter's options for crosscheck's vitest config. The results dir follows
 * the run's shard (`i/n`, from `crosscheck run --shard`), so shards never share a folder.
 * The index signature is what vitest's reporter tuple asks of options.
 */
export function reporterOptions(reportsDir: string, shard: string | undefined): AllureVitestReporterConfig & Record<string, unknown> {
  return {
    resultsDir: resultsDirFor(reportsDir, shard),
    categories: allure2Categories(),
    environmentInfo: environmentInfo(shard),
  };
}
