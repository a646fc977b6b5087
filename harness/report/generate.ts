import { spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { allureConfig, type ReportPaths } from "./allureConfig.ts";

/** The Allure 3 CLI of the pinned `allure` package (its package.json is not exported, its main is). */
function allureCli(): string {
  const main = createRequire(import.meta.url).resolve("allure");
  const cli = join(dirname(main), "..", "cli.js");
  if (!existsSync(cli)) throw new Error(`the allure package has no cli.js next to ${main}`);
  return cli;
}

export interface GenerateResult {
  code: number;
  output: string;
}

/**
 * Generates the HTML report from all results dirs (the shards of one run) into paths.html,
 * reading and appending Allure's history. Runs the CLI as a child process: Allure's generator
 * keeps global state and prints progress, neither of which belongs in crosscheck's process.
 */
export async function generateHtml(paths: ReportPaths, resultsDirs: readonly string[]): Promise<GenerateResult> {
  mkdirSync(paths.historyDir, { recursive: true });
  writeFileSync(paths.config, JSON.stringify(allureConfig(paths), null, 2) + "\n");
  const args = [allureCli(), "generate", "--config", paths.config, "--output", paths.html, ...resultsDirs];
  return await new Promise<GenerateResult>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: paths.reports, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}
