import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "crosscheck-vitest-json-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("writes vitest's JSON report without saying so on the console", () => {
  const output = join(dir, "out", "vitest-results.json");
  writeFileSync(join(dir, "one.test.ts"), `import { it } from "vitest";\nit("passes", () => {});\nit.skip("is skipped", () => {});\n`);
  writeFileSync(
    join(dir, "vitest.config.mts"),
    `import { vitestJsonReporter } from ${JSON.stringify(join(repo, "harness/report/vitestJsonReporter.ts"))};\n` +
      `export default { test: { root: ${JSON.stringify(dir)}, include: ["one.test.ts"], reporters: ["default", await vitestJsonReporter(${JSON.stringify(output)})] } };\n`,
  );
  const run = spawnSync(process.execPath, [join(repo, "node_modules/vitest/vitest.mjs"), "run", "--config", join(dir, "vitest.config.mts")], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  expect(run.status, run.stdout + run.stderr).toBe(0);
  expect(run.stdout).toMatch(/1 passed \| 1 skipped/);
  expect(run.stdout + run.stderr).not.toMatch(/JSON report/);
  const report = JSON.parse(readFileSync(output, "utf8")) as { numTotalTests: number; numPassedTests: number; numPendingTests: number; success: boolean };
  expect(report).toMatchObject({ numTotalTests: 2, numPassedTests: 1, numPendingTests: 1, success: true });
}, 60_000);
