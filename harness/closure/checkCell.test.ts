import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UserError } from "../userError.ts";
import type { ScanGraph } from "./closure.ts";
import { buildScenario, checkCurlCell, projectDirs } from "./testFixtures.ts";

describe("checkCell", () => {
  it("writes a missing snapshot on a first run outside CI, and compares with it from then on", async () => {
    const dirs = await projectDirs();
    const first = await checkCurlCell(dirs, (await buildScenario()).graph, "new");
    expect(first).toMatchObject({ ok: true, snapshot: "written", findings: [] });
    expect(first.report).toContain(`new snapshot ${first.snapshotPath}`);
    const changed = await checkCurlCell(dirs, (await buildScenario({ curlUsesOpenssl: true })).graph, "new");
    expect(changed).toMatchObject({ ok: false, snapshot: "differs" });
    expect(await checkCurlCell(dirs, (await buildScenario()).graph, "new")).toMatchObject({ ok: true, snapshot: "matched" });
  });

  it("keeps a clean package green across two runs, and writes only when asked", async () => {
    const dirs = await projectDirs();
    const missing = await checkCurlCell(dirs, (await buildScenario()).graph, "none");
    expect(missing).toMatchObject({ ok: false, snapshot: "missing" });
    await expect(readFile(missing.snapshotPath, "utf8")).rejects.toThrow(/ENOENT/);

    const written = await checkCurlCell(dirs, (await buildScenario()).graph, "all");
    expect(written).toMatchObject({ ok: true, snapshot: "written", findings: [], differences: [] });
    const text = await readFile(written.snapshotPath, "utf8");
    expect(written.snapshotPath).toBe(join(dirs.snapshotsDir, "smoke", "curl-aarch64.yaml"));
    expect(text).not.toMatch(/[0-9a-z]{32}/);
    expect(text).toContain("runpath: [ <zlib>/lib ]");
    expect(text).toContain("- { pname: glibc, version: \"2.36\", host: aarch64-unknown-linux-gnu, sizeKiB:");

    for (const run of [1, 2]) {
      const again = await checkCurlCell(dirs, (await buildScenario()).graph, "none");
      expect(again, `run ${run}`).toMatchObject({ ok: true, snapshot: "matched", findings: [], differences: [] });
    }
    expect(await readFile(written.snapshotPath, "utf8")).toBe(text);
  });

  it("explains a new reference with the chain that leads to it", async () => {
    const dirs = await projectDirs();
    await checkCurlCell(dirs, (await buildScenario()).graph, "all");
    const changed = await checkCurlCell(dirs, (await buildScenario({ curlUsesOpenssl: true })).graph, "none");
    expect(changed.ok).toBe(false);
    expect(changed.snapshot).toBe("differs");
    const messages = changed.differences.filter((d) => d.severity === "fail").map((d) => `${d.output}: ${d.message}`);
    expect(messages).toEqual([
      expect.stringMatching(/^curl: openssl 3\.0\.11 \(aarch64-unknown-linux-gnu\) is new in the closure \(a direct reference\): curl → bin\/curl@\d+ → openssl \(aarch64-unknown-linux-gnu\)$/),
      expect.stringMatching(/^curl: closure size \d+ KiB → \d+ KiB \(\+\d+\.\d%, tolerance ±10%\); grown most: openssl \(aarch64-unknown-linux-gnu\) \+\d+ KiB$/),
      "curl: bin/curl: needed [libz.so, libc.so.6] → [libz.so, libsslfixture.so, libc.so.6]",
      "curl: bin/curl: runpath [<zlib>/lib] → [<zlib>/lib, <openssl>/lib]",
    ]);
    expect(changed.report).toContain("✗ curl: openssl 3.0.11");
  });

  it("fails on contamination even without a snapshot, and even when updating", async () => {
    const dirs = await projectDirs();
    const result = await checkCurlCell(dirs, (await buildScenario({ configScript: true })).graph, "all");
    expect(result.ok).toBe(false);
    expect(result.findings.map((f) => [f.output, f.kind, f.file])).toEqual([
      ["curl", "foreign-reference", "bin/curl"],
      ["zlib", "foreign-reference", "bin/zlib-config"],
    ]);
    expect(result.report).toMatch(/foreign-reference: zlib: bin\/zlib-config \(byte \d+\) refers to gcc-wrapper 12\.2\.0/);
  });

  describe("a snapshot never records contamination", () => {
    const refusal = /did not write the snapshot .*curl-aarch64\.yaml: the closure has 2 findings \(a snapshot never records contamination\); fix them, then update it/;

    it("--update-snapshots on a contaminated cell fails it, keeps the committed snapshot and says so", async () => {
      const dirs = await projectDirs();
      const clean = await checkCurlCell(dirs, (await buildScenario()).graph, "all");
      const committed = await readFile(clean.snapshotPath, "utf8");
      const result = await checkCurlCell(dirs, (await buildScenario({ configScript: true, curlUsesOpenssl: true })).graph, "all");
      expect(result).toMatchObject({ ok: false, snapshot: "refused" });
      expect(result.report).toMatch(refusal);
      expect(result.report.split("\n")[0]).toBe(`closure of smoke/curl-aarch64: FAILED (snapshot refused: ${result.snapshotPath})`);
      expect(await readFile(clean.snapshotPath, "utf8")).toBe(committed);
      // Not accepted: the closure's changes are still failures, as without the update.
      expect(result.differences.filter((d) => d.severity === "fail").map((d) => d.message)).toContainEqual(expect.stringMatching(/^openssl 3\.0\.11 .* is new in the closure/));
    });

    it("a contaminated cell's first run writes no snapshot", async () => {
      const dirs = await projectDirs();
      for (const update of ["all", "new"] as const) {
        const result = await checkCurlCell(dirs, (await buildScenario({ configScript: true })).graph, update);
        expect(result, update).toMatchObject({ ok: false, snapshot: "refused" });
        expect(result.report, update).toMatch(refusal);
        await expect(readFile(result.snapshotPath, "utf8"), update).rejects.toThrow(/ENOENT/);
      }
      // Once fixed, the update writes it.
      expect(await checkCurlCell(dirs, (await buildScenario()).graph, "all")).toMatchObject({ ok: true, snapshot: "written" });
    });
  });

  it("judges size with the matrix's tolerance", async () => {
    const dirs = await projectDirs();
    await checkCurlCell(dirs, (await buildScenario({ zlibPadding: 100 * 1024 })).graph, "all");
    expect((await checkCurlCell(dirs, (await buildScenario({ zlibPadding: 105 * 1024 })).graph, "none")).ok).toBe(true);
    const grown = await checkCurlCell(dirs, (await buildScenario({ zlibPadding: 150 * 1024 })).graph, "none");
    expect(grown.ok).toBe(false);
    expect(grown.differences.filter((d) => d.severity === "fail").map((d) => `${d.output}: ${d.message}`)).toEqual([
      expect.stringMatching(/^curl: closure size \d+ KiB → \d+ KiB \(\+\d+\.\d%, tolerance ±10%\); grown most: zlib \(aarch64-unknown-linux-gnu\) \+50 KiB$/),
      expect.stringMatching(/^zlib: output size \d+ KiB → \d+ KiB \(\+\d+\.\d%, tolerance ±10%\)$/),
      expect.stringMatching(/^zlib: closure size \d+ KiB → \d+ KiB \(\+\d+\.\d%, tolerance ±10%\)$/),
    ]);
    const lenient = await checkCurlCell(dirs, (await buildScenario({ zlibPadding: 150 * 1024 })).graph, "none", { tolerance: { closureGrowth: 0.6, slackKiB: 4 } });
    expect(lenient.ok).toBe(true);
  });

  describe("a damaged snapshot", () => {
    async function damaged(edit: (text: string) => string): Promise<{ dirs: { snapshotsDir: string; cellsDir: string }; path: string; graph: ScanGraph; text: string }> {
      const dirs = await projectDirs();
      const { graph } = await buildScenario();
      const { snapshotPath } = await checkCurlCell(dirs, graph, "all");
      const text = edit(await readFile(snapshotPath, "utf8"));
      await writeFile(snapshotPath, text);
      return { dirs, path: snapshotPath, graph, text };
    }

    it("is an error naming file, line and column for broken YAML, and is left alone", async () => {
      const { dirs, path, graph, text } = await damaged((t) => t.replace("outputs:\n", "outputs:\n  - [unclosed\n"));
      const error = await checkCurlCell(dirs, graph, "none").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      expect((error as Error).message).toMatch(new RegExp(`^${path}:\\d+:\\d+: not valid YAML`));
      expect(await readFile(path, "utf8")).toBe(text);
    });

    it("is an error naming the field that breaks the structure", async () => {
      const { dirs, path, graph } = await damaged((t) => t.replace(/sizeKiB: (\d+)\n/, "sizeKiB: lots\n"));
      await expect(checkCurlCell(dirs, graph, "none")).rejects.toThrow(new RegExp(`^${path}:\\d+:\\d+: not a closure snapshot: outputs\\.curl\\.sizeKiB must be integer`));
    });

    it("is an error when edited by hand out of the written form", async () => {
      const { dirs, path, graph } = await damaged((t) => t.replace("format: 2\n", "format: 2\n# looks fine to me\n"));
      await expect(checkCurlCell(dirs, graph, "none")).rejects.toThrow(new RegExp(`^${path}:5: not in the form crosscheck writes \\(edited by hand\\?\\): expected "cell: smoke/curl-aarch64", found "# looks fine to me"`));
    });

    it("is replaced only on an explicit update, which says so", async () => {
      const { dirs, path, graph } = await damaged((t) => t.replace("format: 2", "format: 7"));
      const result = await checkCurlCell(dirs, graph, "all");
      expect(result.ok).toBe(true);
      expect(result.differences.map((d) => d.message)).toEqual([expect.stringMatching(/^replaced the unreadable snapshot: .*format must be equal to one of the allowed values/)]);
      expect(await readFile(path, "utf8")).toContain("format: 2\n");
    });
  });
});
