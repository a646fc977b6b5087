import type { TestResult } from "allure-js-commons";
import { describe, expect, it } from "vitest";
import { buildMachineLabel, cellLabels, cellLabelsListener } from "./cellLabels.ts";
import { labelNames } from "./labels.ts";

// The labels allure-vitest gives a test of suites/matrix.test.ts, then labelCell's.
const written = [
  { name: "framework", value: "vitest" },
  { name: "host", value: "vm" },
  { name: "thread", value: "vitest-worker-2" },
  { name: "package", value: "crosscheck.suites.matrix.test.ts" },
  { name: "parentSuite", value: "smoke" },
  { name: "suite", value: "armv7l-hf-multiplatform" },
  { name: "parentSuite", value: "smoke" },
  { name: "suite", value: "armv7l-hf-multiplatform" },
  { name: "subSuite", value: "hello" },
  { name: "package", value: "hello" },
  { name: labelNames.cell, value: "hello@x86_64-linux~armv7l-hf-multiplatform" },
];

describe("a cell's Allure labels", () => {
  it("name the build machine as host and the package as package, once each, and keep crosscheck's suites", () => {
    expect(cellLabels(written, buildMachineLabel("ci-runner-7"))).toEqual([
      { name: "framework", value: "vitest" },
      { name: "host", value: "build machine ci-runner-7" },
      { name: "thread", value: "vitest-worker-2" },
      { name: "parentSuite", value: "smoke" },
      { name: "suite", value: "armv7l-hf-multiplatform" },
      { name: "subSuite", value: "hello" },
      { name: "package", value: "hello" },
      { name: labelNames.cell, value: "hello@x86_64-linux~armv7l-hf-multiplatform" },
    ]);
  });

  it("are rewritten by the listener for cells only", () => {
    const cell = { labels: [...written] } as TestResult;
    const other = { labels: written.filter((l) => l.name !== labelNames.cell) } as TestResult;
    cellLabelsListener.beforeTestResultWrite!(cell);
    cellLabelsListener.beforeTestResultWrite!(other);
    expect(cell.labels.filter((l) => l.name === "host")).toEqual([{ name: "host", value: buildMachineLabel() }]);
    expect(other.labels).toEqual(written.filter((l) => l.name !== labelNames.cell));
  });
});
