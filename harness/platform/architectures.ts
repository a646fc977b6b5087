/**
 * GCC `-march` values (`gcc.arch`): the instruction-set features each implies, and which
 * older architectures each can run code for. `canExecute` consults this when two platforms
 * share a cpu type but pin different `gcc.arch`, e.g. an x86-64-v3 build on an x86-64 machine.
 */

const sse4 = ["sse3", "ssse3", "sse4_1", "sse4_2"];
const avx2 = [...sse4, "avx", "avx2", "fma"];
const avx512 = [...sse4, "avx", "avx2", "avx512", "fma"];
const aesAvx2 = [...sse4, "aes", "avx", "avx2", "fma"];
const aesAvx512 = [...sse4, "aes", "avx", "avx2", "avx512", "fma"];
const bulldozer = [...sse4, "sse4a", "aes", "avx", "fma", "fma4"];
const zen = [...sse4, "sse4a", "aes", "avx", "avx2", "fma"];
const zen4 = [...sse4, "sse4a", "aes", "avx", "avx2", "avx512", "fma"];

/** gcc.arch → its features, named as in /proc/cpuinfo. */
const features: Readonly<Record<string, readonly string[]>> = {
  default: [],
  "x86-64": [],
  "x86-64-v2": sse4,
  "x86-64-v3": avx2,
  "x86-64-v4": avx512,
  nehalem: sse4,
  westmere: sse4,
  silvermont: sse4,
  sandybridge: [...sse4, "avx"],
  ivybridge: [...sse4, "avx"],
  haswell: avx2,
  broadwell: avx2,
  skylake: aesAvx2,
  "skylake-avx512": aesAvx512,
  cannonlake: aesAvx512,
  "icelake-client": aesAvx512,
  "icelake-server": aesAvx512,
  rocketlake: aesAvx512,
  cascadelake: aesAvx512,
  cooperlake: aesAvx512,
  tigerlake: aesAvx512,
  alderlake: aesAvx2,
  sapphirerapids: aesAvx512,
  emeraldrapids: aesAvx512,
  sierraforest: aesAvx2,
  btver1: sse4,
  btver2: [...sse4, "aes", "avx"],
  bdver1: bulldozer,
  bdver2: bulldozer,
  bdver3: bulldozer,
  bdver4: [...sse4, "sse4a", "aes", "avx", "avx2", "fma", "fma4"],
  znver1: zen,
  znver2: zen,
  znver3: zen,
  znver4: zen4,
  znver5: zen4,
  loongarch64: ["fpu64"],
  la464: ["fpu64", "lsx", "lasx"],
  la664: ["fpu64", "lsx", "lasx", "div32", "frecipe", "lam-bh", "lamcas", "ld-seq-sa"],
  "la64v1.0": ["fpu64", "lsx"],
  "la64v1.1": ["fpu64", "lsx", "div32", "frecipe", "lam-bh", "lamcas", "ld-seq-sa"],
  armv5te: [],
  armv6: [],
  "armv7-a": [],
  "armv8-a": [],
  mips32: [],
  loongson2f: [],
};

/**
 * The architectures each one directly supersedes; `inferiors` is the transitive closure.
 * An architecture absent here has no inferiors (and runs only code built for itself).
 */
