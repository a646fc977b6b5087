/**
 * The shell script that realizes one plan node inside its container, in the phases of Nixpkgs'
 * stdenv (unpack, patch, configure, build, check, install, fixup), with the platform-aware
 * defaults each build system needs when cross-compiling. Each phase announces itself with a
 * marker line, so the log can be cut into phases afterwards (phaseLog.ts).
 *
 * The environment follows setup.sh: tools of inputs that run on the build machine go on PATH,
 * libraries of inputs for the host go on the host compiler's search paths (through the
 * wrapper's salted flag variables), `CC`/`AR`/… name the stdenv's prefixed tools and
 * `CC_FOR_BUILD`/… the build machine's. As in Nixpkgs, PATH holds only the inputs' tools and
 * stdenv's own (stdenvTools.ts): the unprefixed compiler and binutils of the image are not on it,
 * so a package that calls a bare `ar` or `cc` when cross fails here too, and neither is anything
 * it did not declare, like pkg-config.
 */
import { dependencyOutputs, outputRoles, type Accumulator, type OutputName, type Plan, type PlanNode, type ToolchainInfo } from "../../planner/index.ts";
import { buildDir, containerStorePath } from "../store/storeLayout.ts";
import { shellQuote } from "./shellQuote.ts";
import { STORE_DIR } from "../../closure/index.ts";
import { compileFlagsVar, linkFlagsVar, wrapperBuildScript } from "./wrapperScript.ts";
import { setupHook } from "./setupHook.ts";
import { toolDirectoryScript, toolPackages } from "./stdenvTools.ts";

export const phaseMarker = "@@crosscheck-phase";

/** The host offset of each accumulator (setup.sh's `hostOffset`): -1 runs on the build machine. */
const hostOffset: Record<Accumulator, -1 | 0 | 1> = {
  pkgsBuildBuild: -1,
  pkgsBuildHost: -1,
  pkgsBuildTarget: -1,
  pkgsHostHost: 0,
  pkgsHostTarget: 0,
  pkgsTargetTarget: 1,
};

/** Names of the stdenv variables per tool, as cc-wrapper and bintools-wrapper export them. */
const toolVariables: [string, string][] = [
  ["CC", "cc"],
  ["CXX", "c++"],
  ["AR", "ar"],
  ["AS", "as"],
  ["LD", "ld"],
  ["NM", "nm"],
  ["OBJCOPY", "objcopy"],
  ["OBJDUMP", "objdump"],
  ["RANLIB", "ranlib"],
  ["READELF", "readelf"],
  ["SIZE", "size"],
  ["STRINGS", "strings"],
  ["STRIP", "strip"],
];

export interface ScriptContext {
  plan: Plan;
  node: PlanNode;
  /** Where the source is mounted in the container (an archive or a directory), null for none. */
  source: string | null;
  /** Replace `config.sub`/`config.guess` with the image's (Nixpkgs' updateAutotoolsGnuConfigScriptsHook). */
  updateGnuConfig: boolean;
  /** Run the check phase the recipe asked for even though Nixpkgs disabled it because the build
   * machine cannot execute the host: the engine runs the host's binaries under an emulator. */
  emulatedCheck?: boolean;
}

const q = shellQuote;
const words = (list: readonly string[]) => list.map(q).join(" ");

function toolchainOf(plan: Plan, id: string): ToolchainInfo | null {
  return plan.nodes[id]?.toolchain ?? null;
}

function exportTools(lines: string[], toolchain: ToolchainInfo, suffix: string): void {
  for (const [variable, tool] of toolVariables) {
    const name = `${toolchain.targetPrefix}${tool}`;
    if (name in toolchain.tools) lines.push(`export ${variable}${suffix}=${q(name)}`);
  }
}

