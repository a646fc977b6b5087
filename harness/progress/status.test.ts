import { describe, expect, it } from "vitest";
import { estimateNodes } from "./estimate.ts";
import { RunProgress } from "./status.ts";

const id = (c: string) => c.repeat(32);
const node = (c: string, name: string, pname: string, version: string) => ({ id: id(c), storeName: `${id(c)}-${name}`, pname, version });

describe("build-time estimates from the store's records", () => {
  it("takes the same derivation's time, else the same package's for the host, else for any host, else none", () => {
    const builds = [
      { storeName: `${id("a")}-zlib-aarch64-unknown-linux-gnu-1.3`, totalMs: 40_000 },
      { storeName: `${id("b")}-zlib-1.3`, totalMs: 10_000 },
      { storeName: `${id("c")}-perl-mini-5.38`, totalMs: 99_000 },
    ];
    const estimates = estimateNodes(
      [
        node("a", "zlib-aarch64-unknown-linux-gnu-1.3", "zlib", "1.3"),
        node("d", "zlib-aarch64-unknown-linux-gnu-1.4", "zlib", "1.4"),
        node("e", "zlib-riscv64-unknown-linux-gnu-1.3", "zlib", "1.3"),
        node("f", "perl-riscv64-unknown-linux-gnu-5.38", "perl", "5.38"),
      ],
      builds,
    );
    expect(estimates.map((e) => [e.name, e.stored, e.estimateMs])).toEqual([
      ["zlib-aarch64-unknown-linux-gnu-1.3", true, 40_000],
      ["zlib-aarch64-unknown-linux-gnu-1.4", false, 40_000],
      ["zlib-riscv64-unknown-linux-gnu-1.3", false, 25_000],
      // perl-mini is another package
      ["perl-riscv64-unknown-linux-gnu-5.38", false, null],
    ]);
  });
});

describe("a run's progress", () => {
  const start = 1_000_000;
  const progress = () => {
    const p = new RunProgress(start);
    p.total = 3;
    p.apply({
      kind: "plan",
      at: start,
      matrix: "smoke",
      jobs: 2,
      nodes: [
        { id: "w", name: "gcc-wrapper-12", stored: true, estimateMs: 1000 },
        { id: "z", name: "zlib-riscv64-unknown-linux-gnu-1.3", stored: false, estimateMs: 120_000 },
        { id: "p", name: "libpng-riscv64-unknown-linux-gnu-1.6", stored: false, estimateMs: 60_000 },
        { id: "h", name: "hello-riscv64-unknown-linux-gnu-2.10", stored: false, estimateMs: null },
      ],
      cells: [
        { cell: "zlib@r", nodes: ["w", "z"] },
        { cell: "libpng@r", nodes: ["w", "z", "p"] },
        { cell: "hello@r", nodes: ["w", "h"] },
      ],
    });
    return p;
  };

  it("estimates the build time left over the build slots, counting what was never built apart", () => {
    const p = progress();
    expect(p.eta(start)).toEqual({ ms: 90_000, unknown: 1 });
    p.apply({ kind: "build-start", at: start, cell: "zlib@r", id: "z", name: "zlib-riscv64-unknown-linux-gnu-1.3" });
    expect(p.eta(start + 60_000)).toEqual({ ms: 60_000, unknown: 1 });
    expect(p.apply({ kind: "build-done", at: start + 100_000, cell: "zlib@r", id: "z", name: "zlib-riscv64-unknown-linux-gnu-1.3", status: "built", ms: 100_000 })).toEqual([
      "built zlib-riscv64-unknown-linux-gnu-1.3 in 1m40s",
    ]);
    expect(p.eta(start + 100_000)).toEqual({ ms: 30_000, unknown: 1 });
    // A cell that ended needs nothing more.
    p.cellEnded({ cell: "hello@r", matrix: "smoke", key: "smoke/hello@r", state: "failed", category: "compile-error", message: "hello.c:1: error\nmore", seconds: 5, ended: "" });
    expect(p.eta(start + 100_000)).toEqual({ ms: 30_000, unknown: 0 });
  });

  it("prints a line per finished cell, with the category of a failure and the notes", () => {
    const p = progress();
    expect(p.cellEnded({ cell: "zlib@r", matrix: "smoke", key: "", state: "passed", seconds: 72, ended: "", notes: ["skipped installCheck: zlib has none"] })).toEqual([
      "[1/3] passed         zlib@r  1m12s",
      "      skipped installCheck: zlib has none",
    ]);
    expect(p.cellEnded({ cell: "hello@r", matrix: "smoke", key: "", state: "failed", category: "compile-error", message: "hello.c:1: error\nmore", seconds: 5, ended: "" })).toEqual([
      "[2/3] failed         hello@r  5s  compile-error: hello.c:1: error",
    ]);
  });

  it("shows one status area: counts, what builds and for how long, the ETA, cells in their checks", () => {
    const p = progress();
    p.cellStarted("zlib@r", start);
    p.cellStarted("hello@r", start);
    p.apply({ kind: "build-start", at: start + 1000, cell: "zlib@r", id: "z", name: "zlib-riscv64-unknown-linux-gnu-1.3" });
    p.cellEnded({ cell: "libpng@r", matrix: "smoke", key: "", state: "unsatisfiable", message: "no plan", seconds: 0, ended: "" });
    expect(p.area(start + 31_000, 100).split("\n")).toEqual([
      "smoke  1/3 cells  0 passed · 0 failed · 1 unsatisfiable  31s  ETA ~45s + 1 never built here",
      "  building zlib-riscv64-unknown-linux-gnu-1.3  30s of ~2m00s",
      "  running  hello@r",
    ]);
    expect(p.area(start + 31_000, 30).split("\n")[0]).toBe("smoke  1/3 cells  0 passed · …");
  });
});
