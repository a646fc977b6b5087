import { printable } from "./hashScanner.ts";

/** Where the build machine keeps things that must never leak into a host output. */
export interface BuildMachine {
  /** The directory the package was built in, e.g. `/build`. */
  buildDirectory: string;
  /** The build user's home, e.g. `/root` or `/home/builder`. */
  home: string;
  /** Debian multiarch triples of the installed cross toolchains, e.g. `aarch64-linux-gnu`. */
  toolchainTriples: string[];
}

/**
 * The absolute paths to look for. The Debian cross toolchains keep their libraries and headers
 * under `/usr/lib/gcc-cross`, `/usr/lib/gcc` and `/usr/<triple>`; none of them exists on the
 * host, so a reference to them is a leak of the build machine. The build directory counts only
 * with what is under it (`/build/`): everything a build makes or records is below it (its
 * source, its tools), while the directory's bare name is a word of manuals (coreutils' info:
 * `env --chdir=/build FOO=bar timeout 5 true`).
 */
export function buildMachinePaths(machine: BuildMachine): string[] {
  const trimmed = (path: string) => path.replace(/\/+$/, "");
  const buildDirectory = trimmed(machine.buildDirectory);
  const paths = [
    ...(buildDirectory === "" ? [] : [`${buildDirectory}/`]),
    ...[machine.home, "/usr/lib/gcc-cross", "/usr/lib/gcc", ...machine.toolchainTriples.map((triple) => `/usr/${triple}`)].map(trimmed).filter((path) => path !== ""),
  ];
  return [...new Set(paths)].sort();
}

/** Whether `path` is a searched one or under one (a searched `/build/` is only what is under it). */
export function underSearchedPath(path: string, searched: string): boolean {
  return searched.endsWith("/") ? path.startsWith(searched) : path === searched || path.startsWith(`${searched}/`);
}

/** A searched path as findings name it: `/build`, not `/build/`. */
export function searchedPathName(searched: string): string {
  return searched.replace(/\/$/, "");
}

/** A build machine path found in a file. */
export interface PathHit {
  /** The searched path that matched, without a trailing slash, e.g. `/build`. */
  prefix: string;
  /** The whole path as it appears, e.g. `/build/zlib-1.2.13/lib`. */
  path: string;
  offset: number;
}

/** Bytes that may appear inside a path name. */
const pathByte = new Uint8Array(256);
for (const c of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-/") pathByte[c.charCodeAt(0)] = 1;
const isLetter = (b: number): boolean => (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);

const MAX_SHOWN_PATH = 160;

/** How far past a match's start the bytes must be known to judge it and show its path. */
const reach = (needle: Buffer): number => Math.max(needle.length + 1, MAX_SHOWN_PATH);

/**
 * Finds absolute build machine paths in a byte stream. A needle counts only as a whole path:
 * `/build` must not match `/builds` or `/crosscheck/store/…-foo/build`, but must match
 * `-L/build/lib` and `-Wl,-rpath,/build/lib`. So the byte before it must not continue a path,
 * unless it is a compiler flag letter right after a dash (`-L`, `-I`, `-R`); the byte after it
 * must end the path component.
 */
export class PathScanner {
  private readonly needles: Buffer[];
  private readonly hits: PathHit[] = [];
  /** Per needle, the stream offset below which every match was already judged (the carry overlaps). */
  private readonly judgedBelow: number[];
  private readonly carryLength: number;
  private carry: Buffer = Buffer.alloc(0);
  private carryOffset = 0;

  constructor(
    private readonly prefixes: readonly string[],
    private readonly maxHits = 5,
  ) {
    this.needles = prefixes.map((p) => Buffer.from(p, "latin1"));
    this.judgedBelow = prefixes.map(() => 0);
    // Two bytes before a match and the whole shown path after it are needed to judge it.
    this.carryLength = Math.max(0, ...this.needles.map(reach)) + 2;
  }

  push(chunk: Uint8Array): void {
    const view = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.search(this.carry.length === 0 ? view : Buffer.concat([this.carry, view]), false);
  }

  /** Ends the stream: matches at the very end can now be judged. */
  finish(): PathHit[] {
    this.search(this.carry, true);
    return this.hits.sort((a, b) => a.offset - b.offset || a.prefix.localeCompare(b.prefix));
  }

  private search(bytes: Buffer, atEnd: boolean): void {
    const base = this.carryOffset;
    if (this.needles.length > 0 && this.hits.length < this.maxHits) {
      this.needles.forEach((needle, n) => {
        for (let at = bytes.indexOf(needle); at !== -1; at = bytes.indexOf(needle, at + 1)) {
          const end = at + needle.length;
          // The bytes after the match decide and name the path; if not all here yet, the next chunk judges.
          if (at + reach(needle) > bytes.length && !atEnd) break;
          if (base + at < this.judgedBelow[n]! || !this.isWholePath(bytes, at, end, needle)) continue;
          if (this.hits.length < this.maxHits) this.hits.push({ prefix: searchedPathName(this.prefixes[n]!), path: this.pathAt(bytes, at), offset: base + at });
        }
        this.judgedBelow[n] = Math.max(this.judgedBelow[n]!, base + bytes.length - reach(needle) + 1);
      });
    }
    const keepFrom = Math.max(0, bytes.length - this.carryLength);
    this.carry = Buffer.from(bytes.subarray(keepFrom));
    this.carryOffset = base + keepFrom;
  }

  private isWholePath(bytes: Buffer, at: number, end: number, needle: Buffer): boolean {
    const before = at > 0 ? bytes[at - 1]! : -1;
    const startsPath = before === -1 || pathByte[before] === 0 || (isLetter(before) && at > 1 && bytes[at - 2] === 0x2d);
    const after = end < bytes.length ? bytes[end]! : -1;
    const endsComponent = needle[needle.length - 1] === 0x2f || after === -1 || after === 0x2f || pathByte[after] === 0;
    return startsPath && endsComponent;
  }

  private pathAt(bytes: Buffer, at: number): string {
    let end = at;
    while (end < bytes.length && end - at < MAX_SHOWN_PATH && pathByte[bytes[end]!] === 1) end++;
    return printable(bytes, at, end);
  }
}
