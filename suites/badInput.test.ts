/**
 * Bad input, as a user (or an attacker) hands it to the real command: every case is refused with
 * a clear message at status 2, naming file:line:col where a file is involved and what was
 * probably meant where a close name exists, with no stack trace and no echo of what was read,
 * within 5 s of CPU and 300 MB (issue 17, item 8).
 *
 * Each case spawns `node bin/crosscheck.mjs` under /usr/bin/time for its CPU time and peak
 * memory. None reaches Docker: a bad matrix stops `run` at load, before anything is built, and
 * every `run` below also passes a bad `--shard`, which run checks after loading and before
 * starting anything, so a matrix that wrongly loaded would still stop there (and fail the test).
 * Small fixtures are files in fixtures/bad-input/; the huge ones, the special files and the
 * binary ones are made in a temporary directory.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, test, vi } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = join(root, "bin/crosscheck.mjs");
const fixtures = relative(root, fileURLToPath(new URL("fixtures/bad-input/", import.meta.url)));
const fixture = (name: string) => join(fixtures, name);
const scratch = mkdtempSync(join(tmpdir(), "crosscheck-bad-input-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The budget of each case. */
const maxCpuSeconds = 5;
const maxRssBytes = 300 * 1024 ** 2;
/** A case still running after this has hung; it is killed, and fails. */
const hangAfterMs = 30_000;
// A test spawns the command up to three times, each for up to hangAfterMs.
vi.setConfig({ testTimeout: 4 * hangAfterMs });

const timeBin = "/usr/bin/time";

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
  /** user + system CPU seconds, and peak resident memory in bytes, as /usr/bin/time measured them. */
  cpuSeconds: number;
  rssBytes: number;
  wallMs: number;
  hung: boolean;
}

/**
 * The environment of a user's shell: none of vitest's, nor the run settings this test process
 * was given (a `crosscheck run` inside would read them), nor a limit set outside.
 */
function userEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith("CROSSCHECK_") || key.startsWith("VITEST") || key === "NODE_OPTIONS" || key === "TEST") continue;
    env[key] = value;
  }
  return { ...env, NO_COLOR: "1", ...extra };
}

/** `crosscheck ...args` in the checkout, under /usr/bin/time. */
function crosscheck(args: string[], env: Record<string, string> = {}): Promise<Result> {
  const report = join(scratch, `time-${process.hrtime.bigint()}.txt`);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    // Its own process group, so a hung case is killed with everything it started.
    const child = spawn(timeBin, ["-f", "%U %S %M", "-o", report, process.execPath, bin, ...args], {
      cwd: root,
      env: userEnv(env),
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    let hung = false;
    const timer = setTimeout(() => {
      hung = true;
      process.kill(-child.pid!, "SIGKILL");
    }, hangAfterMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      const wallMs = Date.now() - started;
      const measured = existsSync(report) ? readFileSync(report, "utf8").trim().split("\n").at(-1)!.split(" ").map(Number) : [];
      const [user = NaN, system = NaN, rssKb = NaN] = measured;
      // time writes "Command exited with non-zero status 2" into its report, never into stderr.
      resolve({ code, stdout, stderr, cpuSeconds: user + system, rssBytes: rssKb * 1024, wallMs, hung });
    });
  });
}

/**
 * A clear refusal: status 2, nothing on stdout, no stack trace or Node error text, nothing long
 * (no echo of the input), within the budget; and the message expected.
 */
function expectRefusal(result: Result, expected: RegExp | string): void {
  const context = `stderr:\n${result.stderr.slice(0, 2000)}\nstdout:\n${result.stdout.slice(0, 500)}`;
  expect(result.hung, `hung for ${hangAfterMs} ms and was killed\n${context}`).toBe(false);
  expect(result.code, context).toBe(2);
  expect(result.stdout, context).toBe("");
  expect(result.stderr, context).not.toMatch(/^\s+at /m);
  expect(result.stderr, context).not.toMatch(/\b(\w*Error|ERR_\w+):|node:internal|Maximum call stack|heap out of memory/);
  expect(result.stderr.length, context).toBeLessThan(2000);
  if (typeof expected === "string") expect(result.stderr).toBe(expected);
  else expect(result.stderr).toMatch(expected);
  expect(result.cpuSeconds, `CPU seconds\n${context}`).toBeLessThan(maxCpuSeconds);
  expect(result.rssBytes, `peak memory\n${context}`).toBeLessThan(maxRssBytes);
}

