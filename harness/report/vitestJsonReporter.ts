import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { Reporter } from "vitest/node";

/**
 * vitest's own JSON reporter (the same file, reports/runs/<dir>/vitest-results.json, written by
 * its code), without the line `JSON report written to …` it prints when a run ends: the run's
 * summary says where its files are. vitest has no option for that line, so its writeReport is
 * replaced by the write alone. vitest's reporters are its node side: they are imported here
 * when the config asks for one, never by the workers that import the report room.
 */
export async function vitestJsonReporter(outputFile: string): Promise<Reporter> {
  const { JsonReporter } = await import("vitest/reporters");
  class QuietJsonReporter extends JsonReporter {
    override async writeReport(report: string): Promise<void> {
      const file = resolve(this.ctx.config.root, outputFile);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, report, "utf-8");
    }
  }
  return new QuietJsonReporter({ outputFile });
}