/** Search paths of one platform's libraries, appended at run time for the directories that exist. */
function libraryFlags(lines: string[], paths: string[], config: string, ownLibraries: OutputName | null): void {
  const cflags = compileFlagsVar(config);
  const ldflags = linkFlagsVar(config);
  lines.push(`${cflags}=\${${cflags}-}`, `${ldflags}=\${${ldflags}-}`);
  if (ownLibraries !== null) lines.push(`${ldflags}="$${ldflags} -Wl,-rpath,$${ownLibraries}/lib"`);
  for (const p of paths) {
    lines.push(
      `if [ -d ${p}/include ]; then ${cflags}="$${cflags} -isystem ${p}/include"; fi`,
      `if [ -d ${p}/lib ]; then ${ldflags}="$${ldflags} -L${p}/lib"; fi`,
      // As Nixpkgs' ld-wrapper, an rpath only where there are shared libraries to find: a dev
      // output's lib/ (pkg-config files, static archives) is not one the host needs at run time.
      `if [ -n "$(find ${p}/lib -maxdepth 1 -name '*.so*' -print -quit 2>/dev/null)" ]; then ${ldflags}="$${ldflags} -Wl,-rpath,${p}/lib"; fi`,
    );
  }
  lines.push(`export ${cflags} ${ldflags}`);
}

/** Store paths of a node's inputs by role: tools on PATH, libraries for the host and for the build machine. */
function inputPaths(ctx: ScriptContext): { bins: string[]; hostBins: string[]; hostLibraries: string[]; buildLibraries: string[] } {
  const { plan, node } = ctx;
  // A dependency is its dev output and what dev propagates (propagatedBuildOutputs), as in Nixpkgs.
  const pathsOf = (id: string) => {
    const input = plan.nodes[id]!;
    const wanted = dependencyOutputs(input.attrs.outputs, input.attrs.propagatedBuildOutputs ?? null);
    return input.outputs.filter((o) => wanted.includes(o.name)).map(containerStorePath);
  };
  const bins: string[] = [];
  const hostBins: string[] = [];
  const hostLibraries: string[] = [];
  const buildLibraries: string[] = [];
  for (const [accumulator, inputs] of Object.entries(node.inputs) as [Accumulator, { id: string }[]][]) {
    const offset = hostOffset[accumulator];
    for (const { id } of inputs) {
      const paths = pathsOf(id);
      if (offset === -1 || !node.attrs.strictDeps) bins.push(...paths.map((p) => `${p}/bin`));
      if (offset === 0) hostBins.push(...paths.map((p) => `${p}/bin`));
      if (plan.nodes[id]!.kind === "toolchain") continue;
      if (offset === 0) hostLibraries.push(...paths);
      if (offset === -1 && accumulator !== "pkgsBuildTarget") buildLibraries.push(...paths);
    }
  }
  return { bins, hostBins: [...new Set(hostBins)], hostLibraries, buildLibraries };
}

/** The store path a dependency list names a dependency by: its dev output, else its default one. */
function devPath(input: PlanNode): string {
  return containerStorePath(input.outputs.find((o) => o.name === "dev") ?? input.outputs[0]!);
}

function environment(ctx: ScriptContext): string[] {
  const { plan, node } = ctx;
  const lines: string[] = [outputVariables(node)];
  const { bins, hostBins, hostLibraries, buildLibraries } = inputPaths(ctx);
  lines.push(
    ...toolDirectoryScript(`${buildDir}/.tools`, toolPackages(node.attrs.buildSystem)),
    `export PATH=${[...new Set(bins), `${buildDir}/.tools`].join(":")}`,
  );
  if (hostBins.length > 0) lines.push(`export HOST_PATH=${hostBins.join(":")}`);
  const host = node.host.config;
  const build = node.build.config;
  // No run path to the package's own libraries where the host loads none (wasm32-wasi: wasm-ld
  // has no -rpath); its inputs get one only where they hold shared libraries.
  libraryFlags(lines, [...new Set(hostLibraries)], host, node.host.hasSharedLibraries ? outputRoles(node.attrs.outputs).lib : null);
  if (build !== host) libraryFlags(lines, [...new Set(buildLibraries)], build, null);
  else libraryFlags(lines, [...new Set(buildLibraries)].filter((p) => !hostLibraries.includes(p)), build, null);
  const pkgConfig = [...new Set(hostLibraries)].flatMap((p) => [`${p}/lib/pkgconfig`, `${p}/share/pkgconfig`]);
  lines.push(`export PKG_CONFIG_LIBDIR=${q(pkgConfig.join(":"))}`);

  const cc = node.cc === null ? null : toolchainOf(plan, node.cc);
  if (cc !== null) exportTools(lines, cc, "");
  for (const { id } of node.inputs.pkgsBuildBuild) {
    const toolchain = toolchainOf(plan, id);
    if (toolchain !== null) exportTools(lines, toolchain, "_FOR_BUILD");
  }
  for (const { id } of node.inputs.pkgsBuildTarget) {
    const toolchain = toolchainOf(plan, id);
    if (toolchain !== null) exportTools(lines, toolchain, "_FOR_TARGET");
  }
  // Nix puts each dependency list in the build's environment, its elements' store paths (the dev
  // output, as getDev picks). Here only depsTargetTarget is, where it is not empty: a compiler
  // names its target's libraries (the target's libc, recipes/tcc.ts) by these paths, and no
  // other build reads a list, so none other's script changes.
  const targetTarget = node.deps.filter((d) => d.list === "depsTargetTarget").map((d) => devPath(plan.nodes[d.id]!));
  if (targetTarget.length > 0) lines.push(`export depsTargetTarget=${q(targetTarget.join(" "))}`);
  for (const [name, value] of Object.entries(node.attrs.env).sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`export ${name}=${q(value)}`);
  }
  return lines;
}

