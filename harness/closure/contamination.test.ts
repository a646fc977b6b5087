import { open } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findContamination, type Finding } from "./contamination.ts";
import { storePath } from "./storeObject.ts";
import { buildScenario, curl, derivation, FixtureStore, gccWrapper, glibc, HOST, HOST_CPU, zlib, type Scenario } from "./testFixtures.ts";

const rules = { host: { config: HOST, cpu: HOST_CPU } };

/** The bytes a finding points at, read back from the fixture, to prove the offset is right. */
async function bytesAt(scenario: Scenario, finding: Finding, length: number): Promise<string> {
  const handle = await open(join(scenario.store.directory(zlib), finding.file), "r");
  try {
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, finding.offset);
    return buffer.toString("latin1");
  } finally {
    await handle.close();
  }
}

describe("contamination", () => {
  it("finds nothing in a clean cross-built package", async () => {
    const scenario = await buildScenario();
    expect(findContamination(zlib.id, scenario.graph, rules)).toEqual([]);
    expect(findContamination(curl.id, scenario.graph, rules)).toEqual([]);
  });

  it("catches a config script that embeds the build compiler's store path", async () => {
    const scenario = await buildScenario({ configScript: true });
    const [finding, ...rest] = findContamination(zlib.id, scenario.graph, rules);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ kind: "foreign-reference", output: "zlib", file: "bin/zlib-config" });
    expect(await bytesAt(scenario, finding!, 32)).toBe(gccWrapper.id);
    expect(finding!.message).toContain("gcc-wrapper 12.2.0 (x86_64-unknown-linux-gnu), a toolchain");
    expect(finding!.message).toContain(`zlib → bin/zlib-config@${finding!.offset} → gcc-wrapper (x86_64-unknown-linux-gnu)`);
  });

  it("explains a foreign reference reached through a dependency with the whole chain", async () => {
    const scenario = await buildScenario({ configScript: true });
    const [finding] = findContamination(curl.id, scenario.graph, rules);
    expect(finding).toMatchObject({ kind: "foreign-reference", output: "curl", file: "bin/curl" });
    expect(finding!.message).toMatch(/curl → bin\/curl@\d+ → zlib \(aarch64-unknown-linux-gnu\) → bin\/zlib-config@\d+ → gcc-wrapper/);
  });

  it("catches .pc and .la files pointing at the build directory", async () => {
    const scenario = await buildScenario({ buildDirInPcAndLa: true });
    const findings = findContamination(zlib.id, scenario.graph, rules);
    expect(findings.map((f) => [f.kind, f.file])).toEqual([
      ["build-machine-path", "lib/libz.la"],
      ["build-machine-path", "lib/pkgconfig/zlib.pc"],
    ]);
    for (const finding of findings) {
      expect(await bytesAt(scenario, finding, 6)).toBe("/build");
      expect(finding.message).toMatch(/holds the build machine path \/build\/zlib-1\.2\.13\/(lib|\.libs) \(under \/build\)/);
    }
  });

  it("catches an RPATH into the build tree inside a binary", async () => {
    const scenario = await buildScenario({ rpathIntoBuildTree: true });
    const [finding, ...rest] = findContamination(zlib.id, scenario.graph, rules);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ kind: "build-machine-path", file: "lib/libz.so" });
    expect(await bytesAt(scenario, finding!, 25)).toBe("/build/zlib-1.2.13/.libs\0");
    expect(scenario.graph.get(zlib.id)!.files.find((f) => f.path === "lib/libz.so")!.elf).toMatchObject({
      runpath: [`${storePath(glibc)}/lib`, "/build/zlib-1.2.13/.libs"],
    });
  });

  it("catches a binary built for the build machine", async () => {
    const scenario = await buildScenario({ wrongMachine: true });
    const [finding, ...rest] = findContamination(zlib.id, scenario.graph, rules);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ kind: "wrong-machine", file: "bin/minigzip", offset: 18 });
    // Debian's gcc links PIE: readelf calls it DYN (Position-Independent Executable file).
    expect(finding!.message).toMatch(/^is an ELF PIE executable for x86-64 \(64-bit, little-endian\), but the host aarch64-unknown-linux-gnu needs AArch64/);
    expect((await bytesAt(scenario, finding!, 2)).charCodeAt(0)).toBe(62);
  });

  it("lets a compiler's closure hold its target's packages, and only those: the build machine's are still foreign", async () => {
    // A Canadian cross's tcc: runs on aarch64 (HOST), emits riscv64; it names riscv64's libc and,
    // planted, the gcc wrapper it was built with.
    const TARGET = "riscv64-unknown-linux-gnu";
    const targetLibc = derivation("glibc", "2.36", TARGET);
    const tcc = { ...derivation("tcc", "0.9.27", HOST), target: TARGET };
    const store = await FixtureStore.create();
    await store.add(gccWrapper, { "bin/cc": "#!/bin/sh\n" });
    await store.add(targetLibc, { "lib/crt1.o": "crt1" });
    await store.add(tcc, { "bin/riscv64-tcc": `crt prefix ${storePath(targetLibc)}/lib\0built by ${storePath(gccWrapper)}/bin/cc\0` });
    const objects = [gccWrapper, targetLibc, tcc];
    const graph = await store.scanAll(objects);
    const referred = (findings: Finding[]) => findings.filter((f) => f.kind === "foreign-reference").map((f) => f.message.replace(/:.*/, ""));
    expect(referred(findContamination(tcc.id, graph, { ...rules, target: TARGET }))).toEqual([
      "refers to gcc-wrapper 12.2.0 (x86_64-unknown-linux-gnu), a toolchain, built to run on x86_64-unknown-linux-gnu, not on the host aarch64-unknown-linux-gnu",
    ]);
    expect(referred(findContamination(tcc.id, graph, rules))).toEqual([
      "refers to glibc 2.36 (riscv64-unknown-linux-gnu), built to run on riscv64-unknown-linux-gnu, not on the host aarch64-unknown-linux-gnu",
      "refers to gcc-wrapper 12.2.0 (x86_64-unknown-linux-gnu), a toolchain, built to run on x86_64-unknown-linux-gnu, not on the host aarch64-unknown-linux-gnu",
    ]);
  });
});
