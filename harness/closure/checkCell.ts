import { UserError } from "../userError.ts";
import { recordCell } from "./cellRecord.ts";
import type { ScanGraph } from "./closure.ts";
import { compareSnapshots, renderDifference, type Difference } from "./compare.ts";
import { findContamination, renderFinding, type ContaminationRules, type Finding } from "./contamination.ts";
import { findOutputCheckViolations, type OutputChecks } from "./outputChecks.ts";
import { snapshotCell, type CellSnapshot } from "./snapshot.ts";
import { checkSymlinks, renderAllowedLink, type AllowedLink, type SymlinkAllowances } from "./symlinkChecks.ts";
import { readSnapshot, snapshotPath, writeSnapshot } from "./snapshotFile.ts";
import { outputName } from "./storeObject.ts";
import type { SizeTolerance } from "./tolerance.ts";

export interface CellCheck {
  matrix: string;
  cellId: string;
  /** The outputs whose closures this cell snapshots (each output of the cell's package). */
  outputIds: readonly string[];
  /** Those of them whose findings only warn (by default the dev output: the matrix's
   * `cleanOutputs` says which must be clean). Their findings are shown, never fail the cell. */
  warnOnlyIds?: readonly string[];
  /** Recorded scans of everything built for the cell, outputs and their dependencies. */
  graph: ScanGraph;
  rules: ContaminationRules;
  /** The recipe's output checks and allowed symlinks of each output, by id: its plan node's
   * `attrs` (which carry only what the recipe set). An output missing here has none. */
  outputChecks?: Readonly<Record<string, OutputChecks & SymlinkAllowances>>;
  tolerance: SizeTolerance;
  /** The project's `snapshots/` directory. */
  snapshotsDir: string;
  /** Where cell records for `crosscheck why` go (the project's `.crosscheck/cells`). */
  cellsDir: string;
  update: SnapshotUpdate;
}

/**
 * When a snapshot is written, as vitest and Jest decide it: `all` accepts the current closure
 * (--update-snapshots); `new` writes a snapshot only where none exists yet (a cell's first run
 * on a developer's machine); `none` writes nothing, so in CI a missing snapshot fails the cell.
 */
export type SnapshotUpdate = "all" | "new" | "none";

export interface CellVerdict {
  /** False when there is contamination or an output check fails, or the snapshot differs beyond
   * tolerance (without update). */
  ok: boolean;
  findings: Finding[];
  /** Findings in outputs that need not be clean (`warnOnlyIds`): shown, not failing. */
  warnings: Finding[];
  /** Links that would be findings, allowed by the recipe with a reason. */
  allowedLinks: AllowedLink[];
  differences: Difference[];
  snapshotPath: string;
  /** `refused`: the update would have written it, but the closure has findings (a note says so). */
  snapshot: "matched" | "written" | "differs" | "missing" | "refused";
  /** Everything above as text, for the report and the terminal. */
  report: string;
}

/**
 * The closure check of one cell: contamination, failed output checks and broken symlinks (Nix
 * fails the build for those, so no snapshot can accept them) always fail it; the committed
 * snapshot is compared with the current one unless the user asked to update it, in which case
 * the current one is written (and a damaged file is replaced, with a note saying so). A closure
 * with findings is never written, whatever the update: a snapshot is a baseline, and one that
 * recorded contamination would make it the expected closure. The cell says so (`refused`), and
 * its differences stay what they are without the update.
 */
export async function checkCell(check: CellCheck): Promise<CellVerdict> {
  const cell = `${check.matrix}/${check.cellId}`;
  const path = snapshotPath(check.snapshotsDir, check.matrix, check.cellId);
  const symlinks = check.outputIds.map((id) => checkSymlinks(id, check.graph, check.outputChecks?.[id] ?? {}));
  const found = check.outputIds.map((id, n) => [
    ...findContamination(id, check.graph, check.rules),
    ...findOutputCheckViolations(id, check.graph, check.outputChecks?.[id] ?? {}),
    ...symlinks[n]!.findings,
  ]);
  const warnOnly = new Set(check.warnOnlyIds ?? []);
  const findings = found.flatMap((f, n) => (warnOnly.has(check.outputIds[n]!) ? [] : f));
  const warnings = found.flatMap((f, n) => (warnOnly.has(check.outputIds[n]!) ? f : []));
  const allowedLinks = symlinks.flatMap((s) => s.allowed);
  const current = snapshotCell(cell, check.rules.host.config, check.outputIds, check.graph);
  const outputIds = new Map(check.outputIds.map((id) => [outputName(check.graph.get(id)!.object), id]));
  await recordCell(check.cellsDir, { cell, outputIds: [...check.outputIds] });

  const refusal =
    findings.length === 0
      ? undefined
      : `did not write the snapshot ${path}: the closure has ${findings.length} finding${findings.length === 1 ? "" : "s"} (a snapshot never records contamination); fix them, then update it`;

  let committed: CellSnapshot | undefined;
  let differences: Difference[] = [];
  try {
    committed = await readSnapshot(path, cell);
  } catch (error) {
    if (!(error instanceof UserError) || check.update !== "all") throw error;
    differences.push({ output: "*", severity: "note", message: `${refusal === undefined ? "replaced" : "left"} the unreadable snapshot: ${error.message}` });
  }
  if (committed !== undefined) differences.push(...compareSnapshots(committed, current, { graph: check.graph, outputIds, tolerance: check.tolerance }));

  let snapshot: CellVerdict["snapshot"];
  if (refusal !== undefined && (check.update === "all" || (committed === undefined && check.update === "new"))) {
    snapshot = "refused";
    differences.push({ output: "*", severity: "note", message: refusal });
  } else if (check.update === "all") {
    await writeSnapshot(path, current);
    snapshot = "written";
    // Accepted: what would have failed is now only worth a note.
    differences = differences.map((d) => ({ ...d, severity: "note" }));
  } else if (committed === undefined && check.update === "new") {
    await writeSnapshot(path, current);
    snapshot = "written";
    differences.push({ output: "*", severity: "note", message: `new snapshot ${path}: review and commit it` });
  } else if (committed === undefined) {
    snapshot = "missing";
    differences.push({ output: "*", severity: "fail", message: `no committed snapshot ${path}; review the closure and accept it with --update-snapshots (in CI, a missing snapshot is never written)` });
  } else {
    snapshot = differences.some((d) => d.severity === "fail") ? "differs" : "matched";
  }
  const ok = findings.length === 0 && !differences.some((d) => d.severity === "fail");
  const report = [
    `closure of ${cell}: ${ok ? "ok" : "FAILED"} (snapshot ${snapshot}: ${path})`,
    ...findings.map((f) => `  ${renderFinding(f)}`),
    ...warnings.map((f) => `  warning (${f.output} need not be clean): ${renderFinding(f)}`),
    ...allowedLinks.map((l) => `  ${renderAllowedLink(l)}`),
    ...differences.map((d) => `  ${renderDifference(d)}`),
  ].join("\n");
  return { ok, findings, warnings, allowedLinks, differences, snapshotPath: path, snapshot, report };
}
