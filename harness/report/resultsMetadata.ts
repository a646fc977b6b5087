import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { arch, platform, release } from "node:os";

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
