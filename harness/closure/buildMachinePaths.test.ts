import { describe, expect, it } from "vitest";
import { buildMachinePaths, PathScanner, type PathHit } from "./buildMachinePaths.ts";

function scan(text: string, chunk: number): PathHit[] {
  const scanner = new PathScanner(buildMachinePaths({ buildDirectory: "/build/", home: "/home/builder", toolchainTriples: ["aarch64-linux-gnu"] }), 100);
  const data = Buffer.from(text, "latin1");
  for (let at = 0; at < data.length; at += chunk) scanner.push(data.subarray(at, at + chunk));
  return scanner.finish();
}

describe("PathScanner", () => {
  it("lists the toolchain's directories, the build directory and home", () => {
    expect(buildMachinePaths({ buildDirectory: "/build/", home: "/root", toolchainTriples: ["riscv64-linux-gnu"] })).toEqual([
      "/build/",
      "/root",
      "/usr/lib/gcc",
      "/usr/lib/gcc-cross",
      "/usr/riscv64-linux-gnu",
    ]);
  });

  it("finds whole paths, also after compiler flags, and in any chunking", () => {
    const text = "x -L/build/lib -Wl,-rpath,/build/a:/usr/lib/gcc-cross/aarch64-linux-gnu/12 \0/usr/aarch64-linux-gnu/include /home/builder";
    const expected = [
      { prefix: "/build", path: "/build/lib", offset: 4 },
      { prefix: "/build", path: "/build/a", offset: 26 },
      { prefix: "/usr/lib/gcc-cross", path: "/usr/lib/gcc-cross/aarch64-linux-gnu/12", offset: 35 },
      { prefix: "/usr/aarch64-linux-gnu", path: "/usr/aarch64-linux-gnu/include", offset: 76 },
      { prefix: "/home/builder", path: "/home/builder", offset: 107 },
    ];
    for (const chunk of [1, 2, 5, 13, 1000]) expect(scan(text, chunk)).toEqual(expected);
  });

  it("takes the build directory's bare name for a word, not a path of the build: a manual's example (coreutils' info)", () => {
    const text = "# Run 'true' with /build as its working directory\nenv --chdir=/build FOO=bar timeout 5 true\ncd /build/source";
    for (const chunk of [1, 4, 1000]) expect(scan(text, chunk)).toEqual([{ prefix: "/build", path: "/build/source", offset: 95 }]);
  });

  it("does not take part of another path or name for a build machine path", () => {
    const text = "/builds /build-essential /crosscheck/store/abc-foo/build/x /opt/usr/lib/gcc/y xx/build";
    for (const chunk of [1, 3, 1000]) expect(scan(text, chunk)).toEqual([]);
  });
});