/** `crosscheck run FILE` with the guard: a bad --shard, checked only once the matrix has loaded. */
const run = (file: string, ...more: string[]) => crosscheck(["run", file, ...more, "--shard", "not-a-shard"]);
const guard = "crosscheck run: bad shard 'not-a-shard': expected i/n, like 2/4\n";
const limitHint = (flag: string, env: string, value = "N") => `raise it with --${flag} ${value} \\(or ${env}\\)`;

/** Writes a file of the scratch directory, returning its path. */
function made(name: string, content: string | Buffer): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

/** What any matrix needs besides the part a case is about. */
const axes = "build: [x86_64-linux]\nhost: [riscv64]\n";

// Cases are run one at a time: their CPU and memory are measured, and others' load would only
// make the wall time noisy (the budget is CPU time for that reason; the wall time only decides a hang).
describe("a matrix that would exhaust the machine is refused at the limit it passes", () => {
  test("the billion laughs: aliases of aliases, expanding to 9^9 values", async () => {
    expectRefusal(
      await run(fixture("billion-laughs.yaml")),
      new RegExp(
        `^crosscheck run: ${fixture("billion-laughs.yaml")}:3:10: the aliases \\(\\*name\\) from here on stand for more than 100 values, ` +
          `the limit for a matrix .*; ${limitHint("max-aliases", "CROSSCHECK_MAX_ALIASES")}\n$`,
      ),
    );
  });

  test("more aliases written than the limit: the first one past it", async () => {
    expectRefusal(
      await run(fixture("many-aliases.yaml")),
      new RegExp(`^crosscheck run: ${fixture("many-aliases.yaml")}:106:16: more than 100 aliases \\(\\*name\\), the limit for a matrix; ${limitHint("max-aliases", "CROSSCHECK_MAX_ALIASES")}\n$`),
    );
  });

  test("10,000 levels of nesting: the first collection past 32 levels", async () => {
    const file = made("deep.yaml", `${axes}package: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`);
    expectRefusal(
      await run(file),
      new RegExp(`^crosscheck run: ${file}:3:41: nested more than 32 levels deep, the limit for a matrix; ${limitHint("max-depth", "CROSSCHECK_MAX_DEPTH")}\n$`),
    );
  });

  test("a 50 MB list of 3.3 million packages: refused by its size, unread", async () => {
    const lines = Array.from({ length: 3_300_000 }, (_, i) => `  - pkg${i}\n`);
    const file = made("huge.yaml", `${axes}package:\n${lines.join("")}`);
    expectRefusal(
      await run(file),
      new RegExp(`^crosscheck run: cannot read matrix ${file}: it is 46\\.1 MiB, over the limit of 128 KiB for a matrix file; ${limitHint("max-matrix-size", "CROSSCHECK_MAX_MATRIX_SIZE", "SIZE")}\n$`),
    );
  });

  test("2,000,000 cells in a small file: refused before one is made, at the longest axis", async () => {
    const hosts = Array.from({ length: 200 }, (_, i) => `h${i}`);
    const packages = Array.from({ length: 10_000 }, (_, i) => `p${i}`);
    const file = made(
      "cells.yaml",
      `platforms:\n${hosts.map((h) => `  ${h}: { config: aarch64-unknown-linux-gnu }\n`).join("")}` +
        `build: [x86_64-linux]\nhost: [${hosts.join(", ")}]\npackage: [${packages.join(", ")}]\n`,
    );
    expectRefusal(
      await run(file),
      new RegExp(
        `^crosscheck run: ${file}:204:1: the matrix makes 2,000,000 cells \\(1 build × 200 hosts × 10,000 packages\\), ` +
          `over the limit of 50,000 cells for a matrix; split it, or ${limitHint("max-cells", "CROSSCHECK_MAX_CELLS")}\n$`,
      ),
    );
  });

  test("50,000 cells, the most allowed, load within the budget", async () => {
    // Real package names, so that the catalog check passes and every cell is made: 6 packages
    // on 8 hosts from 1,041 build platforms (each named under platforms).
    const packages = ["hello", "zlib", "file", "libpng", "libcap", "tcc"];
    const hosts = Array.from({ length: 8 }, (_, i) => `h${i}`);
    const builds = Array.from({ length: Math.floor(50_000 / hosts.length / packages.length) }, (_, i) => `b${i}`);
    const file = made(
      "most-cells.yaml",
      `platforms:\n${[...hosts, ...builds].map((name) => `  ${name}: { config: aarch64-unknown-linux-gnu }\n`).join("")}` +
        `build: [${builds.join(", ")}]\nhost: [${hosts.join(", ")}]\npackage: [${packages.join(", ")}]\n`,
    );
    expect(builds.length * hosts.length * packages.length).toBe(49_968);
    expectRefusal(await run(file), guard);
  });

  test("128 KiB of the densest YAML, the most allowed, is read within the budget", async () => {
    const items = Array.from({ length: 60_000 }, () => "a").join(",");
    const file = made("densest.yaml", `${axes}package: [hello]\nnoise: [${items}]\n`);
    expect(readFileSync(file).length).toBeLessThanOrEqual(128 * 1024);
    expectRefusal(await run(file), new RegExp(`^crosscheck run: ${file}:4:1: unknown key "noise" \\(expected one of: `));
  });
});

