import { readdirSync, readFileSync, rmSync } from "node:fs";
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
  /** Where the cell sits in the matrix: labelCell's labels and parameters (absent on other tests). */
  matrix?: string;
  package?: string;
  build?: string;
  host?: string;
  target?: string;
}

interface RawResult {
  uuid?: string;
  name?: string;
  historyId?: string;
  testCaseId?: string;
  status?: CellResult["status"];
  stop?: number;
  labels?: { name: string; value: string }[];
  parameters?: { name: string; value: string }[];
}

/** Reads every test result of the given results dirs (all shards of one run). */
export function readCellResults(dirs: readonly string[]): CellResult[] {
  const results: CellResult[] = [];
  for (const dir of dirs) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith("-result.json")).sort()) {
      const raw = JSON.parse(readFileSync(join(dir, file), "utf8")) as RawResult;
      // The last of a name: where allure-vitest and labelCell both gave one (results written
      // before cellLabels.ts), labelCell's came last.
      const label = (name: string): string | undefined => raw.labels?.filter((l) => l.name === name).at(-1)?.value;
      const result: CellResult = {
        uuid: raw.uuid ?? file.replace(/-result\.json$/, ""),
        name: raw.name ?? "(unnamed)",
        // Cells reported through labelCell carry testCaseId = matrix/cell; other tests fall
        // back to Allure's own history id so they are still tracked.
        historyKey: raw.testCaseId ?? raw.historyId ?? raw.name ?? file,
        status: raw.status ?? "unknown",
      };
      const parameter = (name: string): string | undefined => raw.parameters?.find((p) => p.name === name)?.value;
      const fields = {
        category: label(labelNames.category),
        expect: label(labelNames.expect),
        state: label(labelNames.state),
        stop: raw.stop,
        matrix: label("parentSuite"),
        package: label("package"),
        build: parameter("build"),
        host: parameter("host"),
        target: parameter("target"),
      };
      for (const [key, value] of Object.entries(fields)) if (value !== undefined) Object.assign(result, { [key]: value });
      results.push(result);
    }
  }
  return results;
}

/** The same vitest run holds crosscheck's own unit tests (npm test); the report is about cells, so other tests' results are removed. */
export function removeNonCellResults(dirs: readonly string[]): void {
  for (const dir of dirs) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith("-result.json"))) {
      const path = join(dir, file);
      const raw = JSON.parse(readFileSync(path, "utf8")) as RawResult;
      if (!(raw.labels ?? []).some((l) => l.name === labelNames.cell)) rmSync(path);
    }
  }
}
