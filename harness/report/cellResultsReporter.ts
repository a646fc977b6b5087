import AllureVitestReporter from "allure-vitest/reporter";
import type { RunnerTask } from "vitest";
import type { TestCase } from "vitest/node";

/**
 * allure-vitest's reporter, writing each test's result when the test ends rather than all of
 * them when the run ends: a run that is interrupted (Ctrl-C, a cancelled CI job) keeps the
 * results of every cell that finished. The results are the reporter's own, written by its own
 * code (handleTask), so they are what it writes at the end; a test is written once.
 */
export class CellResultsReporter extends AllureVitestReporter {
  private readonly written = new Set<string>();

  onTestCaseResult(testCase: TestCase): void {
    // The runner's task behind the reported test: what allure-vitest reads at the end.
    this.handleTask((testCase as unknown as { task: RunnerTask }).task);
  }

  override handleTask(task: RunnerTask): void {
    if (task.type === "test") {
      if (this.written.has(task.id)) return;
      this.written.add(task.id);
    }
    super.handleTask(task);
  }
}
