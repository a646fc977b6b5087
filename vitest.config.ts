import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["harness/**/*.test.ts", "recipes/**/*.test.ts", "suites/**/*.test.ts"],
    benchmark: { include: ["bench/**/*.bench.ts"] },
  },
});
