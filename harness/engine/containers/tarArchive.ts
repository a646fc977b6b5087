/**
 * A small tar writer (ustar, with PAX records for long names or large files) for what a step
 * copies into its container before it starts: its script, the directories copied inputs land
 * in, copied input files streamed from disk. Directories of copied inputs are archived by GNU tar.
 * And a reader for the one small file the harness copies back out of a stopped container.
 */
import { createReadStream } from "node:fs";

export type ArchiveEntry =
  | { kind: "directory"; path: string; mode: number }
  | { kind: "file"; path: string; mode: number; content: Buffer }
  | { kind: "file"; path: string; mode: number; size: number; source: string };

const block = 512;
const maxOctal11 = 8 ** 11 - 1;

function octal(buffer: Buffer, offset: number, length: number, value: number): void {
  buffer.write(`${value.toString(8).padStart(length - 1, "0")}\0`, offset, length, "ascii");
}

function header(name: string, mode: number, size: number, type: string): Buffer {
  const h = Buffer.alloc(block);
  h.write(name, 0, 100, "utf8");
  octal(h, 100, 8, mode & 0o7777);
  octal(h, 108, 8, 0);
  octal(h, 116, 8, 0);
  octal(h, 124, 12, size);
  octal(h, 136, 12, Math.floor(Date.now() / 1000));
  h.fill(" ", 148, 156);
  h.write(type, 156, 1, "ascii");
  h.write("ustar\0", 257, 6, "ascii");
  h.write("00", 263, 2, "ascii");
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, 8, "ascii");
  return h;
}

const padding = (size: number) => Buffer.alloc((block - (size % block)) % block);

/** A PAX record: "<length> <key>=<value>\n", the length counting itself. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (Buffer.byteLength(`${length}${body}`) !== length) length = Buffer.byteLength(`${length}${body}`);
  return `${length}${body}`;
}

function* entryHeader(path: string, mode: number, size: number, type: string): Generator<Buffer> {
  const records: string[] = [];
  if (Buffer.byteLength(path) > 100) records.push(paxRecord("path", path));
  if (size > maxOctal11) records.push(paxRecord("size", String(size)));
  if (records.length > 0) {
    const pax = Buffer.from(records.join(""));
    yield header("PaxHeader", 0o644, pax.length, "x");
    yield pax;
    yield padding(pax.length);
  }
  yield header(Buffer.byteLength(path) > 100 ? path.slice(0, 99) : path, mode, size > maxOctal11 ? 0 : size, type);
}

/** The archive of `entries`, paths relative to where it is put (no leading slash). */
export async function* tarArchive(entries: readonly ArchiveEntry[]): AsyncGenerator<Buffer> {
  for (const entry of entries) {
    const path = entry.path.replace(/^\/+/, "");
    if (entry.kind === "directory") {
      yield* entryHeader(path.endsWith("/") ? path : `${path}/`, entry.mode, 0, "5");
      continue;
    }
    const size = "content" in entry ? entry.content.length : entry.size;
    yield* entryHeader(path, entry.mode, size, "0");
    if ("content" in entry) yield entry.content;
    else {
      let read = 0;
      for await (const chunk of createReadStream(entry.source)) {
        read += (chunk as Buffer).length;
        yield chunk as Buffer;
      }
      if (read !== size) throw new Error(`${entry.source} changed while it was copied (${read} bytes read, ${size} expected)`);
    }
    yield padding(size);
  }
  yield Buffer.alloc(2 * block);
}

/** The content of the first regular file of an archive (the engine's copy of one file), or undefined. */
export function firstFile(archive: Buffer): Buffer | undefined {
  for (let at = 0; at + block <= archive.length; ) {
    const h = archive.subarray(at, at + block);
    if (h.every((b) => b === 0)) return undefined;
    const size = parseInt(h.toString("ascii", 124, 136).replace(/\0.*$/s, "").trim() || "0", 8);
    const type = String.fromCharCode(h[156]!);
    const content = archive.subarray(at + block, at + block + size);
    if (type === "0" || type === "\0") return content;
    at += block + Math.ceil(size / block) * block;
  }
  return undefined;
}
