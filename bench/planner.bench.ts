import { bench, describe } from "vitest";
import { Planner } from "../harness/planner/index.ts";
import { syntheticCatalog } from "../harness/planner/syntheticCatalog.testutil.ts";

const size = 10_000;
const catalog = syntheticCatalog(size);
// gcc, the toolchain wrapper, plans only where a Debian toolchain is: not a package to time.
const names = Object.keys(catalog).filter((name) => name !== "gcc");
const cell = { build: "x86_64-linux", host: "aarch64-multiplatform" } as const;

/** Laziness in numbers: recipe calls and plan sizes for every cell, then for the largest one
 * alone on a fresh planner. Returns the package with the largest plan, the one-cell subject. */
function laziness(): string {
  const all = new Planner(catalog, "x86_64-linux");
  let largest = { name: names[0]!, nodes: 0 };
  let total = 0;
  for (const name of names) {
    const nodes = Object.keys(all.plan({ ...cell, package: name }).nodes).length;
    total += nodes;
    if (nodes > largest.nodes) largest = { name, nodes };
  }
  const one = new Planner(catalog, "x86_64-linux");
  one.plan({ ...cell, package: largest.name });
  console.log(
    `[planner bench] catalog of ${size} recipes, cells x86_64 → aarch64.\n` +
      `  one cell (${largest.name}, the largest plan: ${largest.nodes} nodes) on a fresh planner: ` +
      `${one.instantiatedCount} recipe calls of ${size} recipes (× 3 stages possible)\n` +
      `  all ${size} cells on one planner: ${all.instantiatedCount} recipe calls of ${size * 3} possible ` +
      `(N, BT, R); mean plan ${(total / size).toFixed(1)} nodes`,
  );
  return largest.name;
}
const largest = laziness();

describe(`planner on a synthetic catalog of ${size} recipes, x86_64 → aarch64`, () => {
  bench("plan one cell, the largest (fresh planner)", () => {
    new Planner(catalog, "x86_64-linux").plan({ ...cell, package: largest });
  });
  bench(
    "plan all cells: every package (one planner, shared stages)",
    () => {
      const planner = new Planner(catalog, "x86_64-linux");
      for (const name of names) planner.plan({ ...cell, package: name });
    },
    { iterations: 5, time: 0, warmupIterations: 1, warmupTime: 0 },
  );
});
