import { mkdtemp, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findContamination } from "./contamination.ts";
import { scanOutput } from "./scanOutput.ts";
import type { StoreObject } from "./storeObject.ts";
import { readWasm, wasmProblem } from "./wasm.ts";

const header = (version: number) => Buffer.concat([Buffer.from([0x00, 0x61, 0x73, 0x6d]), Buffer.from(Uint32Array.of(version).buffer)]);

describe("a wasm header", () => {
  it("is the magic and a little-endian version, 1 for a module", () => {
    expect(readWasm(header(1))).toEqual({ version: 1 });
    expect(wasmProblem({ version: 1 })).toBeNull();
    expect(wasmProblem(readWasm(header(0x1000d)))).toBe("is a WebAssembly binary of version 65549, not a module of version 1");
    expect(wasmProblem(readWasm(header(1).subarray(0, 6)))).toBe("is no WebAssembly module: a wasm header of 6 bytes, not 8");
  });
});

describe("a wasm host's output", () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
  const wasi = { config: "wasm32-unknown-wasi", cpu: { name: "wasm32", bits: 32, significantByte: "littleEndian" as const, family: "wasm" } };
  const aarch64 = { config: "aarch64-unknown-linux-gnu", cpu: { name: "aarch64", bits: 64, significantByte: "littleEndian" as const, family: "arm" } };
  const object: StoreObject = { id: "0".repeat(32), name: "app-0.1", pname: "app", version: "0.1", build: "x86_64-unknown-linux-gnu", host: wasi.config, target: wasi.config };

  async function scanned(files: Record<string, Buffer>) {
    const dir = await mkdtemp(join(tmpdir(), "crosscheck-wasm-"));
    dirs.push(dir);
    for (const [path, bytes] of Object.entries(files)) {
      await mkdir(join(dir, path, ".."), { recursive: true });
      await writeFile(join(dir, path), bytes);
    }
    const scan = await scanOutput({ object, directory: dir, candidates: [object], buildMachinePaths: [] });
    return new Map([[object.id, scan]]);
  }

  // The first bytes of an x86-64 ELF executable (e_machine 62 at offset 18), enough for the scanner to see ELF.
  const elf = Buffer.alloc(64);
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]).copy(elf);
  elf.writeUInt16LE(2, 16);
  elf.writeUInt16LE(62, 18);

  it("holds modules: wasm of version 1 passes, an ELF file or another version fails as wrong-machine", async () => {
    const graph = await scanned({ "bin/app": Buffer.concat([header(1), Buffer.alloc(32)]), "bin/tool": elf, "lib/layer.wasm": header(0x1000d), "share/doc": Buffer.from("text\n") });
    expect(graph.get(object.id)!.files.find((f) => f.path === "bin/app")?.wasm).toEqual({ version: 1 });
    const findings = findContamination(object.id, graph, { host: wasi });
    expect(findings.map((f) => [f.kind, f.file, f.message])).toEqual([
      ["wrong-machine", "bin/tool", expect.stringMatching(/^is an ELF (file|executable for x86-64)\b.*, but the host wasm32-unknown-wasi runs WebAssembly modules$/)],
      ["wrong-machine", "lib/layer.wasm", "is a WebAssembly binary of version 65549, not a module of version 1, which the host wasm32-unknown-wasi needs"],
    ]);
  });

  it("elsewhere a wasm file is data", async () => {
    const graph = await scanned({ "share/app.wasm": header(0x1000d) });
    expect(findContamination(object.id, graph, { host: aarch64 })).toEqual([]);
  });
});
