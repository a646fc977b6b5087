import { join } from "node:path";
import { allure3CategoryRules, type Allure3CategoryRule } from "./allureCategories.ts";
import { keptRuns } from "./cellHistory.ts";
import { knownBrokenPrefix } from "./labels.ts";

/** The folders `crosscheck report` reads and writes, all under reports/. */
export interface ReportPaths {
  reports: string;
  html: string;
  historyDir: string;
  /** Allure 3's own history (one JSON line per run): its trend graphs and flaky marks. */
  allureHistory: string;
  knownIssues: string;
  cellHistory: string;
  config: string;
}

export function reportPaths(reports: string): ReportPaths {
  const historyDir = join(reports, "history");
  return {
    reports,
    html: join(reports, "html"),
    historyDir,
    allureHistory: join(historyDir, "allure-history.jsonl"),
    knownIssues: join(historyDir, "known-issues.json"),
    cellHistory: join(historyDir, "cells.json"),
    config: join(reports, "allurerc.json"),
  };
}

export interface AllureConfig {
  name: string;
  output: string;
  historyPath: string;
  historyLimit: number;
  categories: { rules: Allure3CategoryRule[] };
  resolutions: {
    knownIssuesPath: string;
    rules: { resolution: "accepted"; messageRegexp: string; comment: string }[];
  };
  plugins: Record<string, { options: Record<string, unknown> }>;
}

/**
 * The Allure 3 config `crosscheck report` writes to reports/allurerc.json (so that the same
 * report can be rebuilt by hand with `npx allure generate -c reports/allurerc.json`).
 */
export function allureConfig(paths: ReportPaths, name = "crosscheck"): AllureConfig {
  return {
    name,
    output: paths.html,
    historyPath: paths.allureHistory,
    historyLimit: keptRuns,
    categories: { rules: allure3CategoryRules() },
    resolutions: {
      knownIssuesPath: paths.knownIssues,
      // A failing cell the matrix marks broken is accepted: shown, but not counted as news.
      rules: [
        {
          resolution: "accepted",
          messageRegexp: `^${knownBrokenPrefix.replace(/[[\]]/g, "\\$&")}`,
          comment: "known broken: the matrix marks this cell broken",
        },
      ],
    },
    plugins: {
      // Group the tree as the matrix is read: matrix, then host platform, then package.
      awesome: { options: { reportName: name, groupBy: ["parentSuite", "suite", "subSuite"] } },
    },
  };
}
