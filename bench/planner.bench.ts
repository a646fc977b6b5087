import { bench, describe } from "vitest";
import { Planner } from "../harness/planner/index.ts";
import { syntheticCatalog } from "../harness/planner/syntheticCatalog.testutil.ts";

const size = 10_000;
const catalog = syntheticCatalog(size);
// gcc, the toolchain wrapper, plans only where a Debian toolchain is: not a package to time.
const names = Object.keys(catalog).filter((name) => name !== "gcc");
const cell = { build: "x86_64-linux", host: "aarch64-multiplatform" } as const;

/**
 * The one-cell subject, the package with the largest plan: named, and checked after the
 * timings (laziness, the last task), rather than found by planning every cell first. A process that
 * has planned all 10,000 cells has taught V8 that planner objects live long, and it allocates
 * them in the old generation from then on (allocation-site pretenuring): every fresh planner
 * after that took twice as long, mostly in garbage collection, a state that `crosscheck plan`
 * (one cell in a process) is never in.
 */
const largest = "pkg9739";

/** Laziness in numbers: recipe calls and plan sizes for every cell, then for the largest one
 * alone on a fresh planner; and the check that `largest` has the largest plan. */
function laziness(): void {
  const all = new Planner(catalog, "x86_64-linux");
  let found = { name: names[0]!, nodes: 0 };
  let total = 0;
  for (const name of names) {
    const nodes = Object.keys(all.plan({ ...cell, package: name }).nodes).length;
    total += nodes;
    if (nodes > found.nodes) found = { name, nodes };
  }
  if (found.name !== largest) throw new Error(`the largest plan is ${found.name}'s (${found.nodes} nodes), not ${largest}'s: name it as the subject`);
  const one = new Planner(catalog, "x86_64-linux");
  one.plan({ ...cell, package: largest });
  console.log(
    `[planner bench] catalog of ${size} recipes, cells x86_64 → aarch64.\n` +
      `  one cell (${largest}, the largest plan: ${found.nodes} nodes) on a fresh planner: ` +
      `${one.instantiatedCount} recipe calls of ${size} recipes (× 3 stages possible)\n` +
      `  all ${size} cells on one planner: ${all.instantiatedCount} recipe calls of ${size * 3} possible ` +
      `(N, BT, R); mean plan ${(total / size).toFixed(1)} nodes`,
  );
}

describe(`planner on a synthetic catalog of ${size} recipes, x86_64 → aarch64`, () => {
  // Three seconds, so a loaded machine still gives a hundred samples or more.
  bench(
    "plan one cell, the largest (fresh planner)",
    () => {
      new Planner(catalog, "x86_64-linux").plan({ ...cell, package: largest });
    },
    { time: 3000, warmupTime: 500 },
  );
  bench(
    "plan all cells: every package (one planner, shared stages)",
    () => {
      const planner = new Planner(catalog, "x86_64-linux");
      for (const name of names) planner.plan({ ...cell, package: name });
    },
    { iterations: 5, time: 0, warmupIterations: 1, warmupTime: 0 },
  );
  // Last, once: vitest runs no hooks around benchmarks.
  bench("laziness figures (printed; once, not a timing)", laziness, { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 });
});
