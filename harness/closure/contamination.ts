import { closureOf, compareText, type ScanGraph } from "./closure.ts";
import { expectedElf, type HostCpu } from "./elfMachine.ts";
import { expectedPe } from "./peMachine.ts";
import { wasmProblem } from "./wasm.ts";
import { describe, outputName, type StoreObject } from "./storeObject.ts";
import { chainSummary, why } from "./why.ts";

export interface ContaminationRules {
  /** The cell's host platform: its config triple, parsed cpu, and the executable format its
   * kernel loads (Nixpkgs' `parsed.kernel.execFormat`: elf, pe, wasm, ...; elf when not given). */
  host: { config: string; cpu: HostCpu; execFormat?: string };
  /** A compiler's target when it is not the host: the closure may hold packages for it, the
   * target's side of a compiler (its libc, from depsTargetTarget), as a Nixpkgs cross gcc's holds
   * the target's glibc. Only what runs on the build machine, or elsewhere, is foreign then. */
  target?: string;
}

export type FindingKind =
  | "foreign-reference"
  | "build-machine-path"
  | "wrong-machine"
  // A symlink that leads nowhere or out of the output and its dependencies (symlinkChecks.ts).
  | "broken-symlink"
  // The recipe's output checks (outputChecks.ts), one kind each.
  | "disallowed-reference"
  | "reference-not-allowed"
  | "disallowed-requisite"
  | "requisite-not-allowed";

/** One reason the cell fails, pinned to the file and byte that caused it. */
export interface Finding {
  kind: FindingKind;
  /** The output whose file holds the cause, by its name (`zlib`, `zlib.dev`: outputName). */
  output: string;
  file: string;
  offset: number;
  message: string;
}

/** Where e_machine sits in every ELF header, 32- or 64-bit. */
const E_MACHINE_OFFSET = 18;
/** Where a PE file says where its headers are (e_lfanew), which is where its machine is told. */
const E_LFANEW_OFFSET = 0x3c;

/**
 * Checks one output: foreign derivations anywhere in its closure (each shown by the chain from
 * a file of the output; a compiler's may hold its target's), build machine paths in its files, and executables for another machine
 * than the host's: ELF files for another machine, or any ELF file for a host that loads another
 * format (PE, Mach-O; on a wasm host, any ELF file, and wasm files that are no module it runs),
 * and on a Windows host PE files for another machine or of the other width (PE32 vs PE32+).
 */
export function findContamination(outputId: string, graph: ScanGraph, rules: ContaminationRules): Finding[] {
  const scan = graph.get(outputId);
  if (scan === undefined) throw new Error(`no scan for output ${outputId}`);
  const output = outputName(scan.object);
  const isForeign = (o: StoreObject): boolean => o.host !== rules.host.config && o.host !== rules.target;
  const findings: Finding[] = [];

  for (const { object } of closureOf(outputId, graph).members) {
    if (!isForeign(object)) continue;
    const chain = why(graph, outputId, object.id);
    const first = chain?.steps[0];
    if (chain === undefined || first === undefined) continue;
    // Report where the foreign part of the closure is entered; what lies behind it is its own.
    if (chain.steps.slice(0, -1).some((s) => isForeign(s.to))) continue;
    findings.push({
      kind: "foreign-reference",
      output,
      file: first.file,
      offset: first.offset,
      message: `refers to ${describe(object)}${object.role === undefined ? "" : `, a ${object.role}`}, built to run on ${object.host}, not on the host ${rules.host.config}: ${chainSummary(chain)}`,
    });
  }

  for (const file of scan.files) {
    const [hit, ...more] = file.buildMachinePaths;
    if (hit !== undefined) {
      findings.push({
        kind: "build-machine-path",
        output,
        file: file.path,
        offset: hit.offset,
        message: `holds the build machine path ${hit.path} (under ${hit.prefix})${more.length === 0 ? "" : ` and ${more.length} more`}`,
      });
    }
  }

  const format = rules.host.execFormat ?? "elf";
  const expected = format === "elf" ? expectedElf(rules.host.cpu) : undefined;
  for (const file of scan.files) {
    const elf = file.elf;
    if (elf === undefined || "corrupt" in elf) continue;
    const described = `an ELF ${elfKind(elf)} for ${elf.machine} (${elf.elfClass}-bit, ${elf.endian}-endian)`;
    const other = otherFormats[format];
    if (other !== undefined) {
      findings.push({ kind: "wrong-machine", output, file: file.path, offset: E_MACHINE_OFFSET, message: `is ${described}, but the host ${rules.host.config} runs ${other} files` });
      continue;
    }
    if (expected === undefined) continue;
    if (expected.machines.includes(elf.machine) && expected.elfClass === elf.elfClass && expected.endian === elf.endian) continue;
    findings.push({
      kind: "wrong-machine",
      output,
      file: file.path,
      offset: E_MACHINE_OFFSET,
      message: `is ${described}, but the host ${rules.host.config} needs ${expected.machines.join(" or ")} (${expected.elfClass}-bit, ${expected.endian}-endian)`,
    });
  }

  const expectedWindows = format === "pe" ? expectedPe(rules.host.cpu) : undefined;
  for (const file of scan.files) {
    const pe = file.pe;
    if (expectedWindows === undefined || pe === undefined || "corrupt" in pe) continue;
    if (pe.machine === expectedWindows.machine && pe.format === expectedWindows.format) continue;
    findings.push({
      kind: "wrong-machine",
      output,
      file: file.path,
      offset: E_LFANEW_OFFSET,
      message: `is a ${pe.format} ${pe.type === "dll" ? "DLL" : "executable"} for ${pe.machine}, but the host ${rules.host.config} needs ${expectedWindows.format} for ${expectedWindows.machine}`,
    });
  }

  // A wasm host runs modules only: any ELF file is for another machine, and a file with the
  // wasm magic must be a module it runs.
  if (rules.host.cpu.family === "wasm") {
    for (const file of scan.files) {
      const elf = file.elf;
      if (elf !== undefined) {
        const what = "corrupt" in elf ? `an ELF file (${elf.corrupt})` : `an ELF ${elfKind(elf)} for ${elf.machine}`;
        findings.push({ kind: "wrong-machine", output, file: file.path, offset: 0, message: `is ${what}, but the host ${rules.host.config} runs WebAssembly modules` });
      }
      const problem = file.wasm === undefined ? null : wasmProblem(file.wasm);
      if (problem !== null) findings.push({ kind: "wrong-machine", output, file: file.path, offset: 4, message: `${problem}, which the host ${rules.host.config} needs` });
    }
  }

  return findings.sort((a, b) => compareText(a.kind, b.kind) || compareText(a.file, b.file) || a.offset - b.offset);
}

/** Executable formats of hosts that load no ELF file, as their files are called (a wasm host's are judged with its modules). */
const otherFormats: Record<string, string> = { pe: "PE", macho: "Mach-O", aout: "a.out" };

/** The file's kind as readelf words it: a shared object with an interpreter is a PIE executable. */
function elfKind(elf: { type: string; interpreter: string | null }): string {
  if (elf.type === "shared") return elf.interpreter === null ? "shared object" : "PIE executable";
  return { executable: "executable", relocatable: "relocatable file", core: "core file" }[elf.type] ?? `file of type ${elf.type}`;
}

export function renderFinding(finding: Finding): string {
  return `${finding.kind}: ${finding.output}: ${finding.file} (byte ${finding.offset}) ${finding.message}`;
}
