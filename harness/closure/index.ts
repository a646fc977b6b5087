/** The closure room's front door: scanning outputs, their references and ELF and PE facts, contamination and output checks, snapshots, why a reference is there, and a cross build compared with a native one. */
export { writeFileAtomic } from "./atomicWrite.ts";
export { buildMachinePaths } from "./buildMachinePaths.ts";
export { findCell } from "./cellRecord.ts";
export { checkCell, type CellVerdict, type SnapshotUpdate } from "./checkCell.ts";
export { findContamination, renderFinding } from "./contamination.ts";
export { compareBuilds, type EquivalenceVerdict, type FileDifference } from "./equivalence.ts";
export { findOutputCheckViolations } from "./outputChecks.ts";
export { executableFormats, scanOutput, type OutputScan } from "./scanOutput.ts";
export { readScan, readScans, recordScan, scanRecordPath } from "./scanRecord.ts";
export { describe, outputName, STORE_DIR, storePath, type StoreObject } from "./storeObject.ts";
export { names, renderChain, why } from "./why.ts";
