/**
 * A small project of its own outside the checkout, for tests that drive `crosscheck run` as a
 * user does: a config, a matrix of native cells (x86_64-linux, built in seconds), and tiny C
 * recipes built by their own phases. Each source carries a nonce, so a test's first run builds
 * whatever earlier runs left in the store.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { listRunDirs } from "../harness/report/index.ts";

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

const bin = join(process.cwd(), "bin/crosscheck.mjs");

/** A recipe compiling `<pname>.c` (this body) into bin/<pname>; `buildPhase` may add to the compile. */
export function tinyRecipe(pname: string, body: string, options: { nonce: string; buildPhase?: string }): string {
  return `export default ({ stdenv }: { stdenv: any }) =>
  stdenv.mkDerivation({
    pname: "${pname}", version: "0.1", buildSystem: "custom",
    src: { kind: "inline", files: { "${pname}.c": ${JSON.stringify(`/* ${options.nonce} */\n${body}`)} } },
    buildPhase: ${JSON.stringify(options.buildPhase ?? `$CC -o ${pname} ${pname}.c`)},
    installPhase: 'mkdir -p "$out/bin" && cp ${pname} "$out/bin/"',
  });
`;
}

export const compiles = "int main(void) { return 0; }\n";
export const doesNotCompile = "#include <no-such-header.h>\nint main(void) { return 0; }\n";
export const nativeCell = (pname: string) => `${pname}@x86_64-linux~x86_64-linux`;

export class TinyProject {
  readonly work = mkdtempSync(join(tmpdir(), "crosscheck-tiny-"));
  readonly dir = join(this.work, "project");
  readonly reports = join(this.work, "reports");
  readonly nonce = `${Date.now()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  /** The user's shell: no vitest settings, not in CI (whose missing snapshots fail), colours allowed. */
  readonly env: NodeJS.ProcessEnv = {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("CROSSCHECK_RUN") && k !== "CI" && k !== "VITEST" && !k.startsWith("VITEST_") && k !== "NO_COLOR" && k !== "FORCE_COLOR")),
    CROSSCHECK_REPORTS_DIR: this.reports,
  };

  constructor(packages: Record<string, string>) {
    mkdirSync(join(this.dir, "recipes"), { recursive: true });
    mkdirSync(join(this.dir, "matrices"));
    writeFileSync(join(this.dir, "crosscheck.config.ts"), 'export default { recipes: ["recipes"], matrix: "matrices/tiny.yaml" };\n');
    const names = Object.keys(packages);
    writeFileSync(join(this.dir, "matrices/tiny.yaml"), `name: tiny\nbuild: [x86_64-linux]\nhost: [x86_64-linux]\npackage: [${names.join(", ")}]\ndefaults:\n  checks: [elf]\n`);
    for (const [pname, body] of Object.entries(packages)) this.recipe(pname, body);
  }

  recipe(pname: string, body: string, buildPhase?: string): void {
    writeFileSync(join(this.dir, "recipes", `${pname}.ts`), tinyRecipe(pname, body, { nonce: this.nonce, ...(buildPhase !== undefined ? { buildPhase } : {}) }));
  }

  private sh(command: string, args: string[]): Promise<Ran> {
    return new Promise((resolve) =>
      execFile(command, args, { cwd: this.dir, env: this.env, maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      ),
    );
  }

  /** `crosscheck run ARGS` in a pipe. */
  run(...args: string[]): Promise<Ran> {
    return this.sh(process.execPath, [bin, "run", ...args]);
  }

  /** `crosscheck run ARGS` on a pseudo-terminal of 120 columns (util-linux's script): what the terminal received. */
  runOnTerminal(...args: string[]): Promise<Ran> {
    const command = [process.execPath, bin, "run", ...args].map((a) => `'${a}'`).join(" ");
    return this.sh("script", ["-qfec", `stty cols 120 rows 40; exec ${command}`, "/dev/null"]);
  }

  /** `crosscheck run ARGS` started, for a test that signals it. */
  start(...args: string[]): ChildProcess {
    return spawn(process.execPath, [bin, "run", ...args], { cwd: this.dir, env: this.env, stdio: ["ignore", "pipe", "pipe"] });
  }

  /** The last run's derivations built and found (in the store or the shared cache), by name. */
  async lastRunEvents(): Promise<{ built: string[]; cached: string[] }> {
    const run = listRunDirs(this.reports).at(-1)!;
    const events = (await readFile(join(run.dir, "events.jsonl"), "utf8")).trim().split("\n").map((l) => JSON.parse(l) as { kind: string; name: string; status?: string });
    return {
      built: events.filter((e) => e.kind === "build-done" && e.status === "built").map((e) => e.name).sort(),
      cached: [...new Set(events.filter((e) => e.kind === "cached").map((e) => e.name))].sort(),
    };
  }

  remove(): void {
    rmSync(this.work, { recursive: true, force: true });
  }
}
