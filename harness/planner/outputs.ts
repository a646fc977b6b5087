/**
 * A derivation's outputs, as Nixpkgs' multiple-outputs.sh has them: `outputs` names them, the
 * first is the default, each is its own store path. Files go where multiple-outputs.sh sends
 * them (the engine's fixup does the moving): headers, pkg-config and CMake files, aclocal
 * macros, `-config` scripts and static archives to `outputDev`; man and info pages to
 * `outputMan`/`outputInfo`; documentation to `outputDoc`; programs and libraries to `outputBin`
 * and `outputLib`. Each `outputX` is that output when the derivation has it, else its fallback,
 * as in multiple-outputs.sh (`_assignFirst`).
 */
import { nodeId } from "./nodeId.ts";

/** The outputs crosscheck knows how to fill, in multiple-outputs.sh's terms. */
export const knownOutputs = ["out", "bin", "lib", "dev", "man", "info", "doc"] as const;
export type OutputName = (typeof knownOutputs)[number];

/** One output of a node: its name and its own store path's hash part and base name. */
export interface NodeOutput {
  name: OutputName;
  /** The hash part: the node id for the default (first) output, else a hash of the id and the name. */
  id: string;
  /** `<id>-<node name>` for the default output, `<id>-<node name>-<output>` for the others (Nix's `-dev`). */
  storeName: string;
}

/** Where each kind of file goes (multiple-outputs.sh's outputDev, outputBin, ...). */
export interface OutputRoles {
  dev: OutputName;
  bin: OutputName;
  lib: OutputName;
  man: OutputName;
  info: OutputName;
  doc: OutputName;
}

/** multiple-outputs.sh's `_assignFirst` for each role. */
export function outputRoles(outputs: readonly OutputName[]): OutputRoles {
  const first = (...candidates: OutputName[]): OutputName => candidates.find((c) => outputs.includes(c)) ?? outputs[0]!;
  const bin = first("bin", "out");
  return { dev: first("dev", "out"), bin, lib: first("lib", "out"), man: first("man", bin), info: first("info", bin), doc: first("doc", "out") };
}

/**
 * The outputs a dependent gets (through its dev output, which propagates them:
 * `propagatedBuildOutputs`): by default all but the documentation, as Nixpkgs' default leaves
 * out man, info and doc; the dev output itself always.
 */
export function dependencyOutputs(outputs: readonly OutputName[], propagated: readonly OutputName[] | null): OutputName[] {
  const roles = outputRoles(outputs);
  const brought = propagated ?? outputs.filter((o) => o !== "man" && o !== "info" && o !== "doc");
  return outputs.filter((o) => o === roles.dev || brought.includes(o));
}

export function nodeOutputs(id: string, name: string, outputs: readonly OutputName[]): NodeOutput[] {
  return outputs.map((output, n) =>
    n === 0 ? { name: output, id, storeName: `${id}-${name}` } : ((oid) => ({ name: output, id: oid, storeName: `${oid}-${name}-${output}` }))(nodeId({ derivation: id, output })),
  );
}