describe("what isn't a regular file, or isn't there, is refused before reading", () => {
  test("/dev/zero: a device that never ends", async () => {
    expectRefusal(await run("/dev/zero"), "crosscheck run: cannot read matrix /dev/zero: it is a character device, and matrices are read only from regular files\n");
  });

  test("a FIFO, which nobody writes to", async () => {
    const fifo = join(scratch, "matrix.fifo");
    execFileSync("mkfifo", [fifo]);
    expectRefusal(await run(fifo), `crosscheck run: cannot read matrix ${fifo}: it is a FIFO (named pipe), and matrices are read only from regular files\n`);
  });

  test("a directory (EISDIR), offering the matrices in it", async () => {
    expectRefusal(
      await run("matrices"),
      "crosscheck run: cannot read matrix matrices: it is a directory, not a matrix file; did you mean 'matrices/nightly.yaml', 'matrices/sanity.yaml', 'matrices/seed-regressions.yaml'?\n",
    );
  });

  test("a loop of symbolic links (ELOOP)", async () => {
    const a = join(scratch, "loop-a.yaml");
    const b = join(scratch, "loop-b.yaml");
    symlinkSync(b, a);
    symlinkSync(a, b);
    expectRefusal(await run(a), `crosscheck run: cannot read matrix ${a}: the path is a loop of symbolic links\n`);
  });

  test("a misspelled file name, offering the file beside it", async () => {
    expectRefusal(await run("matrices/smok.yaml"), "crosscheck run: cannot read matrix matrices/smok.yaml: no such file; did you mean 'matrices/smoke.yaml'?\n");
  });

  test("repro loads its matrix the same way", async () => {
    expectRefusal(
      await crosscheck(["repro", "hello@x86_64-linux~riscv64", "--matrix", "/dev/zero"]),
      "crosscheck repro: cannot read matrix /dev/zero: it is a character device, and matrices are read only from regular files\n",
    );
  });
});

describe("what isn't text is named, not echoed", () => {
  test("10 KB of binary garbage: the first byte that isn't UTF-8", async () => {
    // Deterministic bytes, every value 0..255 in a scrambled order.
    const bytes = Buffer.from(Array.from({ length: 10 * 1024 }, (_, i) => (i * 167 + 13) % 256));
    const file = made("garbage.yaml", bytes);
    // 0x0d (a carriage return) is text; 0xb4 continues a sequence that never started.
    expect([...bytes.subarray(0, 2)]).toEqual([0x0d, 0xb4]);
    expectRefusal(await run(file), `crosscheck run: ${file}:1:2: byte 0xb4 is not UTF-8 text: a matrix is a YAML file, in UTF-8 (is this a binary file?)\n`);
  });

  test("valid UTF-8 that is no text: control characters, which YAML doesn't allow", async () => {
    const file = made("nuls.yaml", `${axes}package: [hello]\nname: "a${"\u0000".repeat(10_000)}"\n`);
    expectRefusal(
      await run(file),
      `crosscheck run: ${file}:4:9: a control character (U+0000), which YAML doesn't allow: a matrix is a YAML text file (is this a binary file?)\n`,
    );
  });

  test("a long wrong value is cut short", async () => {
    const file = made("long.yaml", `${axes}package: [hello]\nname: ${"x".repeat(10_000)} y\n`);
    expectRefusal(await run(file), new RegExp(`^crosscheck run: ${file}:4:7: name: expected a name of .*; got "x{60}…" \\(10,002 characters\\)\n$`));
  });
});

