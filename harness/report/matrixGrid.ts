import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CellResult } from "./allureResults.ts";
import type { CellHistoryFile } from "./cellHistory.ts";

/**
 * The matrix as a grid, as Hydra's and Buildroot's autobuilder tables show a night: a table per
 * matrix, packages by (host, target, build) columns, one element per cell classed by its state,
 * marked when its state changed since its previous run, with its last states as a trend, and
 * linking to its result in the Allure report. A static page written beside the report
 * (reports/html/grid.html) and linked from every page of it: crosscheck's seven states and its
 * history are crosscheck's (Allure knows four statuses), and a second Allure plugin would move
 * each plugin's report into a folder of its own behind a summary page.
 */

export const gridFile = "grid.html";
/** The states a cell's trend shows, newest last. */
export const trendRuns = 10;

/** One cell of the grid: its latest result in the report and what its history says. */
export interface GridCell {
  key: string;
  id: string;
  package: string;
  build: string;
  host: string;
  target: string;
  state: string;
  category?: string;
  /** The cell's state in its previous run, when that differs from this one. */
  changedFrom?: string;
  /** The last states, oldest first, this run's last. */
  trend: { date: string; state: string }[];
  /** The cell's result in the Allure report, relative to the grid. */
  href: string;
}

export interface MatrixGrid {
  matrix: string;
  columns: { build: string; host: string; target: string }[];
  packages: string[];
  cells: GridCell[];
}

/** A result without crosscheck's state label (an older run, a plain test) shows its Allure status. */
const stateOf = (s: { state?: string; status: string }): string => s.state ?? s.status;

/** Allure 3 names a result's page by the md5 of its uuid. */
const resultHref = (uuid: string): string => `index.html#${createHash("md5").update(uuid).digest("hex")}`;

/**
 * The grids of a report's results (its runs' results, oldest run first: a cell's latest wins),
 * its trends from the history that already holds these runs.
 */
export function matrixGrids(results: readonly CellResult[], history: CellHistoryFile): MatrixGrid[] {
  const latest = new Map<string, CellResult>();
  for (const r of results) if (r.package !== undefined && r.host !== undefined) latest.set(r.historyKey, r);
  const dates = new Map(history.runs.map((r) => [r.id, r.date]));
  const byMatrix = new Map<string, GridCell[]>();
  for (const r of latest.values()) {
    const statuses = history.cells[r.historyKey]?.statuses ?? [];
    const state = stateOf(r);
    const previous = statuses.at(-2);
    const cell: GridCell = {
      key: r.historyKey,
      id: r.historyKey.slice(r.historyKey.indexOf("/") + 1),
      package: r.package!,
      build: r.build ?? "",
      host: r.host!,
      target: r.target ?? r.host!,
      state,
      trend: statuses.slice(-trendRuns).map((s) => ({ date: dates.get(s.run) ?? "", state: stateOf(s) })),
      href: resultHref(r.uuid),
      ...(r.category !== undefined ? { category: r.category } : {}),
      ...(previous !== undefined && stateOf(previous) !== state ? { changedFrom: stateOf(previous) } : {}),
    };
    const matrix = r.matrix ?? r.historyKey.split("/")[0]!;
    byMatrix.set(matrix, [...(byMatrix.get(matrix) ?? []), cell]);
  }
  return [...byMatrix.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([matrix, cells]) => {
      const columns = new Map<string, MatrixGrid["columns"][number]>();
      for (const c of cells) columns.set(columnKey(c), { build: c.build, host: c.host, target: c.target });
      return {
        matrix,
        // A host's own column first, then its cross compilers' by target.
        columns: [...columns.values()].sort(
          (a, b) => a.host.localeCompare(b.host) || Number(a.target !== a.host) - Number(b.target !== b.host) || a.target.localeCompare(b.target) || a.build.localeCompare(b.build),
        ),
        packages: [...new Set(cells.map((c) => c.package))].sort(),
        cells: cells.sort((a, b) => a.id.localeCompare(b.id)),
      };
    });
}

const columnKey = (c: { build: string; host: string; target: string }): string => `${c.host}\n${c.target}\n${c.build}`;

const escape = (s: string): string => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** What each state's color says, in the order the legend lists them. */
const states: [state: string, what: string][] = [
  ["passed", "built and checked"],
  ["failed", "the package's fault"],
  ["known-broken", "fails as the matrix expects"],
  ["fixed", "marked broken, passes now"],
  ["unsatisfiable", "no plan for this platform"],
  ["emulator", "the emulator failed, not the package"],
  ["infrastructure", "a machine fault, not the package"],
];

