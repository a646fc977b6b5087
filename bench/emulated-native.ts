/**
 * Cross build versus emulated native build of the same package, GNU hello (recipes/hello.ts):
 *
 *   cross            planned on x86_64-linux for host aarch64-multiplatform: Debian's cross gcc, amd64 container
 *   emulated native  planned on aarch64-linux (build = host = aarch64-linux): Debian's native gcc,
 *                    in an arm64 container (arm64 base from debootstrap --arch=arm64), every
 *                    process under QEMU user emulation (binfmt)
 *
 *   npx tsx bench/emulated-native.ts [repetitions=2]
 *
 * Images are made first and timed apart (both variants' base and toolchain images; "reused"
 * when they already existed). Then each repetition realizes both plans, alternating, each in a
 * fresh temporary store through the same Scheduler (jobs=1, all cores per build), so the timed
 * figures exclude image creation. hello's check phase (`make check`) runs in the native build
 * (the build machine can execute the host) but not in the cross one, so the ratio is given both
 * for the whole build and without the check phase.
 */
import { availableParallelism } from "node:os";
import { Planner, debianArchitecture, type Plan } from "../harness/planner/index.ts";
import { elaborate } from "../harness/platform/index.ts";
import { catalog } from "../recipes/index.ts";
import { Scheduler } from "../harness/engine/index.ts";
import { ensureBaseImage } from "../harness/engine/index.ts";
import { ensureNodeImage } from "../harness/engine/index.ts";
import { provisionForRun } from "../harness/engine/index.ts";
import { EventLog, loadavg, machine, median, requireBuilt, seconds, table, tempStore, writeResults } from "./benchUtil.ts";

const repetitions = Number(process.argv[2] ?? 2);
if (!Number.isInteger(repetitions) || repetitions < 1) throw new Error(`repetitions must be a positive integer, not ${process.argv[2]}`);
const resultsPath = "bench/emulated-native.results.md";
const timeoutMs = 120 * 60_000;
const cores = availableParallelism();

const variants: { name: "cross" | "emulated native"; plan: Plan }[] = [
  { name: "cross", plan: new Planner(catalog, "x86_64-linux").plan({ build: "x86_64-linux", host: "aarch64-multiplatform", package: "hello" }) },
  { name: "emulated native", plan: new Planner(catalog, "aarch64-linux").plan({ build: "aarch64-linux", host: "aarch64-linux", package: "hello" }) },
];

await provisionForRun((line) => console.log(line));

// Images, timed apart.
const imageRows: (string | number)[][] = [];
for (const { name, plan } of variants) {
  for (const id of plan.order) {
    const node = plan.nodes[id]!;
    const arch = debianArchitecture(elaborate(node.build.spec))?.arch ?? "amd64";
    const load = loadavg();
    const base = await ensureBaseImage({ arch, onProgress: (line) => console.log(`[${name}] ${line}`) });
    imageRows.push([name, node.pname, `base ${arch}`, base.tag, base.built ? `built in ${seconds(base.buildMs)} s` : "reused", load]);
    let image: { tag: string; built: boolean; ms: number } | undefined;
    const began = Date.now();
    const { tag } = await ensureNodeImage(plan, node, (t, built, ms) => (image = { tag: t, built, ms }));
    if (image === undefined) imageRows.push([name, node.pname, "node image", tag, `the base (${seconds(Date.now() - began)} s to check)`, load]);
    else imageRows.push([name, node.pname, "toolchain", image.tag, image.built ? `built in ${seconds(image.ms)} s` : "reused", load]);
  }
}
console.log(table(["variant", "node", "image", "tag", "time", "load before"], imageRows));