describe("YAML mistakes are at the place to fix", () => {
  test("an unclosed quote: at the opening quote, not past the end of the file", async () => {
    expectRefusal(await run(fixture("unclosed-quote.yaml")), `crosscheck run: ${fixture("unclosed-quote.yaml")}:3:18: this quoted string is never closed: add the closing "\n`);
  });

  test("a byte order mark shifts no column", async () => {
    const file = made("bom.yaml", `\uFEFFhots: [riscv64]\nbuild: [x86_64-linux]\nhost: [riscv64]\npackage: [hello]\n`);
    expectRefusal(await run(file), `crosscheck run: ${file}:1:1: unknown key "hots"; did you mean 'host'?\n`);
  });

  test("two YAML documents: where the second starts", async () => {
    expectRefusal(
      await run(fixture("two-documents.yaml")),
      `crosscheck run: ${fixture("two-documents.yaml")}:4:1: a second YAML document starts here, and a matrix file holds one: remove this '---' line and what follows, or put it in a file of its own\n`,
    );
  });

  test("an alias before its anchor: at the alias (it was a ReferenceError's stack trace)", async () => {
    expectRefusal(await run(fixture("alias-before-anchor.yaml")), `crosscheck run: ${fixture("alias-before-anchor.yaml")}:2:7: alias *hosts names no anchor &hosts written before it\n`);
  });

  test("a collection as a key: no warning of Node's", async () => {
    expectRefusal(await run(fixture("collection-key.yaml")), new RegExp(`^crosscheck run: ${fixture("collection-key.yaml")}:1:1: unknown key "\\[ build, host \\]" \\(expected one of: .*\\)\n$`));
  });

  test("names that are properties of every object (__proto__, valueOf, toString) are names like others", async () => {
    expectRefusal(
      await run(fixture("object-property-names.yaml")),
      new RegExp(`^crosscheck run: ${fixture("object-property-names.yaml")}:5:12: bad platform 'toString': system string 'toString' with 1 component is ambiguous; closest known platforms: `),
    );
  });

  test("an empty axis says it is empty", async () => {
    expectRefusal(
      await run(fixture("empty-host.yaml")),
      `crosscheck run: ${fixture("empty-host.yaml")}:2:7: host: expected a list of platforms, like [x86_64-linux, aarch64-multiplatform, riscv64]; got an empty list\n`,
    );
  });

  test("a timeout no timer can wait for", async () => {
    expectRefusal(
      await run(fixture("huge-timeout.yaml")),
      `crosscheck run: ${fixture("huge-timeout.yaml")}:5:12: defaults.timeout: expected a timeout of at most 168h (a week); got "99999999999h"\n`,
    );
  });

  test("an expired broken mark is allowed, with a warning when the matrix loads", async () => {
    const result = await run(fixture("expired-until.yaml"));
    expectRefusal(
      result,
      `warning: ${fixture("expired-until.yaml")}:6:61: include[0].broken.until: the broken mark expired after 2020-01-01, ` +
        `so its cells fail again if they fail; renew the date or remove the mark\n${guard}`,
    );
  });
});

describe("typos get the name that was probably meant", () => {
  test("a platform object's key (confg)", async () => {
    expectRefusal(
      await run(fixture("platform-key-typo.yaml")),
      `crosscheck run: ${fixture("platform-key-typo.yaml")}:2:14: platforms.musl-pi: unknown platform attribute "confg"; did you mean 'config'?\n`,
    );
  });

  test("a platform object's key given on the command line", async () => {
    expectRefusal(
      await crosscheck(["platforms", '{"confg": "aarch64-unknown-linux-gnu"}']),
      "crosscheck platforms: a platform needs a 'config' or a 'system'; did you mean 'confg' for 'config'?\n",
    );
  });

  test("--cell, in the host part of a pattern", async () => {
    expectRefusal(
      await run(fixture("three-cells.yaml"), "--cell", "*~risv64"),
      "crosscheck run: --cell '*~risv64' matches no cell; did you mean '*~riscv64'?\n",
    );
  });

  test("--cell, in the build part", async () => {
    expectRefusal(
      await run(fixture("three-cells.yaml"), "--cell", "hello@x86_64-linx~*"),
      "crosscheck run: --cell 'hello@x86_64-linx~*' matches no cell; did you mean 'hello@x86_64-linux~*'?\n",
    );
  });

  test("a flag, and a long flag written with one dash", async () => {
    expectRefusal(await crosscheck(["run", "--cel", "x"]), /^crosscheck run: unknown option '--cel'; did you mean '--cell'\?\nusage: crosscheck run /);
    expectRefusal(await crosscheck(["run", "-cell", "x"]), /^crosscheck run: unknown option '-cell'; did you mean '--cell'\?\nusage: crosscheck run /);
  });

  test("a subcommand, an option before it, and a matrix in its place", async () => {
    expectRefusal(await crosscheck(["rnu"]), /^crosscheck: unknown command 'rnu'; did you mean 'run'\?\nusage: /);
    expectRefusal(
      await crosscheck(["--cell", "hello@*", "run"]),
      /^crosscheck: expected a command first, then its options; got '--cell'; it is an option of 'crosscheck run --cell'\nusage: /,
    );
    expectRefusal(await crosscheck(["matrices/smoke.yaml"]), /^crosscheck: unknown command 'matrices\/smoke.yaml'; to run that matrix: crosscheck run matrices\/smoke.yaml\nusage: /);
  });
});

