import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { report } from "../cli/report.ts";
import type { CellResult } from "./allureResults.ts";
import { buildMachineLabel } from "./cellLabels.ts";
import { appendRun, readCellHistory, writeCellHistory, type CellHistoryFile } from "./cellHistory.ts";
import { serveDirectory } from "./serve.ts";

// The whole path a user takes: a vitest run through the real allure-vitest reporter (two shards,
// as two processes), `crosscheck report`, and the generated page in a real headless Chromium.
// The history already holds a previous night, in which some cells had another state.

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

/** The night before: redis passed (now failed), zlib failed (now passed), libyaml was known broken (now fixed), judy failed as now. */
const previousNight: CellResult[] = [
  { uuid: "n1", name: "redis on aarch64-linux", historyKey: "fixture/redis.x86_64-linux.aarch64-linux", status: "passed", state: "passed" },
  { uuid: "n2", name: "zlib on aarch64-linux", historyKey: "fixture/zlib.x86_64-linux.aarch64-linux", status: "failed", state: "failed", category: "unprefixed-binutils" },
  { uuid: "n3", name: "libyaml on riscv64-linux", historyKey: "fixture/libyaml.x86_64-linux.riscv64-linux", status: "skipped", state: "known-broken" },
  { uuid: "n4", name: "judy on riscv64-linux", historyKey: "fixture/judy.x86_64-linux.riscv64-linux", status: "failed", state: "failed", category: "host-binary-at-build-time" },
];

