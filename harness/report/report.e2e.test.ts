import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { report } from "../cli/report.ts";
import type { CellHistoryFile } from "./cellHistory.ts";
import { serveDirectory } from "./serve.ts";

// The whole path a user takes: a vitest run through the real allure-vitest reporter (two shards,
// as two processes), `crosscheck report`, and the generated page in a real headless Chromium.

const repo = fileURLToPath(new URL("../..", import.meta.url));
const reports = mkdtempSync(join(tmpdir(), "crosscheck-report-"));
const chromiumPath = "/usr/bin/chromium";

/** Runs the fixture suite as one shard; the fixture has failing cells, so vitest exits 1. */
function runShard(shard: string, cells: string): Promise<{ code: number; output: string }> {
  const vitest = join(repo, "node_modules", "vitest", "vitest.mjs");
  const args = [vitest, "run", "--config", "harness/report/fixture/vitest.config.ts", "-t", cells];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: repo,
      env: { ...process.env, CROSSCHECK_REPORTS_DIR: reports, CROSSCHECK_SHARD: shard, NO_COLOR: "1" },
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, output }));
  });
}

let browser: BrowserContext | undefined;
let stopServer: (() => void) | undefined;
let reportUrl = "";

beforeAll(async () => {
  if (!existsSync(chromiumPath)) {
    const install = spawnSync(join(repo, "scripts", "install-chromium.sh"), { encoding: "utf8" });
    if (install.status !== 0) throw new Error(`Chromium is missing and installing it failed:\n${install.stdout}${install.stderr}`);
  }
  const shards = await Promise.all([runShard("1/2", "aarch64"), runShard("2/2", "riscv64|armv7l")]);
  for (const s of shards) expect(s.code, s.output).toBe(1);

  const saved = process.env["CROSSCHECK_REPORTS_DIR"];
  process.env["CROSSCHECK_REPORTS_DIR"] = reports;
  try {
    expect(await report({ values: { open: false, port: "0" }, positionals: [] })).toBe(0);
  } finally {
    if (saved === undefined) delete process.env["CROSSCHECK_REPORTS_DIR"];
    else process.env["CROSSCHECK_REPORTS_DIR"] = saved;
  }

  const served = await serveDirectory(join(reports, "html"));
  reportUrl = served.url;
  stopServer = () => served.server.close();
  browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "crosscheck-chromium-")), {
    executablePath: chromiumPath,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  stopServer?.();
  rmSync(reports, { recursive: true, force: true });
});

async function open(hash: string): Promise<Page> {
  if (browser === undefined) throw new Error("no browser");
  const page = await browser.newPage();
  // The report is self-contained; anything off the local server (fonts, telemetry) is noise.
  await page.route("**/*", (route) => (route.request().url().startsWith(reportUrl) ? route.continue() : route.abort()));
  await page.goto(reportUrl + hash);
  return page;
}

describe("the generated report", () => {
  it("merges both shards into one run and records it in the history", () => {
    expect(existsSync(join(reports, "allure-results-1-of-2"))).toBe(true);
    expect(existsSync(join(reports, "allure-results-2-of-2"))).toBe(true);
    const history = JSON.parse(readFileSync(join(reports, "history", "cells.json"), "utf8")) as CellHistoryFile;
    expect(history.runs).toHaveLength(1);
    expect(Object.keys(history.cells).sort()).toEqual([
      "fixture/apr.x86_64-linux.aarch64-linux",
      "fixture/curl.x86_64-linux.aarch64-linux",
      "fixture/hello.x86_64-linux.armv7l-linux",
      "fixture/judy.x86_64-linux.riscv64-linux",
      "fixture/libyaml.x86_64-linux.riscv64-linux",
      "fixture/redis.x86_64-linux.aarch64-linux",
      "fixture/zlib.x86_64-linux.aarch64-linux",
    ]);
    expect(history.cells["fixture/redis.x86_64-linux.aarch64-linux"]?.statuses[0]).toMatchObject({ status: "failed", category: "unprefixed-binutils" });
    expect(history.cells["fixture/hello.x86_64-linux.armv7l-linux"]?.statuses[0]).toMatchObject({ status: "broken", category: "infrastructure" });
    expect(readFileSync(join(reports, "history", "allure-history.jsonl"), "utf8").trim().split("\n")).toHaveLength(1);
  });

  it("shows every cell, grouped by matrix, host and package", async () => {
    const page = await open("");
    // The tree opens the groups that hold failures down to the cell; passing packages stay folded.
    for (const name of ["redis on aarch64-linux", "apr on aarch64-linux", "curl on aarch64-linux", "judy on riscv64-linux", "hello on armv7l-linux"]) {
      await expect.poll(() => page.getByText(name, { exact: true }).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    }
    const body = await page.innerText("body");
    expect(body).toMatch(/Results\s+7/);
    const lines = body.split("\n");
    for (const group of ["fixture", "aarch64-linux", "riscv64-linux", "armv7l-linux", "zlib", "libyaml"]) expect(lines).toContain(group);
    await page.close();
  }, 30_000);

  it("shows the failure categories with their hints, known-broken and fixed cells apart", async () => {
    const page = await open("#categories");
    await expect.poll(() => page.getByText("Unprefixed binutils", { exact: true }).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const body = await page.innerText("body");
    expect(body).toContain("Host binary run at build time");
    expect(body).toContain("depsBuildBuild");
    expect(body).toContain('AR=${stdenv.cc.targetPrefix}ar');
    expect(body).toContain("Infrastructure fault");
    expect(body).toContain("Build-platform reference in the closure");
    expect(body).toContain("Known broken (marked in the matrix)");
    expect(body).toContain("Fixed: marked broken but passes");
    await page.close();
  }, 30_000);
});