const supersedes: Readonly<Record<string, readonly string[]>> = {
  default: [],
  "x86-64": [],
  "x86-64-v2": ["x86-64"],
  "x86-64-v3": ["x86-64-v2"],
  "x86-64-v4": ["x86-64-v3"],
  nehalem: ["x86-64-v2"],
  westmere: ["nehalem"],
  sandybridge: ["westmere"],
  ivybridge: ["sandybridge"],
  haswell: ["ivybridge", "x86-64-v3"],
  broadwell: ["haswell"],
  skylake: ["broadwell"],
  "skylake-avx512": ["skylake", "x86-64-v4"],
  cannonlake: ["skylake-avx512"],
  "icelake-client": ["cannonlake"],
  "icelake-server": ["icelake-client"],
  cascadelake: ["cannonlake"],
  cooperlake: ["cascadelake"],
  tigerlake: ["icelake-server"],
  sapphirerapids: ["tigerlake"],
  emeraldrapids: ["sapphirerapids"],
  rocketlake: ["x86-64-v4"],
  alderlake: ["skylake"],
  sierraforest: ["alderlake"],
  btver1: ["x86-64"],
  btver2: ["x86-64-v2"],
  bdver1: ["x86-64-v2"],
  bdver2: ["x86-64-v2"],
  bdver3: ["x86-64-v2"],
  bdver4: ["x86-64-v3"],
  // Zen 1 runs skylake code in practice (Gentoo reports, Phoronix benchmarks).
  znver1: ["skylake"],
  znver2: ["znver1"],
  znver3: ["znver2"],
  znver4: ["znver3", "x86-64-v4"],
  znver5: ["znver4"],
  "armv8-a": [],
  "armv8.1-a": ["armv8-a"],
  "armv8.2-a": ["armv8.1-a"],
  "armv8.3-a": ["armv8.2-a"],
  "armv8.4-a": ["armv8.3-a"],
  "armv8.5-a": ["armv8.4-a"],
  "armv8.6-a": ["armv8.5-a"],
  "armv8.7-a": ["armv8.6-a"],
  "armv8.8-a": ["armv8.7-a"],
  "armv8.9-a": ["armv8.8-a"],
  "armv9-a": ["armv8.5-a"],
  "armv9.1-a": ["armv9-a", "armv8.6-a"],
  "armv9.2-a": ["armv9.1-a", "armv8.7-a"],
  "armv9.3-a": ["armv9.2-a", "armv8.8-a"],
  "armv9.4-a": ["armv9.3-a"],
  "cortex-a53": ["armv8-a"],
  "cortex-a72": ["armv8-a"],
  "cortex-a55": ["armv8.2-a", "cortex-a53", "cortex-a72"],
  "cortex-a76": ["armv8.2-a", "cortex-a53", "cortex-a72"],
  ampere1: ["armv8.6-a", "cortex-a55", "cortex-a76"],
  ampere1a: ["ampere1"],
  ampere1b: ["ampere1a"],
  loongarch64: [],
  "la64v1.0": ["loongarch64"],
  la464: ["la64v1.0"],
  "la64v1.1": ["la64v1.0"],
  la664: ["la464", "la64v1.1"],
  armv5te: [],
  armv6: [],
  "armv7-a": [],
  mips32: [],
  loongson2f: [],
};

const inferiorsCache = new Map<string, ReadonlySet<string>>();

function inferiors(arch: string): ReadonlySet<string> {
  let found = inferiorsCache.get(arch);
  if (found === undefined) {
    const set = new Set<string>();
    for (const direct of Object.hasOwn(supersedes, arch) ? supersedes[arch]! : []) {
      set.add(direct);
      for (const deeper of inferiors(direct)) set.add(deeper);
    }
    found = set;
    inferiorsCache.set(arch, found);
  }
  return found;
}

/** Whether a machine whose gcc.arch is `machine` runs code built with gcc.arch `code`. */
export function archCanExecute(machine: string, code: string): boolean {
  return machine === code || inferiors(machine).has(code);
}

const featureSupport = (feature: string) => (arch: string) =>
  (Object.hasOwn(features, arch) ? features[arch]! : []).includes(feature);

/** Feature predicates an elaborated platform carries, evaluated on its gcc.arch. */
export const architecturePredicateRules = {
  sse3Support: featureSupport("sse3"),
  ssse3Support: featureSupport("ssse3"),
  sse4_1Support: featureSupport("sse4_1"),
  sse4_2Support: featureSupport("sse4_2"),
  sse4_aSupport: featureSupport("sse4a"),
  avxSupport: featureSupport("avx"),
  avx2Support: featureSupport("avx2"),
  avx512Support: featureSupport("avx512"),
  aesSupport: featureSupport("aes"),
  fmaSupport: featureSupport("fma"),
  fma4Support: featureSupport("fma4"),
  lsxSupport: featureSupport("lsx"),
  lasxSupport: featureSupport("lasx"),
} satisfies Record<string, (arch: string) => boolean>;

export type ArchitecturePredicateName = keyof typeof architecturePredicateRules;
export type ArchitecturePredicates = Readonly<Record<ArchitecturePredicateName, boolean>>;
export const architecturePredicateNames = Object.freeze(
  Object.keys(architecturePredicateRules) as ArchitecturePredicateName[],
);
