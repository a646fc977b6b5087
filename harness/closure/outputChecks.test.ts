import { mkdtemp, open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkCell } from "./checkCell.ts";
import type { Finding } from "./contamination.ts";
import { findOutputCheckViolations } from "./outputChecks.ts";
import { storePath, type StoreObject } from "./storeObject.ts";
import { DEFAULT_TOLERANCE } from "./tolerance.ts";
import { buildScenario, curl, gccWrapper, glibc, HOST, HOST_CPU, zlib, type Scenario } from "./testFixtures.ts";

/** The 32 bytes a finding points at in the output's file: the hash part it names. */
async function hashAt(scenario: Scenario, output: StoreObject, finding: Finding): Promise<string> {
  const handle = await open(join(scenario.store.directory(output), finding.file), "r");
  try {
    const buffer = Buffer.alloc(32);
    await handle.read(buffer, 0, 32, finding.offset);
    return buffer.toString("latin1");
  } finally {
    await handle.close();
  }
}

describe("output checks", () => {
  it("disallowedReferences: a reference to the listed path is a finding naming the file that holds it", async () => {
    const scenario = await buildScenario({ configScript: true });
    const [finding, ...rest] = findOutputCheckViolations(zlib.id, scenario.graph, { disallowedReferences: [gccWrapper.id] });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ kind: "disallowed-reference", output: "zlib", file: "bin/zlib-config" });
    expect(await hashAt(scenario, zlib, finding!)).toBe(gccWrapper.id);
    expect(finding!.message).toBe(
      `refers to gcc-wrapper 12.2.0 (x86_64-unknown-linux-gnu) (${storePath(gccWrapper)}), which disallowedReferences forbids: zlib → bin/zlib-config@${finding!.offset} → gcc-wrapper (x86_64-unknown-linux-gnu)`,
    );

    const fixed = await buildScenario();
    expect(findOutputCheckViolations(zlib.id, fixed.graph, { disallowedReferences: [gccWrapper.id] })).toEqual([]);
  });

  it("allowedReferences: every reference not listed is a finding", async () => {
    const { graph } = await buildScenario({ configScript: true });
    const findings = findOutputCheckViolations(zlib.id, graph, { allowedReferences: [glibc.id, "out"] });
    expect(findings.map((f) => [f.kind, f.file, f.message.split(",")[0]])).toEqual([
      ["reference-not-allowed", "bin/zlib-config", "refers to gcc-wrapper 12.2.0 (x86_64-unknown-linux-gnu) (" + storePath(gccWrapper) + ")"],
    ]);
    expect(findings[0]!.message).toContain("which allowedReferences does not list");
    expect(findOutputCheckViolations(zlib.id, graph, { allowedReferences: [glibc.id, gccWrapper.id, "out"] })).toEqual([]);
  });

  it('"out" names the output itself: a self-reference needs it in allowedReferences', async () => {
    const scenario = await buildScenario();
    // zlib.pc's prefix is zlib's own store path.
    const self = scenario.graph.get(zlib.id)!.selfReference;
    expect(self).toMatchObject({ file: "lib/pkgconfig/zlib.pc" });
    expect(findOutputCheckViolations(zlib.id, scenario.graph, { allowedReferences: [glibc.id, "out"] })).toEqual([]);

    const [finding, ...rest] = findOutputCheckViolations(zlib.id, scenario.graph, { allowedReferences: [glibc.id] });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ kind: "reference-not-allowed", output: "zlib", ...self });
    expect(await hashAt(scenario, zlib, finding!)).toBe(zlib.id);
    expect(finding!.message).toBe(`refers to the output itself (${storePath(zlib)}), which allowedReferences does not list (list "out" to allow it)`);

    const disallowed = findOutputCheckViolations(zlib.id, scenario.graph, { disallowedReferences: ["out"] });
    expect(disallowed.map((f) => [f.kind, f.file])).toEqual([["disallowed-reference", "lib/pkgconfig/zlib.pc"]]);
    // Requisites leave the output itself out, as Nix does without structured attributes.
    expect(findOutputCheckViolations(zlib.id, scenario.graph, { allowedRequisites: [glibc.id], disallowedRequisites: ["out"] })).toEqual([]);
  });

  it("requisites: a path anywhere in the closure, shown by the chain that leads to it", async () => {
    const { graph } = await buildScenario();
    // curl refers to zlib only; glibc is zlib's reference.
    expect(findOutputCheckViolations(curl.id, graph, { disallowedReferences: [glibc.id] })).toEqual([]);

    const [finding, ...rest] = findOutputCheckViolations(curl.id, graph, { disallowedRequisites: [glibc.id] });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ kind: "disallowed-requisite", output: "curl", file: "bin/curl" });
    expect(finding!.message).toMatch(
      new RegExp(
        `^refers to glibc 2\\.36 \\(aarch64-unknown-linux-gnu\\) \\(${storePath(glibc)}\\), which disallowedRequisites forbids: ` +
          `curl → bin/curl@${finding!.offset} → zlib \\(aarch64-unknown-linux-gnu\\) → lib/libz\\.so@\\d+ → glibc \\(aarch64-unknown-linux-gnu\\)$`,
      ),
    );

    const notAllowed = findOutputCheckViolations(curl.id, graph, { allowedRequisites: [zlib.id] });
    expect(notAllowed.map((f) => [f.kind, f.file, f.message.includes("which allowedRequisites does not list")])).toEqual([["requisite-not-allowed", "bin/curl", true]]);
    expect(findOutputCheckViolations(curl.id, graph, { allowedRequisites: [zlib.id, glibc.id] })).toEqual([]);
  });

  it("a failed check fails the cell's closure check, even when updating the snapshot", async () => {
    const root = await mkdtemp(join(tmpdir(), "crosscheck-project-"));
    const { graph } = await buildScenario({ configScript: true });
    const verdict = await checkCell({
      matrix: "smoke",
      cellId: "zlib-aarch64",
      outputIds: [zlib.id],
      graph,
      rules: { host: { config: HOST, cpu: HOST_CPU } },
      outputChecks: { [zlib.id]: { disallowedReferences: [gccWrapper.id] } },
      tolerance: DEFAULT_TOLERANCE,
      snapshotsDir: join(root, "snapshots"),
      cellsDir: join(root, "cells"),
      update: "all",
    });
    expect(verdict.ok).toBe(false);
    expect(verdict.findings.map((f) => [f.kind, f.file])).toEqual([
      ["foreign-reference", "bin/zlib-config"],
      ["disallowed-reference", "bin/zlib-config"],
    ]);
    expect(verdict.report).toMatch(/\n {2}disallowed-reference: zlib: bin\/zlib-config \(byte \d+\) refers to gcc-wrapper 12\.2\.0 .*which disallowedReferences forbids/);
  });
});