describe("command-line values", () => {
  test("gc --max-size -5G: the command's own message, not parseArgs'", async () => {
    expectRefusal(
      await crosscheck(["gc", "--max-size", "-5G"]),
      "crosscheck gc: --max-size -5G: expected a size like 20G or 500M (it can't be negative)\nusage: crosscheck gc [--older-than AGE] [--max-size SIZE] [--dry-run]\n",
    );
  });

  test("an option's value that parseArgs would only call ambiguous, and a value given to a switch", async () => {
    expectRefusal(
      await crosscheck(["run", "--cell", "-x"]),
      /^crosscheck run: --cell needs a value: --cell GLOB \(a value starting with '-' is written --cell=-x\)\nusage: crosscheck run /,
    );
    expectRefusal(await crosscheck(["doctor", "--fix=yes"]), /^crosscheck doctor: --fix takes no value: it is on when given, off when not\nusage: /);
  });

  test("a limit flag's bad value", async () => {
    expectRefusal(await run(fixture("three-cells.yaml"), "--max-cells", "lots"), /^crosscheck run: --max-cells "lots": expected a whole number above zero, like 500000\nusage: crosscheck run /);
    expectRefusal(await run(fixture("three-cells.yaml"), "--max-depth", "100000"), /^crosscheck run: --max-depth 100000: at most 500, beyond which the loader itself can't cope\nusage: /);
  });
});

describe("each limit can be set, by its flag or its environment variable", () => {
  test("--max-cells and CROSSCHECK_MAX_CELLS", async () => {
    expectRefusal(
      await run(fixture("three-cells.yaml"), "--max-cells", "2"),
      new RegExp(`^crosscheck run: ${fixture("three-cells.yaml")}:2:1: the matrix makes 3 cells \\(1 build × 3 hosts × 1 package\\), over the limit of 2 cells for a matrix; `),
    );
    expectRefusal(await crosscheck(["run", fixture("three-cells.yaml"), "--shard", "not-a-shard"], { CROSSCHECK_MAX_CELLS: "2" }), /over the limit of 2 cells/);
    // Raised, the matrix loads and the run goes on to the guard.
    expectRefusal(await crosscheck(["run", fixture("three-cells.yaml"), "--max-cells", "3", "--shard", "not-a-shard"], { CROSSCHECK_MAX_CELLS: "2" }), guard);
  });

  test("--max-matrix-size", async () => {
    expectRefusal(
      await run(fixture("three-cells.yaml"), "--max-matrix-size", "64"),
      `crosscheck run: cannot read matrix ${fixture("three-cells.yaml")}: it is 92 bytes, over the limit of 64 bytes for a matrix file; raise it with --max-matrix-size SIZE (or CROSSCHECK_MAX_MATRIX_SIZE)\n`,
    );
    expectRefusal(await run(fixture("three-cells.yaml"), "--max-matrix-size", "1K"), guard);
  });

  test("--max-depth and --max-aliases", async () => {
    expectRefusal(await run(fixture("three-cells.yaml"), "--max-depth", "1"), new RegExp(`^crosscheck run: ${fixture("three-cells.yaml")}:1:8: nested more than 1 levels deep`));
    expectRefusal(await run(fixture("many-aliases.yaml"), "--max-aliases", "0"), new RegExp(`^crosscheck run: ${fixture("many-aliases.yaml")}:6:16: more than 0 aliases`));
    expectRefusal(await run(fixture("many-aliases.yaml"), "--max-aliases", "101"), guard);
  });
});
