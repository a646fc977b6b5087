/** Running matrix cells: the cell runner, the one cell's course, and a run's settings. */
export { createCellRunner, type CellRunner, type CellRunnerOptions } from "./cellRunner.ts";
export type { CellRun } from "./runCell.ts";
export { defaultRunSettings, encodeRunSettings, readRunSettings, runSettingsEnvVar, snapshotUpdate, type RunSettings } from "./runSettings.ts";
