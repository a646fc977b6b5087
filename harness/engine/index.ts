/**
 * The engine's front door: what other rooms use of building plans in containers. Inside, one
 * folder a concern: machine (provisioning the host: apt, Docker, binfmt, locks, the fault type),
 * images (base, toolchain and node images, content keys), containers (one step in a container,
 * the session's cleanup), store (the local store, its layout, gc, the shared cache, sources),
 * build (realizing nodes, the scheduler, build scripts and their setup hooks, repro).
 */
export { buildEnvironment, buildScript } from "./build/buildScript.ts";
export { scriptContext, storeObject, storeObjects, type NodeBuild, type RealizeEvent } from "./build/realize.ts";
export { reproduceNode } from "./build/reproduce.ts";
export { defaultJobs, Scheduler, type CellRealizeOptions, type PlanRealization } from "./build/scheduler.ts";
export { builderChecks, buildersEnvVar, parseBuilders, runBuilders, type BuilderSpec } from "./build/builders.ts";
export { shellQuote } from "./build/shellQuote.ts";
export { runStep, type StepInput } from "./containers/container.ts";
export { labelKeys, sweepLeftovers } from "./containers/session.ts";
export { baseImageTag, baseImageUnavailable, builderUser, ensureBaseImage } from "./images/baseImage.ts";
export { localImage, localImagesOf } from "./images/images.ts";
export { ensureNodeImage, toolchainTriples } from "./images/nodeImage.ts";
export { toolchainRepository } from "./images/toolchainImage.ts";
export { binfmtRegistration, type BinfmtRegistration } from "./machine/binfmt.ts";
export { wineBinfmt, wineRegistration, wineRegistrationProblem } from "./machine/wineBinfmt.ts";
export { inputMode } from "./machine/dockerEngine.ts";
export { aptInstall } from "./machine/hostSystem.ts";
export { InfrastructureError } from "./machine/infrastructureError.ts";
export { checkPrerequisites, type Check } from "./machine/prerequisites.ts";
export { provisionForRun } from "./machine/provisionForRun.ts";
export { wasiBinfmt, wasiRegistration, wasiRegistrationProblem } from "./machine/wasiBinfmt.ts";
export { checkKey, checkLogPath, dropCheckRecord, readCheckRecord, writeCheckRecord, type CheckKeyParts, type CheckRecord } from "./store/checkRecord.ts";
export { collectGarbage } from "./store/gc.ts";
export { localStoreDir, outputPath, readBuildRecord, type BuildRecord } from "./store/localStore.ts";
export { RegistryCache, type RegistryTraffic } from "./store/registryCache.ts";
export { parseRegistryLocation } from "./store/ociRegistry.ts";
export { sharedCache, sharedCacheEnvVar } from "./store/sharedCache.ts";
export { collectSourceGarbage, debianPoolPath, fetchSource, SourceMismatchError, sourceName, type SourceGcAction } from "./store/source.ts";
export { buildDir, containerStorePath, requisites } from "./store/storeLayout.ts";