/** Each fixture cell's state, as its test reports it. */
const states: Record<string, string> = {
  "apr.x86_64-linux.aarch64-linux": "known-broken",
  "curl.x86_64-linux.aarch64-linux": "failed",
  "file.x86_64-linux.armv7l-linux": "emulator",
  "hello.x86_64-linux.armv7l-linux": "infrastructure",
  "judy.x86_64-linux.riscv64-linux": "failed",
  "libyaml.x86_64-linux.riscv64-linux": "fixed",
  "redis.x86_64-linux.aarch64-linux": "failed",
  "tcc.x86_64-linux.x86_64-linux.riscv64-linux": "unsatisfiable",
  "zlib.x86_64-linux.aarch64-linux": "passed",
};

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
  writeCellHistory(join(reports, "history", "cells.json"), appendRun(readCellHistory(join(reports, "history", "cells.json")), previousNight, new Date("2026-11-30T02:00:00Z"), "previous-night"));

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
    expect(history.runs.map((r) => r.id)).toEqual(["previous-night", expect.any(String)]);
    expect(Object.keys(history.cells).sort()).toEqual(Object.keys(states).map((id) => `fixture/${id}`));
    expect(history.cells["fixture/redis.x86_64-linux.aarch64-linux"]?.statuses[1]).toMatchObject({ status: "failed", category: "unprefixed-binutils", state: "failed" });
    expect(history.cells["fixture/hello.x86_64-linux.armv7l-linux"]?.statuses[0]).toMatchObject({ status: "broken", category: "infrastructure", state: "infrastructure" });
    expect(readFileSync(join(reports, "history", "allure-history.jsonl"), "utf8").trim().split("\n")).toHaveLength(1);
  });

  it("shows every cell, grouped by matrix, host and package", async () => {
    const page = await open("");
    // The tree opens the groups that hold failures down to the cell; passing packages stay folded.
    for (const name of ["redis on aarch64-linux", "apr on aarch64-linux", "curl on aarch64-linux", "judy on riscv64-linux", "hello on armv7l-linux"]) {
      await expect.poll(() => page.getByText(name, { exact: true }).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    }
    const body = await page.innerText("body");
    expect(body).toMatch(/Results\s+9/);
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

  it("labels each cell's host as the build machine and its package as the package, in the result files and on the page", async () => {
    const results = ["allure-results-1-of-2", "allure-results-2-of-2"].flatMap((dir) =>
      readdirSync(join(reports, dir))
        .filter((f) => f.endsWith("-result.json"))
        .map((f) => JSON.parse(readFileSync(join(reports, dir, f), "utf8")) as { name: string; labels: { name: string; value: string }[] }),
    );
    expect(results).toHaveLength(9);
    for (const r of results) {
      const values = (name: string) => r.labels.filter((l) => l.name === name).map((l) => l.value);
      expect(values("host"), r.name).toEqual([buildMachineLabel()]);
      expect(values("host"), r.name).not.toContain("vm");
      expect(values("host"), r.name).not.toContain(hostname());
      expect(values("package"), r.name).toEqual([r.name.split(" ")[0]]);
      expect(values("subSuite"), r.name).toEqual([r.name.split(" ")[0]]);
    }
    const page = await open("");
    await page.getByText("redis on aarch64-linux", { exact: true }).click();
    await expect.poll(() => page.getByText("Labels", { exact: false }).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const body = await page.innerText("body");
    expect(body).toMatch(new RegExp(`^host\\n${buildMachineLabel()}$`, "m"));
    expect(body).toMatch(/^package\nredis$/m);
    expect(body).not.toMatch(/^host\nvm$/m);
    expect(body).not.toContain("crosscheck.harness.report.fixture");
    await page.close();
  }, 30_000);

  it("links the matrix grid from the report: one element per cell, classed by state, changes marked, trends, links to each result", async () => {
    const page = await open("");
    await page.locator("#crosscheck-grid-link").click();
    await page.waitForURL(/grid\.html$/);
    const cells = await page.locator("a.cell").evaluateAll((as) =>
      as.map((a) => ({
        id: a.getAttribute("data-cell"),
        classes: [...a.classList].sort(),
        href: a.getAttribute("href"),
        changed: a.querySelector(".changed-mark")?.textContent ?? null,
        trend: [...a.querySelectorAll(".trend li")].map((li) => li.className),
        column: a.closest("table")!.querySelectorAll("thead th")[[...a.closest("tr")!.children].indexOf(a.closest("td")!)]!.textContent,
        row: a.closest("tr")!.querySelector("th")!.textContent,
      })),
    );
    expect(cells.map((c) => c.id).sort()).toEqual(Object.keys(states));
    for (const c of cells) {
      const state = states[c.id!]!;
      expect(c.classes, c.id!).toContain(`state-${state}`);
      expect(c.classes.filter((k) => k.startsWith("state-")), c.id!).toHaveLength(1);
      expect(c.row, c.id!).toBe(c.id!.split(".")[0]);
    }
    const byId = new Map(cells.map((c) => [c.id, c]));
    // Packages by hosts, the cross compiler's column with its target.
    expect(byId.get("redis.x86_64-linux.aarch64-linux")?.column).toBe("aarch64-linux");
    expect(byId.get("tcc.x86_64-linux.x86_64-linux.riscv64-linux")?.column).toBe("x86_64-linuxtarget riscv64-linux");
    // Changed since the previous night: redis newly failing, zlib passing again, libyaml fixed; judy failed both nights.
    expect(cells.filter((c) => c.classes.includes("changed")).map((c) => [c.id, c.changed])).toEqual([
      ["libyaml.x86_64-linux.riscv64-linux", "was known-broken"],
      ["redis.x86_64-linux.aarch64-linux", "was passed"],
      ["zlib.x86_64-linux.aarch64-linux", "was failed"],
    ]);
    expect(byId.get("redis.x86_64-linux.aarch64-linux")?.trend).toEqual(["state-passed", "state-failed"]);
    expect(byId.get("judy.x86_64-linux.riscv64-linux")?.trend).toEqual(["state-failed", "state-failed"]);
    expect(byId.get("curl.x86_64-linux.aarch64-linux")?.trend).toEqual(["state-failed"]);
    // Every cell's link opens its own result in the Allure report.
    for (const c of cells) {
      await page.goto(new URL(c.href!, page.url()).href);
      const name = c.id!.startsWith("tcc.") ? "tcc on x86_64-linux for riscv64-linux" : `${c.id!.split(".")[0]} on ${c.id!.split(".")[2]}`;
      await expect.poll(() => page.getByRole("heading", { name, exact: true }).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    }
    await page.close();
  }, 60_000);
});