function hook(node: PlanNode, name: keyof PlanNode["attrs"]["phases"]): string[] {
  const text = node.attrs.phases[name];
  return text === undefined ? [] : [text];
}

function phase(name: string, body: string[]): string[] {
  return body.length === 0 ? [] : [`echo "${phaseMarker} ${name} $(date +%s)"`, ...body];
}

function unpack(ctx: ScriptContext): string[] {
  const { node, source } = ctx;
  const lines = [`mkdir -p ${buildDir}/source && cd ${buildDir}/source`];
  // A Debian binary package is unpacked as dpkg's setup hook does (dpkg-deb, Essential in every
  // Debian image), into deb/, which becomes the source root (planner/debianBinary.ts).
  if (source?.endsWith(".deb")) lines.push(`mkdir deb && /usr/bin/dpkg-deb -x ${q(source)} deb`);
  else if (source !== null) lines.push(`if [ -d ${q(source)} ]; then cp -R ${q(source)}/. . && chmod -R u+w .; else tar -xf ${q(source)}; fi`);
  // Like Nixpkgs' unpackPhase: a single top-level directory is the source root.
  lines.push('set -- */; if [ "$#" = 1 ] && [ -d "$1" ] && [ "$(ls -A | wc -l)" = 1 ]; then cd "$1"; fi');
  if (node.attrs.sourceRoot !== null) lines.push(`cd ${q(node.attrs.sourceRoot)}`);
  return [...lines, ...hook(node, "postUnpack")];
}

/**
 * Where the build system installs each kind of file when the derivation has an output for it,
 * as multiple-outputs.sh's `_multioutConfig` tells configure (and Nixpkgs' cmake and meson
 * hooks tell theirs): only the directories whose output is not `out`, so a single-output
 * build's command line stays as it was. The fixup moves what a build installs elsewhere anyway.
 */
function outputDirectories(node: PlanNode): { option: string; cmake: string; dir: string }[] {
  const roles = outputRoles(node.attrs.outputs);
  const dirs = [
    { option: "bindir", cmake: "BINDIR", role: roles.bin, dir: "bin" },
    { option: "includedir", cmake: "INCLUDEDIR", role: roles.dev, dir: "include" },
    { option: "libdir", cmake: "LIBDIR", role: roles.lib, dir: "lib" },
    { option: "mandir", cmake: "MANDIR", role: roles.man, dir: "share/man" },
    { option: "infodir", cmake: "INFODIR", role: roles.info, dir: "share/info" },
    { option: "docdir", cmake: "DOCDIR", role: roles.doc, dir: `share/doc/${node.pname}` },
  ];
  return dirs.filter((d) => d.role !== "out").map((d) => ({ option: d.option, cmake: d.cmake, dir: `$${d.role}/${d.dir}` }));
}

function configurePlatformFlags(node: PlanNode): string[] {
  const flags: string[] = [];
  const platforms = { build: node.build.config, host: node.host.config, target: node.target.config };
  for (const which of node.attrs.configurePlatforms) flags.push(`--${which}=${platforms[which]}`);
  return flags;
}

function cmakeCrossFlags(node: PlanNode, cc: ToolchainInfo | null): string[] {
  if (node.build.config === node.host.config || cc === null) return [];
  // As Nixpkgs' cmake hook: the host's uname, "Generic" where it has none.
  return [
    `-DCMAKE_SYSTEM_NAME=${node.host.uname.system ?? "Generic"}`,
    `-DCMAKE_SYSTEM_PROCESSOR=${node.host.uname.processor}`,
    `-DCMAKE_C_COMPILER=${cc.targetPrefix}cc`,
    `-DCMAKE_CXX_COMPILER=${cc.targetPrefix}c++`,
    "-DCMAKE_FIND_ROOT_PATH_MODE_PROGRAM=NEVER",
  ];
}