interface Run {
  variant: string;
  repetition: number;
  wallMs: number;
  checkSeconds: number;
  phases: Record<string, number>;
  nodes: string;
  loadBefore: string;
  loadAfter: string;
}
const runs: Run[] = [];
for (let repetition = 1; repetition <= repetitions; repetition++) {
  for (const { name, plan } of variants) {
    const store = await tempStore(name.replace(" ", "-"));
    try {
      const events = new EventLog();
      const scheduler = new Scheduler({ store: store.dir, cores, jobs: 1 });
      const loadBefore = loadavg();
      console.log(`[${name} #${repetition}] realizing ${plan.order.length} nodes in ${store.dir} (load ${loadBefore})`);
      const began = Date.now();
      const realization = await scheduler.realize(plan, { timeoutMs, onEvent: events.onEvent });
      const wallMs = Date.now() - began;
      const loadAfter = loadavg();
      requireBuilt(`${name} #${repetition}`, realization.builds);
      const built = events.built();
      if (built.length !== plan.order.length) throw new Error(`${name} #${repetition}: expected ${plan.order.length} builds in an empty store, got ${built.length}`);
      const imageMs = built.reduce((sum, f) => sum + f.imageBuildMs, 0);
      if (imageMs > 0) throw new Error(`${name} #${repetition}: an image was built during the timed run (${seconds(imageMs)} s)`);
      const root = events.find(plan.root)!;
      const checkSeconds = built.reduce((sum, f) => sum + (f.phases["check"] ?? 0), 0);
      runs.push({
        variant: name,
        repetition,
        wallMs,
        checkSeconds,
        phases: root.phases,
        nodes: built.map((f) => `${f.node.pname} ${seconds(f.wallMs ?? 0)} s`).join(", "),
        loadBefore,
        loadAfter,
      });
      console.log(`[${name} #${repetition}] ${seconds(wallMs)} s (load ${loadAfter})`);
    } finally {
      await store.remove();
    }
  }
}

const phaseNames = ["unpack", "configure", "build", "check", "install", "fixup"];
const fmt = (n: number | undefined) => (n === undefined ? "–" : String(n));
const runRows = runs.map((r) => [r.variant, r.repetition, seconds(r.wallMs), ...phaseNames.map((p) => fmt(r.phases[p])), r.nodes, r.loadBefore, r.loadAfter]);

const of = (variant: string) => runs.filter((r) => r.variant === variant);
const cross = median(of("cross").map((r) => r.wallMs));
const native = median(of("emulated native").map((r) => r.wallMs));
const crossNoCheck = median(of("cross").map((r) => r.wallMs - r.checkSeconds * 1000));
const nativeNoCheck = median(of("emulated native").map((r) => r.wallMs - r.checkSeconds * 1000));

const markdown = [
  "# emulated-native: cross build versus emulated native build (GNU hello 2.10, aarch64)",
  "",
  `Command: \`npx tsx bench/emulated-native.ts ${repetitions}\` — ${new Date().toISOString()}, ${machine()}, shared with other engineers' builds (load averages: /proc/loadavg 1/5/15 min).`,
  "",
  "## Images (made before the timed runs, timed apart)",
  "",
  table(["variant", "node", "image", "tag", "time", "load before"], imageRows),
  "",
  "## Builds (fresh temporary store each, Scheduler jobs=1, all cores per build, images present)",
  "",
  "Phase seconds are the root (hello) node's, from its build record; the wall time includes the gcc-wrapper node, container start, output collection and the closure scan.",
  "",
  table(["variant", "#", "wall s", ...phaseNames.map((p) => `${p} s`), "nodes (start→done)", "load before", "load after"], runRows),
  "",
  "## Ratio (medians)",
  "",
  table(
    ["", "cross s", "emulated native s", "native / cross"],
    [
      ["whole build", seconds(cross), seconds(native), `${(native / cross).toFixed(1)}×`],
      ["without the check phase (native runs `make check`, cross does not)", seconds(crossNoCheck), seconds(nativeNoCheck), `${(nativeNoCheck / crossNoCheck).toFixed(1)}×`],
    ],
  ),
  "",
].join("\n");
await writeResults(resultsPath, markdown);
