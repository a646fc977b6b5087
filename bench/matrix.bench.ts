import { bench, describe } from "vitest";
import { parseMatrix, selectCells, shard } from "../harness/matrix/index.ts";

/**
 * A nightly-sized matrix: 500 packages × 20 hosts = 10,000 cells, with excludes, broken marks
 * and an added cross compiler, as a real wide matrix would have.
 */
const hosts = [
  "x86_64-linux", "aarch64-multiplatform", "raspberryPi", "armv7l-hf-multiplatform", "riscv64",
  "powerpc64le-linux", "s390x", "mips64el-linux-gnuabi64", "i686-linux", "musl64",
  "aarch64-multiplatform-musl", "muslpi", "mingwW64", "mingw32", "loongarch64-linux",
  "armv7l-unknown-linux-gnueabihf", "aarch64-linux", "riscv64-linux", "ppc64", "x86_64-unknown-linux-musl",
];
const packages = Array.from({ length: 500 }, (_, i) => `pkg${i}`);
const text = [
  "name: nightly",
  "defaults: {timeout: 20m, checks: [installCheck, elf, closure], closureGrowth: 10%}",
  "build: [x86_64-linux]",
  `host: [${hosts.join(", ")}]`,
  `package: [${packages.join(", ")}]`,
  "exclude:",
  "  - {package: pkg1, host: mingwW64}",
  "include:",
  "  - {package: pkg1, host: mingwW64}",
  ...packages.slice(0, 20).map((p) => `  - {package: ${p}, host: s390x, broken: {reason: big-endian, until: 2030-01-01}}`),
  "  - {host: mingwW64, timeout: 40m}",
  "  - {package: pkg0, host: x86_64-linux, target: riscv64}",
].join("\n");

const matrix = parseMatrix(text, "nightly.yaml");
if (matrix.cells.length !== 10_001) throw new Error(`expected 10,001 cells, got ${matrix.cells.length}`);

describe("10,000-cell matrix", () => {
  bench("parse, validate and expand", () => {
    parseMatrix(text, "nightly.yaml");
  });
  bench("select cells by glob", () => {
    selectCells(matrix.cells, "pkg1*~riscv64,*~s390x");
  });
  bench("one shard of 8", () => {
    shard(matrix.cells, 3, 8);
  });
});
