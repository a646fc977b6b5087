import { basename } from "node:path";
import { buildReport, NoResultsError } from "../report/index.ts";
import { displayPath, resolveProject } from "../project/index.ts";
import { serveDirectory } from "../report/index.ts";
import { UserError } from "../userError.ts";
import type { Invocation } from "./commands.ts";
import { UsageError } from "./usageError.ts";

/**
 * `crosscheck report`: the HTML report (Allure 3) of the runs since the last report, each run's
 * results directory under reports/runs/ (and a plain vitest run's reports/allure-results*), into
 * reports/html, keeping history in reports/history, one entry per run. `--open` serves it on
 * localhost until interrupted.
 */
export async function report({ values }: Invocation<"report">): Promise<number> {
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port wants a port number, got '${values.port}'`);

  let built;
  try {
    built = await buildReport((await resolveProject()).reportsDir);
  } catch (error) {
    if (error instanceof NoResultsError) throw new UserError(error.message);
    throw error;
  }

  const count = (s: string): number => built.results.filter((r) => r.status === s).length;
  const runs = built.runs.length === 1 ? "1 run" : `${built.runs.length} runs`;
  console.log(
    `${built.results.length} cell results from ${runs} (${built.resultsDirs.length} results dir${built.resultsDirs.length === 1 ? "" : "s"}): ` +
      `${count("passed")} passed, ${count("failed")} failed, ${count("broken")} broken, ${count("skipped")} skipped`,
  );
  for (const dir of built.running) console.log(`not in this report: ${displayPath(dir)} is still running`);
  const { newlyFailing, fixed, flaky } = built.trends;
  if (newlyFailing.length > 0) console.log(`newly failing: ${newlyFailing.join(", ")}`);
  if (fixed.length > 0) console.log(`fixed since the last run: ${fixed.join(", ")}`);
  if (flaky.length > 0) console.log(`flaky: ${flaky.join(", ")}`);
  console.log(`report: ${built.paths.html}/index.html`);
  console.log(`matrix grid: ${built.grid}`);

  if (!values.open) return 0;
  const { url, server } = await serveDirectory(built.paths.html, port);
  console.log(`serving the report at ${url}, the matrix grid at ${url}${basename(built.grid)} (Ctrl-C to stop)`);
  await new Promise<void>((resolve) => process.once("SIGINT", () => server.close(() => resolve())));
  return 0;
}
