#!/usr/bin/node --no-warnings
// crosscheck's WASI runner: binfmt_misc hands it every wasm module executed in a check container
// (harness/engine/machine/wasiBinfmt.ts) as `wasi-run MODULE ARGS...`, and it runs the module under
// Node's built-in WASI (node:wasi, snapshot preview1) with the caller's arguments, environment and
// standard streams. The container is the sandbox: the module sees the whole filesystem, `/` as `/`,
// and relative paths from the working directory (`.`), as a native program would. Its exit status
// is the module's; a trap (abort() is one) exits 134, as wasmtime does and as SIGABRT would.
// CommonJS, since Node reads a file without an extension as such; no warning about WASI being
// experimental mixed into the program's output.
"use strict";
const { readFileSync } = require("node:fs");
const { WASI } = require("node:wasi");

const [file, ...args] = process.argv.slice(2);
if (file === undefined) {
  process.stderr.write("usage: wasi-run MODULE [ARG...]\n");
  process.exit(2);
}
const wasi = new WASI({ version: "preview1", args: [file, ...args], env: process.env, preopens: { "/": "/", ".": process.cwd() }, returnOnExit: true });
let status;
try {
  const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(file)), { wasi_snapshot_preview1: wasi.wasiImport });
  status = wasi.start(instance);
} catch (error) {
  process.stderr.write(`wasi-run: ${file}: ${error instanceof Error ? error.message : String(error)}\n`);
  status = error instanceof WebAssembly.RuntimeError ? 134 : 126;
}
process.exitCode = status;