/** Meson's machine files: sections of `key = 'value'`. */
function iniFile(sections: Record<string, Record<string, string>>): string {
  const lines = Object.entries(sections).flatMap(([name, keys]) => [`[${name}]`, ...Object.entries(keys).map(([key, value]) => `${key} = '${value}'`)]);
  return `${lines.join("\n")}\n`;
}

function mesonCrossFile(node: PlanNode, cc: ToolchainInfo | null): string[] {
  if (node.build.config === node.host.config || cc === null) return [];
  const { cpu, uname } = node.host;
  // Meson's cpu families, as Nixpkgs writes its cross files: 32-bit ARM is arm, 32-bit x86 is
  // x86, every other its uname processor.
  const family = cpu.family === "arm" && cpu.bits === 32 ? "arm" : cpu.family === "x86" && cpu.bits === 32 ? "x86" : uname.processor;
  const text = iniFile({
    binaries: { c: `${cc.targetPrefix}cc`, cpp: `${cc.targetPrefix}c++`, ar: `${cc.targetPrefix}ar`, strip: `${cc.targetPrefix}strip`, "pkg-config": "pkg-config" },
    host_machine: { system: (uname.system ?? "none").toLowerCase(), cpu_family: family, cpu: cpu.name, endian: cpu.endian },
  });
  return [`printf '%s' ${q(text)} > ${buildDir}/cross-file.ini`];
}

function configure(ctx: ScriptContext, cc: ToolchainInfo | null): string[] {
  const { node } = ctx;
  const a = node.attrs;
  const body = [...hook(node, "preConfigure")];
  switch (a.buildSystem) {
    case "autotools":
      if (ctx.updateGnuConfig) {
        body.push("for f in $(find . -name config.sub -o -name config.guess); do cp /usr/share/misc/${f##*/} \"$f\"; done");
      }
      body.push(`./configure --prefix="$out" ${outputDirectories(node).map((d) => `--${d.option}="${d.dir}" `).join("")}${words([...configurePlatformFlags(node), ...a.configureFlags])}`);
      break;
    case "cmake": {
      // Like Nixpkgs' cmake setup hook: find_package and find_library look in the host inputs.
      const prefixPath = [...new Set(inputPaths(ctx).hostLibraries)].join(";");
      const found = prefixPath === "" ? [] : [`-DCMAKE_PREFIX_PATH=${prefixPath}`];
      body.push(
        `cmake -S . -B build -DCMAKE_INSTALL_PREFIX="$out" -DCMAKE_BUILD_TYPE=Release ${outputDirectories(node).map((d) => `-DCMAKE_INSTALL_${d.cmake}="${d.dir}" `).join("")}${words([...found, ...cmakeCrossFlags(node, cc), ...a.cmakeFlags])}`,
        "cd build",
      );
      break;
    }
    case "meson": {
      const cross = mesonCrossFile(node, cc);
      body.push(
        ...cross,
        `meson setup build --prefix="$out" ${outputDirectories(node).map((d) => `--${d.option}="${d.dir}" `).join("")}${cross.length > 0 ? `--cross-file ${buildDir}/cross-file.ini ` : ""}${words(a.mesonFlags)}`,
        "cd build",
      );
      break;
    }
    default:
      break;
  }
  return [...body, ...hook(node, "postConfigure")];
}

/** Parallelism comes from the environment (NIX_BUILD_CORES), so it is not part of the build. */
function make(target: string[], flags: string[], parallel = true): string {
  return `make ${parallel ? '-j"$NIX_BUILD_CORES" ' : ""}${words([...flags, ...target])}`;
}

/** Files moved to the output of their kind (hooks/multiple-outputs.sh), for a derivation with more than `out`. */
function splitOutputs(node: PlanNode): string {
  const roles = outputRoles(node.attrs.outputs);
  return setupHook("multiple-outputs", { outputDev: roles.dev, outputBin: roles.bin, outputLib: roles.lib, outputMan: roles.man, outputInfo: roles.info, outputDoc: roles.doc });
}

