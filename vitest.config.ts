import { defineConfig } from "vitest/config";
import { reporterOptions } from "./harness/report/reporterOptions.ts";

export default defineConfig({
  test: {
    include: ["harness/**/*.test.ts", "recipes/**/*.test.ts", "suites/**/*.test.ts"],
    benchmark: { include: ["bench/**/*.bench.ts"] },
    globalSetup: ["suites/globalSetup.ts"],
    setupFiles: ["allure-vitest/setup"],
    reporters: ["default", ["json", { outputFile: "reports/vitest-results.json" }], ["allure-vitest/reporter", reporterOptions()]],
  },
});
