/**
 * Reproducing one node's build by hand: its requisites are realized into the store as usual,
 * then the node's own build step (the one realizeNode runs, with the same limits) is started with
 * the docker CLI attached to the terminal, so each phase prints live; with `shell`, a failing
 * command drops into bash inside the container, in the directory and with the environment the
 * build had. The output stays in the container: the store is not touched. The script's phase
 * markers are shown as headers (`── configurePhase`), and a last line says how it ended.
 */
import { spawn } from "node:child_process";
import { availableParallelism } from "node:os";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Plan } from "../../planner/index.ts";
import { buildStep, realizeNode, scriptContext } from "./realize.ts";
import { buildScript, phaseMarker } from "./buildScript.ts";
import { ensureNodeImage } from "../images/nodeImage.ts";
import { dockerRunArgs } from "../containers/container.ts";

export interface ReproduceOptions {
  store: string;
  shell: boolean;
  timeoutMs: number;
  log: (line: string) => void;
}

const shellOnFailure = `trap 'status=$?; echo; echo "crosscheck: the command above failed (exit $status); you are in the build container at $(pwd), with the build environment. Exit to leave."; exec bash --norc -i' ERR`;

export async function reproduceNode(plan: Plan, options: ReproduceOptions): Promise<number> {
  const root = plan.nodes[plan.root]!;
  const cores = availableParallelism();
  for (const id of plan.order.filter((i) => i !== plan.root)) {
    const build = await realizeNode(plan, plan.nodes[id]!, { store: options.store, timeoutMs: options.timeoutMs, cores });
    if (build.status !== "built" && build.status !== "cached") {
      options.log(`dependency ${build.node.name} failed in ${build.failedPhase}; log: ${build.logPath}`);
      return 1;
    }
  }
  const image = (await ensureNodeImage(plan, root)).tag;
  const script = buildScript(scriptContext(plan, root, { emulatedCheck: false }));
  const step = await buildStep(plan, root, { store: options.store, timeoutMs: options.timeoutMs, cores, image, script, env: {} });
  const work = await mkdtemp(join(tmpdir(), "crosscheck-repro-"));
  const scriptFile = join(work, "step.sh");
  await writeFile(scriptFile, `${options.shell ? `${shellOnFailure}\n` : ""}${script}`);
  // bash runs it (its ERR trap opens the shell); a terminal gets a TTY, piped input still reaches it.
  const args = dockerRunArgs({ ...step, name: `repro-${root.storeName}`, shell: "bash" }, { scriptFile, tty: options.shell && process.stdin.isTTY === true });
  options.log(`crosscheck: building ${root.name} in ${image} (output stays in the container; the store is not touched)`);
  const began = Date.now();
  const child = spawn("docker", args, { stdio: ["inherit", "pipe", "inherit"] });
  const headers = new PhaseHeaders((text) => process.stdout.write(text));
  child.stdout!.on("data", (chunk: Buffer) => headers.write(chunk.toString("utf8")));
  const code = await new Promise<number>((resolve) => child.on("exit", (status) => resolve(status ?? 1)));
  headers.end();
  const took = `${((Date.now() - began) / 1000).toFixed(0)}s`;
  options.log(
    code === 0
      ? `crosscheck: ${root.name} built in ${took}, every phase passed; its output was in the container, which is gone (crosscheck run builds into the store)`
      : `crosscheck: ${root.name} failed in ${headers.phase ?? "setup"} (exit ${code}) after ${took}`,
  );
  return code;
}

/**
 * Rewrites the build's phase markers (`@@crosscheck-phase configure 1796116735`) as headers
 * (`── configurePhase`) as the output streams by. Text is passed on as it comes, so a shell's
 * prompt shows at once; only a line that may still become a marker waits for its end.
 */
class PhaseHeaders {
  /** The phase running now, as setup.sh names it. */
  phase: string | undefined;
  private pending = "";

  constructor(private readonly emit: (text: string) => void) {}

  write(text: string): void {
    const lines = (this.pending + text).split("\n");
    const last = lines.pop()!;
    this.pending = phaseMarker.startsWith(last.slice(0, phaseMarker.length)) ? last : "";
    this.emit(lines.map((line) => this.render(line)).join("\n") + (lines.length > 0 ? "\n" : "") + (this.pending === "" ? last : ""));
  }

  end(): void {
    if (this.pending !== "") this.emit(this.render(this.pending));
    this.pending = "";
  }

  private render(line: string): string {
    if (!line.startsWith(`${phaseMarker} `)) return line;
    this.phase = `${line.split(" ")[1] ?? "?"}Phase`;
    return `── ${this.phase}`;
  }
}
