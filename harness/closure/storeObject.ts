/**
 * The store layout shared with the planner and the engine: every derivation output lives at
 * `/crosscheck/store/<hash>-<name>`, where the hash part is the plan node id.
 */
export const STORE_DIR = "/crosscheck/store";

/** Nix's base-32 alphabet: digits and lowercase letters without e, o, u and t. */
export const NIX_BASE32_ALPHABET = "0123456789abcdfghijklmnpqrsvwxyz";

export const HASH_PART_LENGTH = 32;

/** What a derivation is, where the plan knows it: only toolchains are marked, to make findings read
 * well ("…, a toolchain"). A package is a library to one consumer and a tool to another. */
export type StoreRole = "toolchain";

/** One derivation of the plan, as far as closure checking needs to know it. */
export interface StoreObject {
  /** The 32-character hash part, which is the plan node id. */
  id: string;
  /** The store name after the hash, e.g. `zlib-aarch64-unknown-linux-gnu-1.2.13`. */
  name: string;
  pname: string;
  version: string;
  /** Config triples of the platforms this derivation was built on, runs on, and targets. */
  build: string;
  host: string;
  target: string | null;
  role?: StoreRole;
  /** The output's name when it is not the derivation's default one (`dev`, `man`, ...): each
   * output is a store path of its own, as in Nix. */
  output?: string;
}

export function storePath(object: Pick<StoreObject, "id" | "name">): string {
  return `${STORE_DIR}/${object.id}-${object.name}`;
}

/**
 * The name messages give an output: its pname, for a cross toolchain with its target prefix too,
 * as its store name has it (`aarch64-unknown-linux-gnu-gcc-wrapper`: without it every cross
 * compiler would read as the native one), and the output after a dot when it is not the default
 * one (`zlib.dev`).
 */
export function displayName(object: Pick<StoreObject, "pname" | "host"> & Partial<Pick<StoreObject, "target" | "role" | "output">>): string {
  const cross = object.role === "toolchain" && object.target !== undefined && object.target !== null && object.target !== object.host;
  return outputName({ ...object, pname: cross ? `${object.target}-${object.pname}` : object.pname });
}

/** `zlib.dev`: a non-default output after its derivation's pname, as Nixpkgs' attribute names it. */
export function outputName(object: Pick<StoreObject, "pname"> & { output?: string | undefined }): string {
  return object.output === undefined ? object.pname : `${object.pname}.${object.output}`;
}

/** `zlib 1.2.13 (aarch64-unknown-linux-gnu)`, `zlib.dev 1.2.13 (…)`: how objects are named in every message. */
export function describe(object: Pick<StoreObject, "pname" | "version" | "host"> & Partial<Pick<StoreObject, "target" | "role" | "output">>): string {
  return `${displayName(object)} ${object.version} (${object.host})`;
}
