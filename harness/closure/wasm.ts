/**
 * WebAssembly binaries, as the closure checks see them: a module starts with the magic `\0asm`
 * and a 32-bit little-endian version, 1 for every module the WebAssembly 1.0 and 2.0 specs
 * describe (and WASI preview1 runs). A wasm host's output holds modules, scripts and data; an ELF
 * file there is a program for another machine, however it got in.
 */

/** What the header says of one wasm file. */
export interface WasmFacts {
  version: number;
}

/** A file that starts with the magic but has no whole header. */
export interface WasmCorrupt {
  corrupt: string;
}

export const WASM_MAGIC = Buffer.from([0x00, 0x61, 0x73, 0x6d]);

/** The binary format version every runtime runs (the component model's layers are others). */
export const WASM_VERSION = 1;

/** The header of a file whose first bytes are `start` (at least the magic). */
export function readWasm(start: Buffer): WasmFacts | WasmCorrupt {
  if (start.length < 8) return { corrupt: `a wasm header of ${start.length} bytes, not 8` };
  return { version: start.readUInt32LE(4) };
}

/** Why a file with the wasm magic is no module the host runs, or null when it is one. */
export function wasmProblem(wasm: WasmFacts | WasmCorrupt): string | null {
  if ("corrupt" in wasm) return `is no WebAssembly module: ${wasm.corrupt}`;
  if (wasm.version !== WASM_VERSION) return `is a WebAssembly binary of version ${wasm.version}, not a module of version ${WASM_VERSION}`;
  return null;
}
