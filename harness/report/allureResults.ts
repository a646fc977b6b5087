import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { labelNames } from "./labels.ts";

/** The fields crosscheck reads back from an Allure result file (`<uuid>-result.json`). */
export interface CellResult {
  uuid: string;
  name: string;
  historyKey: string;
  status: "passed" | "failed" | "broken" | "skipped" | "unknown";
  category?: string;
  expect?: string;
  /** The cell's state (passed, known-broken, ...), as the matrix suite labels it. */
  state?: string;
  stop?: number;
}

interface RawResult {
  uuid?: string;
  name?: string;
  historyId?: string;
  testCaseId?: string;
  status?: CellResult["status"];
  stop?: number;
  labels?: { name: string; value: string }[];
}

/** Reads every test result of the given results dirs (all shards of one run). */
export function readCellResults(dirs: readonly string[]): CellResult[] {
  const results: CellResult[] = [];
  for (const dir of dirs) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith("-result.json")).sort()) {
      const raw = JSON.parse(readFileSync(join(dir, file), "utf8")) as RawResult;
      const label = (name: string): string | undefined => raw.labels?.find((l) => l.name === name)?.value;
      const result: CellResult = {
        uuid: raw.uuid ?? file.replace(/-result\.json$/, ""),
        name: raw.name ?? "(unnamed)",
        // Cells reported through labelCell carry testCaseId = matrix/cell; other tests fall
        // back to Allure's own history id so they are still tracked.
        historyKey: raw.testCaseId ?? raw.historyId ?? raw.name ?? file,
        status: raw.status ?? "unknown",
      };
      const category = label(labelNames.category);
      const expect = label(labelNames.expect);
      const state = label(labelNames.state);
      if (category !== undefined) result.category = category;
      if (state !== undefined) result.state = state;
      if (expect !== undefined) result.expect = expect;
      if (raw.stop !== undefined) result.stop = raw.stop;
      results.push(result);
    }
  }
  return results;
}

const suiteLabels = new Set(["parentSuite", "suite", "subSuite"]);

/**
 * allure-vitest derives suite labels from the vitest describe blocks, and labelCell adds
 * crosscheck's (matrix, host, package) after them. With two values Allure may group by either,
 * so for crosscheck's cells keep only the last of each: crosscheck's. Results of tests that are
 * not cells are removed.
 */
export function normalizeSuiteLabels(dirs: readonly string[]): void {
  for (const dir of dirs) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith("-result.json"))) {
      const path = join(dir, file);
      const raw = JSON.parse(readFileSync(path, "utf8")) as RawResult & Record<string, unknown>;
      const labels = raw.labels ?? [];
      // The same vitest run holds crosscheck's own unit tests; the report is about cells.
      if (!labels.some((l) => l.name === labelNames.cell)) {
        rmSync(path);
        continue;
      }
      const kept = labels.filter((l, i) => !suiteLabels.has(l.name) || !labels.slice(i + 1).some((later) => later.name === l.name));
      if (kept.length !== labels.length) writeFileSync(path, JSON.stringify({ ...raw, labels: kept }));
    }
  }
}
