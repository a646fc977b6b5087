/**
 * Reproducing one node's build by hand: its requisites are realized into the store as usual,
 * then the node itself is built with the docker CLI attached to the terminal, so each phase
 * prints live; with `shell`, a failing command drops into bash inside the container, in the
 * directory and with the environment the build had.
 */
import { spawn } from "node:child_process";
import { availableParallelism } from "node:os";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Plan } from "../planner/index.ts";
import { realizeNode, scriptContext } from "./realize.ts";
import { buildScript } from "./buildScript.ts";
import { fetchSource } from "./source.ts";
import { builderUser } from "./baseImage.ts";
import { ensureNodeImage } from "./nodeImage.ts";
import { outputPath } from "./localStore.ts";
import { buildDir, containerStorePath, requisites, sourceDir } from "./storeLayout.ts";
import { sessionLabels } from "./session.ts";

export interface ReproduceOptions {
  store: string;
  shell: boolean;
  timeoutMs: number;
  log: (line: string) => void;
}

const shellOnFailure = `trap 'status=$?; echo; echo "crosscheck: the command above failed (exit $status); you are in the build container at $(pwd), with the build environment. Exit to leave."; exec bash --norc -i' ERR`;

export async function reproduceNode(plan: Plan, options: ReproduceOptions): Promise<number> {
  const root = plan.nodes[plan.root]!;
  for (const id of plan.order.filter((i) => i !== plan.root)) {
    const build = await realizeNode(plan, plan.nodes[id]!, { store: options.store, timeoutMs: options.timeoutMs, cores: availableParallelism() });
    if (build.status !== "built" && build.status !== "cached") {
      options.log(`dependency ${build.node.name} failed in ${build.failedPhase}; log: ${build.logPath}`);
      return 1;
    }
  }
  const image = (await ensureNodeImage(plan, root)).tag;
  const source = await fetchSource(root.attrs.src);
  const work = await mkdtemp(join(tmpdir(), "crosscheck-repro-"));
  const script = buildScript(scriptContext(plan, root, { emulatedCheck: false }));
  await writeFile(join(work, "step.sh"), `${options.shell ? `${shellOnFailure}\n` : ""}${script}`);
  const out = containerStorePath(root);
  const mounts = [
    ...requisites(plan, root).map((r) => ["-v", `${outputPath(options.store, r)}:${containerStorePath(r)}:ro`]),
    ...(source === null ? [] : [["-v", `${source.path}:${sourceDir}/${source.name}:ro`]]),
    ["-v", `${join(work, "step.sh")}:/crosscheck/step.sh:ro`],
  ].flat();
  const labels = Object.entries(sessionLabels(`repro-${root.storeName}`)).flatMap(([k, v]) => ["--label", `${k}=${v}`]);
  const start = `mkdir -p ${buildDir} ${out} && chown ${builderUser.uid}:${builderUser.gid} ${buildDir} ${out} && cd ${buildDir} && exec setpriv --reuid=${builderUser.uid} --regid=${builderUser.gid} --clear-groups env HOME=${builderUser.home} bash -e /crosscheck/step.sh`;
  // A terminal gets a TTY; piped input (a script, a test) still reaches the shell.
  const args = ["run", "--rm", "-i", ...(options.shell && process.stdin.isTTY ? ["-t"] : []), "--network", "none", "-e", `NIX_BUILD_CORES=${availableParallelism()}`, ...labels, ...mounts, "--user", "0:0", image, "bash", "-c", start];
  options.log(`crosscheck: building ${root.name} in ${image} (output stays in the container; the store is not touched)`);
  const child = spawn("docker", args, { stdio: "inherit" });
  return await new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? 1)));
}
