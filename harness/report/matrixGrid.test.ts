import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { CellResult } from "./allureResults.ts";
import { appendRun, type CellHistoryFile } from "./cellHistory.ts";
import { matrixGrids, renderMatrixGrids, trendRuns } from "./matrixGrid.ts";

const result = (pkg: string, host: string, state: string, extra: Partial<CellResult> = {}): CellResult => {
  const target = extra.target ?? host;
  const id = `${pkg}@x86_64-linux~${host}${target === host ? "" : `~${target}`}`;
  return { uuid: `${id}-${state}`, name: id, historyKey: `smoke/${id}`, status: state === "failed" ? "failed" : "passed", state, matrix: "smoke", package: pkg, build: "x86_64-linux", host, target, ...extra };
};

/** The history of these nights, oldest first, the last one the report's. */
function nights(...runs: CellResult[][]): CellHistoryFile {
  return runs.reduce<CellHistoryFile>((h, rs, i) => appendRun(h, rs, new Date(Date.UTC(2026, 10, i + 1)), `night-${i}`), { version: 1, runs: [], cells: {} });
}

describe("the matrix grid", () => {
  it("puts packages in rows and (host, target) in columns, each cell with its state, change and trend", () => {
    const last = [result("zlib", "riscv64", "failed", { category: "unprefixed-binutils" }), result("hello", "riscv64", "passed"), result("tcc", "x86_64-linux", "passed", { target: "aarch64-multiplatform" })];
    const history = nights([result("zlib", "riscv64", "passed"), result("hello", "riscv64", "passed")], last);
    const [grid, ...others] = matrixGrids(last, history);
    expect(others).toEqual([]);
    expect(grid!.packages).toEqual(["hello", "tcc", "zlib"]);
    expect(grid!.columns).toEqual([
      { build: "x86_64-linux", host: "riscv64", target: "riscv64" },
      { build: "x86_64-linux", host: "x86_64-linux", target: "aarch64-multiplatform" },
    ]);
    const zlib = grid!.cells.find((c) => c.package === "zlib")!;
    expect(zlib).toMatchObject({ state: "failed", category: "unprefixed-binutils", changedFrom: "passed", trend: [{ state: "passed" }, { state: "failed" }] });
    expect(zlib.href).toBe(`index.html#${createHash("md5").update(last[0]!.uuid).digest("hex")}`);
    expect(grid!.cells.find((c) => c.package === "hello")!.changedFrom).toBeUndefined();
    expect(grid!.cells.find((c) => c.package === "tcc")!.trend).toHaveLength(1);

    const html = renderMatrixGrids([grid!], new Date(0));
    expect(html.match(/<a class="cell /g)).toHaveLength(3);
    expect(html).toContain('<a class="cell state-failed changed" href="index.html#');
    expect(html).toContain('<span class="changed-mark">was passed</span>');
    expect(html).toContain('<span class="target">target aarch64-multiplatform</span>');
    // hello and zlib have no cell on the cross compiler's column, tcc none on riscv64.
    expect(html.match(/<td class="none"><\/td>/g)).toHaveLength(3);
  });

  it("shows the last runs only, and escapes what the matrix names", () => {
    const runs = Array.from({ length: trendRuns + 5 }, (_, i) => [result("a<b", "riscv64", i % 2 === 0 ? "passed" : "failed")]);
    const grids = matrixGrids(runs.at(-1)!, nights(...runs));
    expect(grids[0]!.cells[0]!.trend).toHaveLength(trendRuns);
    const html = renderMatrixGrids(grids, new Date(0));
    expect(html).toContain("<th scope=\"row\">a&#60;b</th>");
    expect(html).not.toContain("a<b");
  });
});
