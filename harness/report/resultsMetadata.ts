import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { arch, platform, release } from "node:os";
import { join } from "node:path";
import { allure2Categories } from "./allureCategories.ts";

/** What ran the tests: shown in the report's environment section; Allure's environment.properties. */
export function environmentInfo(shard?: string): Record<string, string> {
  const info: Record<string, string> = {
    "crosscheck.version": crosscheckVersion(),
    "build.machine": `${arch()}-${platform()} (${release()})`,
    node: process.version,
  };
  const commit = gitCommit();
  if (commit !== undefined) info["git.commit"] = commit;
  if (shard !== undefined && shard !== "") info["shard"] = shard;
  return info;
}

function crosscheckVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: string };
  return pkg.version ?? "unknown";
}

function gitCommit(): string | undefined {
  try {
    return execFileSync("git", ["rev-parse", "--short=12", "HEAD"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    // Not a checkout (an unpacked release): the version says enough.
    return undefined;
  }
}

export interface ExecutorInfo {
  name: string;
  type: string;
  buildName?: string;
  buildUrl?: string;
  reportUrl?: string;
}

/** The CI run that produced the results, from GitHub Actions' variables; a local run otherwise. */
export function executorInfo(env: NodeJS.ProcessEnv = process.env): ExecutorInfo {
  const server = env["GITHUB_SERVER_URL"];
  const repo = env["GITHUB_REPOSITORY"];
  const runId = env["GITHUB_RUN_ID"];
  if (server !== undefined && repo !== undefined && runId !== undefined) {
    return {
      name: "GitHub Actions",
      type: "github",
      buildName: `${env["GITHUB_WORKFLOW"] ?? "workflow"} #${env["GITHUB_RUN_NUMBER"] ?? runId}`,
      buildUrl: `${server}/${repo}/actions/runs/${runId}`,
    };
  }
  return { name: "local", type: "local", buildName: `crosscheck on ${arch()}-${platform()}` };
}

const properties = (info: Record<string, string>): string =>
  Object.entries(info)
    .map(([k, v]) => `${k}=${v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")}`)
    .join("\n") + "\n";

/**
 * Writes categories.json, environment.properties and executor.json into a results dir. The
 * allure-vitest reporter writes the first two itself when configured with reporterOptions();
 * `crosscheck report` writes them again so results from an older run get today's categories.
 */
export function writeResultsMetadata(resultsDir: string, shard?: string): void {
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, "categories.json"), JSON.stringify(allure2Categories(), null, 2) + "\n");
  writeFileSync(join(resultsDir, "environment.properties"), properties(environmentInfo(shard)));
  writeFileSync(join(resultsDir, "executor.json"), JSON.stringify(executorInfo(), null, 2) + "\n");
}
