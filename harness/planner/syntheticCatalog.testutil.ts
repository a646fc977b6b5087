import type { Catalog } from "./catalog.ts";
import type { Package } from "./splice.ts";
import type { Stdenv } from "./stdenv.ts";
import gcc from "../../recipes/gcc.ts";

/** A small deterministic PRNG (mulberry32), so the catalog is the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A catalog of `size` recipes shaped like a distribution: package i depends only on lower
 * indices, with zero to four buildInputs,
 * one build tool in nativeBuildInputs (from the first tenth: the tools), an occasional propagated
 * library and depsBuildBuild helper.
 */
export function syntheticCatalog(size: number, seed = 1): Catalog {
  const next = random(seed);
  // Skewed towards low indices: most packages depend on a few foundational libraries, as in a
  // distribution, which keeps closures in the hundreds rather than the whole catalog.
  const pick = (below: number, count: number): number[] => {
    const chosen = new Set<number>();
    for (let k = 0; k < count && below > 0; k++) chosen.add(Math.floor(next() ** 3 * below));
    return [...chosen].sort((x, y) => x - y);
  };
  type Args = Record<string, Package> & { stdenv: Stdenv; buildPackages: { stdenv: Stdenv } };
  const catalog: Record<string, (args: Args) => unknown> = {};
  for (let i = 0; i < size; i++) {
    const libs = pick(i, Math.floor(next() * 5));
    const tools = pick(Math.min(i, Math.floor(size / 10)), next() < 0.6 ? 1 : 0);
    const propagated = next() < 0.2 ? pick(i, 1) : [];
    const helper = next() < 0.05;
    catalog[`pkg${i}`] = (args) =>
      args.stdenv.mkDerivation({
        pname: `pkg${i}`,
        version: "1.0",
        src: { kind: "url", url: `https://example.invalid/pkg${i}.tar.gz`, sha256: "0".repeat(64) },
        buildInputs: libs.map((j) => args[`pkg${j}`]!),
        nativeBuildInputs: tools.map((j) => args[`pkg${j}`]!),
        propagatedBuildInputs: propagated.map((j) => args[`pkg${j}`]!),
        depsBuildBuild: helper ? [args.buildPackages.stdenv.cc] : [],
      });
  }
  // With the built-in gcc, which is every recipe's stdenv.cc.
  return { gcc, ...catalog } as unknown as Catalog;
}
