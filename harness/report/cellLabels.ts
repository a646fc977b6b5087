import { hostname } from "node:os";
import type { Label, TestResult } from "allure-js-commons";
import type { LifecycleListener } from "allure-js-commons/sdk/reporter";
import { labelNames } from "./labels.ts";

/**
 * Allure's labels on a cell's result, each with one meaning, set as the result is written.
 *
 * allure-vitest labels every test with what a vitest test is: `package` is the test file
 * (crosscheck.suites.matrix.test.ts), `host` the machine's hostname, and the suites its describe
 * blocks. labelCell adds crosscheck's after them; where a name then has two values, the cell's
 * (the last) is kept: `package` is the package, the suites are matrix, host platform and package.
 * `host` is not the cell's host platform (a parameter says that): Allure's timeline draws a lane
 * per host and thread, so it stays, naming the machine that ran the cell as what it is,
 * `build machine <hostname>`.
 */
const cellsOwn = new Set(["parentSuite", "suite", "subSuite", "package"]);

/** The value of Allure's `host` label on a cell: the machine that ran it. */
export const buildMachineLabel = (name: string = hostname()): string => `build machine ${name}`;

export function cellLabels(labels: readonly Label[], machine: string = buildMachineLabel()): Label[] {
  const kept = labels.filter((l, i) => !cellsOwn.has(l.name) || !labels.slice(i + 1).some((later) => later.name === l.name));
  return kept.map((l) => (l.name === "host" ? { name: "host", value: machine } : l));
}

/** The listener reporterOptions gives allure-vitest: a cell's labels rewritten before its result is written; other tests' left as they are. */
export const cellLabelsListener: LifecycleListener = {
  beforeTestResultWrite(result: TestResult): void {
    if (result.labels.some((l) => l.name === labelNames.cell)) result.labels = cellLabels(result.labels);
  },
};
