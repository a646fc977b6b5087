/**
 * The platform model's hot paths: a matrix run elaborates every platform it names and asks
 * canExecute for each (build, host) pair, so both must stay cheap.
 */
import { bench, describe } from "vitest";
import { elaborate, exampleNames } from "../harness/platform/index.ts";

const specs = exampleNames.map((name) => `examples.${name}`);
const platforms = specs.map((spec) => elaborate(spec));

describe("platform", () => {
  bench(`elaborate all ${specs.length} examples`, () => {
    for (const spec of specs) elaborate(spec);
  });

  bench(`canExecute matrix over all examples (${platforms.length}×${platforms.length})`, () => {
    for (const machine of platforms) for (const program of platforms) machine.canExecute(program);
  });
});
