/**
 * C fixtures compiled with the real compilers, in the aarch64 toolchain image the harness's own
 * builds use (Debian's gcc and aarch64 cross gcc), so the closure tests need nothing on the
 * machine itself but what every engine test needs: the Docker engine and the images, which
 * aarch64Toolchain provisions and builds (once; reused by their content keys). A machine that
 * cannot provide them fails these tests with the provisioning's error: they never skip.
 */
import { mkdtemp, open, readFile, rm, type FileHandle } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runStep } from "../engine/index.ts";
import { aarch64Toolchain, mingwToolchain } from "../engine/testing.ts";

/** A reader of the harness's (readElf, readPe, readElfTables) applied to a file on disk. */
export async function readFileWith<T>(path: string, read: (file: FileHandle, size: number) => Promise<T>): Promise<T> {
  const handle = await open(path, "r");
  try {
    return await read(handle, (await handle.stat()).size);
  } finally {
    await handle.close();
  }
}

/** Debian's aarch64 cross gcc, in the toolchain image. */
export const CROSS_CC = "aarch64-linux-gnu-gcc";

/** Debian's mingw-w64 gcc for 64- and 32-bit Windows, in the mingw toolchain image. */
export const MINGW64_CC = "x86_64-w64-mingw32-gcc";
export const MINGW32_CC = "i686-w64-mingw32-gcc";

/** The image each compiler is in. */
const toolchains = { aarch64: aarch64Toolchain, mingw: mingwToolchain };

/** One program or library: `cc -O1 -o <its name> <source> ...args`. */
export interface CompileJob {
  /** `gcc` (the build machine's), CROSS_CC, or in the mingw image MINGW64_CC or MINGW32_CC. */
  cc: string;
  source: string;
  /** `${OUT}` stands for the directory the jobs compile into, to link what an earlier job made. */
  args?: readonly string[];
}

/** In a job's arguments: the directory the jobs compile into. */
export const OUT = "@OUT@";

/** Where the jobs compile to in the container: a store path, as a build's output is. */
const containerOut = "/crosscheck/store/00000000000000000000000000000000-closure-fixtures";
/** Where the sources are written: no build-machine path, so nothing of it can look like one. */
const workdir = "/fixture-sources";

const quote = (s: string): string => `'${s.replace(/'/g, "'\\''")}'`;

/**
 * Compiles the jobs in order (a later one may link an earlier one's output through `${OUT}`),
 * in one container of the aarch64 toolchain image (or the mingw-w64 one), and returns each
 * job's output on this machine, by the job's name (a path relative to the output directory).
 */
export async function compileInToolchain<Name extends string>(jobs: Record<Name, CompileJob>, toolchain: keyof typeof toolchains = "aarch64"): Promise<Record<Name, string>> {
  const image = (await toolchains[toolchain]()).tag;
  const work = await mkdtemp(join(tmpdir(), "crosscheck-fixtures-"));
  const script = [`cd ${workdir}`, ...Object.entries<CompileJob>(jobs).flatMap(([name, job], n) => [
    `mkdir -p "$(dirname ${quote(`${containerOut}/${name}`)})"`,
    `echo ${Buffer.from(job.source).toString("base64")} | base64 -d > fixture${n}.c`,
    [job.cc, "-O1", "-o", `${containerOut}/${name}`, `fixture${n}.c`, ...(job.args ?? []).map((a) => a.replaceAll(OUT, containerOut))].map(quote).join(" "),
  ])];
  const result = await runStep({
    image,
    name: "closure-fixtures",
    script: script.join("\n"),
    workdir,
    outputs: [{ containerPath: containerOut, hostPath: join(work, "out") }],
    timeoutMs: 5 * 60_000,
    logPath: join(work, "compile.log"),
  });
  if (result.status !== "succeeded") {
    const log = await readFile(result.logPath, "utf8").catch(() => "");
    await rm(work, { recursive: true, force: true });
    throw new Error(`compiling the closure fixtures in ${image} ${result.status}:\n${log}`);
  }
  return Object.fromEntries(Object.keys(jobs).map((name) => [name, join(result.outputPaths![0]!, name)])) as Record<Name, string>;
}
