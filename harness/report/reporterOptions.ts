import type { AllureVitestReporterConfig } from "allure-vitest/reporter";
import { allure2Categories } from "./allureCategories.ts";
import { reportsDir, resultsDirFor } from "./resultsDirs.ts";
import { environmentInfo } from "./resultsMetadata.ts";

/**
 * The allure-vitest reporter's options for crosscheck's vitest config. The results dir follows
 * CROSSCHECK_SHARD (`i/n`, set by `crosscheck run --shard`), so shards never share a folder.
 * The index signature is what vitest's reporter tuple asks of options.
 */
export function reporterOptions(env: NodeJS.ProcessEnv = process.env): AllureVitestReporterConfig & Record<string, unknown> {
  const shard = env["CROSSCHECK_SHARD"];
  return {
    resultsDir: resultsDirFor(reportsDir(), shard),
    categories: allure2Categories(),
    environmentInfo: environmentInfo(shard),
  };
}
