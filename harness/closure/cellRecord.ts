import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { readIfExists } from "./readIfExists.ts";
import { UserError } from "../userError.ts";
import { writeFileAtomic } from "./atomicWrite.ts";

/** The derivations a cell snapshots, so `crosscheck why CELL …` knows where to start. */
export interface CellRecord {
  cell: string;
  outputIds: string[];
}

function cellRecordPath(cellsDir: string, cell: string): string {
  return join(cellsDir, `${cell}.outputs.json`);
}

export async function recordCell(cellsDir: string, record: CellRecord): Promise<void> {
  await writeFileAtomic(cellRecordPath(cellsDir, record.cell), `${JSON.stringify(record, null, 1)}\n`);
}

/** The record of a cell checked before, or undefined when it never was. */
export async function readCell(cellsDir: string, cell: string): Promise<CellRecord | undefined> {
  const path = cellRecordPath(cellsDir, cell);
  const text = await readIfExists(path);
  if (text === undefined) return undefined;
  try {
    const record = JSON.parse(text) as CellRecord;
    if (typeof record.cell === "string" && Array.isArray(record.outputIds) && record.outputIds.every((id) => typeof id === "string")) return record;
  } catch {
    // Reported below together with a malformed shape.
  }
  throw new UserError(`${path}: not a cell record; run the cell again to record it`);
}

/**
 * The record of a cell named as `run` prints it (its id) or qualified by its matrix
 * (`MATRIX/CELL-ID`). A bare id found in several matrices is ambiguous: the error lists the
 * qualified names to choose from.
 */
export async function findCell(cellsDir: string, cell: string): Promise<CellRecord | undefined> {
  const qualified = await readCell(cellsDir, cell);
  if (qualified !== undefined || cell.includes("/")) return qualified;
  const matrices = await readdir(cellsDir, { withFileTypes: true }).catch(() => []);
  const found: CellRecord[] = [];
  for (const matrix of matrices.filter((m) => m.isDirectory()).map((m) => m.name).sort()) {
    const record = await readCell(cellsDir, `${matrix}/${cell}`);
    if (record !== undefined) found.push(record);
  }
  if (found.length > 1) throw new UserError(`cell '${cell}' is in ${found.length} matrices: name one of ${found.map((r) => r.cell).join(", ")}`);
  return found[0];
}