const style = `
:root { color-scheme: light; font: 14px/1.4 system-ui, sans-serif; color: #22252a; background: #f7f8fb; }
body { margin: 24px; }
header { display: flex; align-items: baseline; gap: 16px; }
h1 { font-size: 20px; margin: 0; }
h2 { font-size: 16px; margin: 24px 0 8px; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 16px; padding: 0; margin: 12px 0; list-style: none; }
.legend li.changed-note::before { display: none; }
.legend li::before { content: ""; display: inline-block; width: 12px; height: 12px; margin-right: 6px; vertical-align: -1px; border-radius: 2px; background: var(--state); }
table.grid { border-collapse: separate; border-spacing: 4px; }
.grid th { font-weight: 600; text-align: left; padding: 4px 8px; vertical-align: bottom; white-space: nowrap; }
.grid thead th span { display: block; }
.grid tbody th { vertical-align: middle; }
.grid thead .target, .grid thead .build { font-weight: 400; color: #5c6370; font-size: 12px; }
.grid td { padding: 0; vertical-align: top; min-width: 150px; }
.grid td.none { background: repeating-linear-gradient(45deg, #eceef2 0 6px, #f7f8fb 6px 12px); border-radius: 6px; }
.cell { display: block; padding: 6px 8px; border-radius: 6px; color: #fff; text-decoration: none; background: var(--state); border: 2px solid transparent; }
.cell:hover { filter: brightness(1.08); }
.cell.changed { border-color: #22252a; }
.cell .state { display: block; font-weight: 600; }
.cell .category { display: block; font-size: 12px; opacity: 0.9; }
.cell .changed-mark { display: block; font-size: 12px; font-weight: 600; }
.cell .changed-mark::before { content: "▲ "; }
.trend { display: flex; width: max-content; gap: 2px; padding: 2px; margin: 4px 0 0; list-style: none; border-radius: 3px; background: rgba(255, 255, 255, 0.9); }
.trend li { width: 10px; height: 10px; border-radius: 2px; background: var(--state); }
.state-passed { --state: #1f9d55; }
.state-failed { --state: #d92d20; }
.state-known-broken { --state: #7a5af8; }
.state-fixed { --state: #1570ef; }
.state-unsatisfiable { --state: #98a2b3; }
.state-emulator { --state: #dc6803; }
.state-infrastructure { --state: #b54708; }
.state-skipped, .state-broken, .state-unknown { --state: #667085; }
`;

function renderCell(c: GridCell): string {
  const title = `${c.id}: ${c.state}${c.category !== undefined ? ` (${c.category})` : ""}${c.changedFrom !== undefined ? `, ${c.changedFrom} in the previous run` : ""}`;
  const trend = c.trend.map((t) => `<li class="state-${escape(t.state)}" title="${escape(`${t.date}: ${t.state}`)}"></li>`).join("");
  return (
    `<a class="cell state-${escape(c.state)}${c.changedFrom !== undefined ? " changed" : ""}" href="${escape(c.href)}" data-cell="${escape(c.id)}" data-state="${escape(c.state)}" title="${escape(title)}">` +
    `<span class="state">${escape(c.state)}</span>` +
    (c.category !== undefined && c.category !== c.state ? `<span class="category">${escape(c.category)}</span>` : "") +
    (c.changedFrom !== undefined ? `<span class="changed-mark">was ${escape(c.changedFrom)}</span>` : "") +
    `<ol class="trend" aria-label="the last ${c.trend.length} runs, oldest first">${trend}</ol></a>`
  );
}

function renderGrid(grid: MatrixGrid): string {
  const builds = new Set(grid.columns.map((c) => c.build));
  const head = grid.columns
    .map(
      (c) =>
        `<th scope="col"><span class="host">${escape(c.host)}</span>` +
        (c.target !== c.host ? `<span class="target">target ${escape(c.target)}</span>` : "") +
        (builds.size > 1 ? `<span class="build">build ${escape(c.build)}</span>` : "") +
        `</th>`,
    )
    .join("");
  const rows = grid.packages.map((pkg) => {
    const slots = grid.columns.map((col) => {
      const here = grid.cells.filter((c) => c.package === pkg && columnKey(c) === columnKey(col));
      return here.length === 0 ? `<td class="none"></td>` : `<td>${here.map(renderCell).join("")}</td>`;
    });
    return `<tr><th scope="row">${escape(pkg)}</th>${slots.join("")}</tr>`;
  });
  return (
    `<section class="matrix" data-matrix="${escape(grid.matrix)}"><h2>${escape(grid.matrix)}</h2>` +
    `<table class="grid"><thead><tr><th scope="col">package \\ host</th>${head}</tr></thead><tbody>${rows.join("")}</tbody></table></section>`
  );
}

export function renderMatrixGrids(grids: readonly MatrixGrid[], generated: Date): string {
  const legend = states.map(([s, what]) => `<li class="state-${s}"><b>${s}</b>: ${what}</li>`).join("");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>crosscheck: the matrix</title>
<style>${style}</style>
</head>
<body>
<header><h1>The matrix</h1><a href="index.html">the Allure report</a><span>generated ${escape(generated.toISOString())}</span></header>
<ul class="legend">${legend}<li class="changed-note">▲ changed since the cell's previous run; the squares are its last ${trendRuns} runs, oldest first</li></ul>
${grids.map(renderGrid).join("\n")}
</body>
</html>
`;
}

const gridLinkId = "crosscheck-grid-link";

/**
 * Writes the grid page into the HTML report and a link to it into the report's index.html (the
 * Allure app is one page: a fixed link shows on all of its views).
 */
export function writeMatrixGrid(html: string, grids: readonly MatrixGrid[], generated: Date = new Date()): string {
  const file = join(html, gridFile);
  writeFileSync(file, renderMatrixGrids(grids, generated));
  const index = join(html, "index.html");
  const page = readFileSync(index, "utf8");
  if (!page.includes(gridLinkId)) {
    const link =
      `<a id="${gridLinkId}" href="${gridFile}" style="position:fixed;top:12px;left:50%;transform:translateX(-50%);z-index:1000;padding:4px 10px;border-radius:6px;` +
      `background:#1570ef;color:#fff;font:600 13px/20px system-ui,sans-serif;text-decoration:none">Matrix grid</a>\n`;
    writeFileSync(index, page.replace(/<\/body>/i, `${link}</body>`));
  }
  return file;
}