/** As setup.sh's fixupPhase: everything in the output writable (strip and the hooks need it; an
 * install may leave files read-only, as perl's does its XS modules), and no setuid or setgid bits. */
const makeWritable = 'for o in $outputs; do eval "chmod -R u+w,u-s,g-s \\"\\$$o\\""; done';

/** Debug sections stripped from what the host runs (hooks/strip-debug.sh). */
const stripDebug = (node: PlanNode): string => {
  const magic = ['177ELF*', '"!<ar"*', "MZ*", ...(node.host.cpu.family === "wasm" ? ["\\\\0asm*"] : [])];
  return setupHook("strip-debug", { binaryMagic: magic.join("|") });
};

/** The host's interpreters in installed scripts' `#!` (hooks/patch-shebangs.sh). Defined, and run
 * on $out, only for packages with host inputs: with an empty HOST_PATH it would change nothing. */
const patchShebangs = setupHook("patch-shebangs", { storeDir: STORE_DIR });

function packageScript(ctx: ScriptContext): string[] {
  const { plan, node } = ctx;
  const a = node.attrs;
  const cc = node.cc === null ? null : toolchainOf(plan, node.cc);
  const ninja = a.buildSystem === "meson";
  const buildBody = a.phases.buildPhase !== undefined ? [a.phases.buildPhase] : [ninja ? 'ninja -j"$NIX_BUILD_CORES"' : make([], a.makeFlags)];
  const checkBody = a.phases.checkPhase !== undefined ? [a.phases.checkPhase] : [ninja ? "meson test" : make(["check"], a.makeFlags)];
  const installBody =
    a.phases.installPhase !== undefined ? [a.phases.installPhase] : [ninja ? "meson install" : make(["install"], [...a.makeFlags, ...a.installFlags], false)];
  return [
    ...phase("unpack", unpack(ctx)),
    ...phase("patch", hook(node, "postPatch")),
    ...phase("configure", configure(ctx, cc)),
    ...phase("build", [...hook(node, "preBuild"), ...buildBody, ...hook(node, "postBuild")]),
    ...(a.doCheck || ctx.emulatedCheck === true ? phase("check", [...hook(node, "preCheck"), ...checkBody, ...hook(node, "postCheck")]) : []),
    ...phase("install", [...hook(node, "preInstall"), ...installBody, ...hook(node, "postInstall")]),
    ...phase("fixup", [makeWritable, ...(node.outputs.length > 1 ? [splitOutputs(node)] : []), stripDebug(node), ...(inputPaths(ctx).hostBins.length > 0 ? [patchShebangs] : []), ...hook(node, "postFixup")]),
  ];
}

/** As Nix sets them: `$outputs` names the outputs, and each output's name holds its path (`$out`
 * is set first, for every build, a toolchain wrapper's too; `$dev`, ...). */
function outputVariables(node: PlanNode): string {
  return `export outputs=${q(node.outputs.map((o) => o.name).join(" "))}${node.outputs.slice(1).map((o) => ` ${o.name}=${containerStorePath(o)}`).join("")}`;
}

/** The whole build script of a node: environment, then its phases. */
export function buildScript(ctx: ScriptContext): string {
  const { node } = ctx;
  const head = [
    "set -eu",
    `export out=${containerStorePath(node)}`,
    'export NIX_BUILD_CORES="${NIX_BUILD_CORES:-1}"',
    "export SOURCE_DATE_EPOCH=315532800 LC_ALL=C",
    // A package that never looks at its target has none: its id leaves the target out, and so must
    // its script, or the same node (a native tool in nativeBuildInputs) built again for every target.
    `export CROSSCHECK_BUILD=${q(node.build.config)} CROSSCHECK_HOST=${q(node.host.config)} CROSSCHECK_TARGET=${q((node.hasTarget ? node.target : node.host).config)}`,
  ];
  if (node.toolchain !== null) return [...head, ...phase("install", [wrapperBuildScript(node, node.toolchain)]), ""].join("\n");
  return [...head, ...environment(ctx), ...packageScript(ctx), ""].join("\n");
}

/** The environment of a node's build without its phases: for the installCheck and for repro shells. */
export function buildEnvironment(ctx: ScriptContext): string {
  return ["set -eu", `export out=${containerStorePath(ctx.node)}`, ...environment(ctx), ""].join("\n");
}
