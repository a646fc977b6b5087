/**
 * Reading a matrix file's text, refusing what isn't one before reading a byte of it: anything
 * but a regular file (a FIFO would block forever, /dev/zero never ends), a file over the size
 * limit, and bytes that aren't UTF-8 text. Every refusal is a UserError saying what the path
 * is, never Node's own `Error: EISDIR: ...`.
 */
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, statSync, type Stats } from "node:fs";
import { basename, dirname, join } from "node:path";
import { UserError } from "../userError.ts";
import { closestNames, didYouMeanOneOf } from "../suggest.ts";
import { raiseHint, showByteSize } from "./limits.ts";
import { MatrixError } from "./problem.ts";

/** What a failed stat or open means, in words. */
const reasons: Record<string, string> = {
  ENOENT: "no such file",
  ENOTDIR: "a part of the path is not a directory",
  ELOOP: "the path is a loop of symbolic links",
  EACCES: "permission denied",
  EPERM: "permission denied",
  ENAMETOOLONG: "the name is too long",
  EISDIR: "it is a directory, not a matrix file",
  EMFILE: "too many open files",
  EIO: "an input/output error reading it",
};

function kind(stats: Stats): string {
  if (stats.isDirectory()) return "a directory";
  if (stats.isFIFO()) return "a FIFO (named pipe)";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isSocket()) return "a socket";
  return "not a regular file";
}

/** The .yaml and .yml files of a directory, sorted; none when it can't be read. */
function yamlFiles(dir: string): string[] {
  try {
    return readdirSync(dir).filter((name) => /\.ya?ml$/.test(name)).sort();
  } catch {
    return [];
  }
}

function fail(file: string, reason: string): never {
  throw new UserError(`cannot read matrix ${file}: ${reason}`);
}

function failErrno(file: string, error: unknown): never {
  const code = (error as NodeJS.ErrnoException).code ?? "";
  if (code === "ENOENT") {
    // A misspelled file name most often sits beside the file it meant.
    const dir = dirname(file);
    const near = closestNames(basename(file), yamlFiles(dir)).map((name) => (dir === "." && !file.startsWith("./") ? name : join(dir, name)));
    fail(file, `no such file${didYouMeanOneOf(near)}`);
  }
  const reason = reasons[code] ?? (code === "" ? String((error as Error).message ?? error) : `${code.toLowerCase()}`);
  fail(file, reason);
}

/** The first byte sequence that isn't UTF-8, as a line and column of the text decoded leniently. */
function invalidUtf8At(bytes: Buffer): { line: number; col: number; byte: number } {
  const text = new TextDecoder("utf-8").decode(bytes);
  let line = 1;
  let lineStart = 0;
  let byteOffset = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0xfffd) {
      // A replacement character the file really holds is EF BF BD; anything else is a bad byte.
      if (!(bytes[byteOffset] === 0xef && bytes[byteOffset + 1] === 0xbf && bytes[byteOffset + 2] === 0xbd)) {
        return { line, col: i - lineStart + 1, byte: bytes[byteOffset] ?? 0 };
      }
    }
    if (code === 0x0a) {
      line++;
      lineStart = i + 1;
    }
    const point = text.codePointAt(i) ?? 0;
    if (point > 0xffff) i++;
    byteOffset += code === 0xfffd ? 3 : Buffer.byteLength(String.fromCodePoint(point));
  }
  return { line, col: 1, byte: 0 };
}

/**
 * The text of the matrix at `file`, at most `maxBytes` long: a regular file (symbolic links are
 * followed), its bytes UTF-8, a leading byte order mark removed (it would shift the columns of
 * the first line).
 */
export function readMatrixText(file: string, maxBytes: number): string {
  let stats: Stats;
  try {
    stats = statSync(file);
  } catch (error) {
    failErrno(file, error);
  }
  const refuse = (found: Stats): never => {
    if (found.isDirectory()) {
      const inside = yamlFiles(file).slice(0, 3).map((name) => join(file, name));
      fail(file, `it is a directory, not a matrix file${didYouMeanOneOf(inside)}`);
    }
    fail(file, `it is ${kind(found)}, and matrices are read only from regular files`);
  };
  if (!stats.isFile()) refuse(stats);
  const tooBig = (size: string) =>
    fail(file, `it is ${size}, over the limit of ${showByteSize(maxBytes)} for a matrix file; ${raiseHint("maxBytes")}`);
  if (stats.size > maxBytes) tooBig(showByteSize(stats.size));

  let fd: number;
  try {
    // Non-blocking, so that a FIFO put in the file's place since the stat can't hang the open.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    failErrno(file, error);
  }
  let bytes: Buffer;
  try {
    const opened = fstatSync(fd);
    if (!opened.isFile()) refuse(opened);
    // Read until the end, not the stat's size: a file that grows, or a /proc file (whose size
    // says 0), can't slip past the limit.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(64 * 1024);
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      total += read;
      if (total > maxBytes) tooBig(`over ${showByteSize(maxBytes)}`);
      chunks.push(chunk.subarray(0, read));
    }
    bytes = Buffer.concat(chunks, total);
  } catch (error) {
    if (error instanceof UserError) throw error;
    failErrno(file, error);
  } finally {
    closeSync(fd);
  }

  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const { line, col, byte } = invalidUtf8At(bytes);
    throw new MatrixError([
      { file, line, col, message: `byte 0x${byte.toString(16).padStart(2, "0")} is not UTF-8 text: a matrix is a YAML file, in UTF-8 (is this a binary file?)` },
    ]);
  }
  // TextDecoder removes a leading byte order mark itself.
  return text;
}
