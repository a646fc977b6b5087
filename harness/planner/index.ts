/** The planner: Nixpkgs' stages, package sets, splicing and dependency model, producing plans. */
export type * from "./derivation.ts";
export { accumulators, dependencyLists, phaseHooks } from "./derivation.ts";
export { debianBinary, debFileName, type DebianBinaryArgs } from "./debianBinary.ts";
export { dependencyOutputs, knownOutputs, nodeOutputs, outputRoles, type NodeOutput, type OutputName, type OutputRoles } from "./outputs.ts";
export { Planner, type PlanRequest } from "./planner.ts";
export type { Catalog, Recipe } from "./catalog.ts";
export { overlay } from "./overlay.ts";
export type { AttrsOverride, Derivation, DependencyElement, MkDerivationArgs, Overrides } from "./mkDerivation.ts";
export type { Package } from "./splice.ts";
export type { Stdenv } from "./stdenv.ts";
export type { Lib } from "./lib.ts";
export type { WrapCC, WrapCCArgs } from "./toolchain.ts";
export {
  DependencyDirectionError,
  MissingPackageError,
  RecipeCycleError,
  RecipeError,
  UnsatisfiableError,
  type UnsatisfiableReason,
} from "./errors.ts";
export { describeCellStages, describeStages, defaultStagePaths, type StageView } from "./stagesReport.ts";
export { followPath } from "./attrPath.ts";
export { renderDot, renderTree } from "./render.ts";
export { targetEmulator } from "./targetEmulator.ts";
export { debianToolchain, debianArchitecture } from "./debianToolchain.ts";
