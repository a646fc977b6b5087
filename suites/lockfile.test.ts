/**
 * `npm ci` on a fresh clone: the committed lockfile must agree with package.json, including
 * every platform's optional packages (rollup's and esbuild's), or CI stops before it starts.
 * npm itself judges: `npm ci --dry-run` in a copy of the two files checks the lockfile against
 * package.json as a real `npm ci` does, without installing anything.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function npmCiDryRun(packageJson: string, lockfile: string): Promise<{ code: number; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), "crosscheck-lockfile-"));
  dirs.push(dir);
  writeFileSync(join(dir, "package.json"), packageJson);
  writeFileSync(join(dir, "package-lock.json"), lockfile);
  return new Promise((resolve) =>
    execFile("npm", ["ci", "--dry-run", "--ignore-scripts", "--no-audit", "--no-fund"], { cwd: dir }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, output: stdout + stderr }),
    ),
  );
}

const packageJson = readFileSync("package.json", "utf8");
const lockfile = readFileSync("package-lock.json", "utf8");

test("npm ci accepts the committed lockfile", { timeout: 120_000 }, async () => {
  const { code, output } = await npmCiDryRun(packageJson, lockfile);
  expect(code, output).toBe(0);
});

test("the lockfile holds the optional packages of Linux x64 and arm64 and macOS", () => {
  const packages = Object.keys((JSON.parse(lockfile) as { packages: Record<string, unknown> }).packages);
  for (const platform of ["linux-x64-gnu", "linux-arm64-gnu", "darwin-x64", "darwin-arm64"]) {
    expect(packages).toContain(`node_modules/@rollup/rollup-${platform}`);
  }
});

test("a lockfile that drifted from package.json is refused, so the first test can fail", { timeout: 120_000 }, async () => {
  const lock = JSON.parse(lockfile) as { packages: Record<string, unknown> };
  delete lock.packages["node_modules/@rollup/rollup-darwin-arm64"];
  const { code, output } = await npmCiDryRun(packageJson, JSON.stringify(lock, null, 2));
  expect(code).not.toBe(0);
  expect(output).toMatch(/rollup-darwin-arm64/);
});
