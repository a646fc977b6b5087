/**
 * The platform model: Nixpkgs' `lib.systems` (master of 2026) in TypeScript. Everything
 * else in crosscheck imports platforms from here.
 */
export type { PlatformArgs, PlatformSpec, RustArgs } from "./args.ts";
export type { Abi } from "./abis.ts";
export type { CpuType, SignificantByte } from "./cpuTypes.ts";
export type { ExecFormat, Kernel, KernelFamily } from "./kernels.ts";
export type { Vendor } from "./vendors.ts";
export type { Parsed } from "./parse.ts";
export type { Extensions, Platform, Uname } from "./platform.ts";
export type { PredicateName, Predicates } from "./predicates.ts";
export type { ArchitecturePredicateName, ArchitecturePredicates } from "./architectures.ts";
export type { GccAttrs } from "./gccPresets.ts";
export type { RustAttrs, RustPlatform } from "./rust.ts";
export type { Emulator, EmulatorKind } from "./emulator.ts";
export type { EvalRecord } from "./evalRecord.ts";

export { elaborate } from "./elaborate.ts";
export { platformEquals } from "./equals.ts";
export { canExecute, cpuIsCompatible } from "./canExecute.ts";
export { emulatorFor, emulatorAvailable, staticEmulatorAvailable } from "./emulator.ts";
export { examples, exampleNames } from "./examples.ts";
export { collidingNames } from "./spec.ts";
export { parseSystem } from "./parse.ts";
export { doubleFromParsed, tripleFromParsed } from "./render.ts";
export { doubles, type Doubles } from "./doubles.ts";
export { predicateNames } from "./predicates.ts";
export { toEvalRecord } from "./evalRecord.ts";
