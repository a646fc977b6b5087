import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { diagnose } from "../diagnosis/index.ts";
import { findContamination } from "./contamination.ts";
import { snapshotCell } from "./snapshot.ts";
import { snapshotToYaml } from "./snapshotYaml.ts";
import { storePath } from "./storeObject.ts";
import { checkSymlinks } from "./symlinkChecks.ts";
import { buildScenario, checkCurlCell, curl, gccWrapper, HOST, HOST_CPU, openssl, projectDirs, zlib } from "./testFixtures.ts";

const rules = { host: { config: HOST, cpu: HOST_CPU } };

/** The findings of curl's links, as `[kind, file, message]`. */
async function curlLinkFindings(links: Record<string, string>, allowedSymlinks?: Record<string, string>) {
  const { graph } = await buildScenario({ curlLinks: links });
  const { findings, allowed } = checkSymlinks(curl.id, graph, allowedSymlinks === undefined ? {} : { allowedSymlinks });
  return { graph, findings: findings.map((f) => [f.kind, f.file, f.message]), allowed };
}

describe("symlinks", () => {
  it("a link inside the output, or to a dependency's library (through its own soname link), passes", async () => {
    const { graph, findings } = await curlLinkFindings({
      "bin/curl-again": "curl",
      "lib/libz.so.1": `${storePath(zlib)}/lib/libz.so.1`,
      "lib/pkgconfig/zlib.pc": `../../../${basename(storePath(zlib))}/lib/pkgconfig/zlib.pc`,
      "share/top": "..",
    });
    expect(findings).toEqual([]);
    expect(checkSymlinks(zlib.id, graph, {}).findings).toEqual([]);
    expect(graph.get(curl.id)!.symlinks!.map((l) => [l.path, l.end])).toEqual([
      ["bin/curl-again", { kind: "found", id: curl.id, path: "bin/curl" }],
      ["lib/libz.so.1", { kind: "found", id: zlib.id, path: "lib/libz.so" }],
      ["lib/pkgconfig/zlib.pc", { kind: "found", id: zlib.id, path: "lib/pkgconfig/zlib.pc" }],
      ["share/top", { kind: "found", id: curl.id, path: "" }],
    ]);
  });

  it("a link that dangles, leads back to itself, or out of the output and its dependencies is a finding naming the file and the target", async () => {
    const { findings } = await curlLinkFindings({
      "share/link-shadow": "/etc/shadow",
      "share/link-up": "../../../../../../etc/passwd",
      "share/dangling": "no-such-file",
      "share/zlib-dangling": `${storePath(zlib)}/lib/libz.so.9`,
      "share/self": "self",
      "share/loop-a": "loop-b",
      "share/loop-b": "loop-a",
      "share/into-loop": "loop-a",
      "share/openssl": `${storePath(openssl)}/lib/libsslfixture.so`,
      "share/store": "/crosscheck/store/0000000000000000000000000000000a-gone/lib",
    });
    expect(findings).toEqual([
      ["broken-symlink", "share/dangling", "is a symlink to no-such-file, which dangles: <curl>/share/no-such-file does not exist"],
      ["broken-symlink", "share/into-loop", "is a symlink to loop-a, which leads into a loop of links at <curl>/share/loop-a"],
      ["broken-symlink", "share/link-shadow", "is a symlink to /etc/shadow, a path outside the store"],
      ["broken-symlink", "share/link-up", "is a symlink to ../../../../../../etc/passwd, which climbs out of the store to /etc/passwd"],
      ["broken-symlink", "share/loop-a", "is a symlink to loop-b, which leads back to itself"],
      ["broken-symlink", "share/loop-b", "is a symlink to loop-a, which leads back to itself"],
      // openssl is in the plan but not among curl's requisites: on the device it need not be there.
      ["broken-symlink", "share/openssl", "is a symlink to " + `${storePath(openssl)}/lib/libsslfixture.so, which leads to <openssl>/lib/libsslfixture.so, in a store path this output does not depend on`],
      ["broken-symlink", "share/self", "is a symlink to self, which leads back to itself"],
      ["broken-symlink", "share/store", "is a symlink to /crosscheck/store/0000000000000000000000000000000a-gone/lib, which leads to <unknown-store-path>/lib, in a store path this output does not depend on"],
      ["broken-symlink", "share/zlib-dangling", `is a symlink to ${storePath(zlib)}/lib/libz.so.9, which dangles: <zlib>/lib/libz.so.9 does not exist`],
    ]);
  });

  it("a link to the build machine's paths is a build machine path finding, once", async () => {
    const { graph, findings } = await curlLinkFindings({
      "lib/libz.so.1": "/build/zlib-1.2.13/.libs/libz.so.1",
      "share/home": "../../../../home/builder/.profile",
      "lib/libfoo.so": "/usr/lib/x86_64-linux-gnu/libz.so.1",
    });
    expect(findings).toEqual([
      ["build-machine-path", "lib/libfoo.so", "is a symlink to /usr/lib/x86_64-linux-gnu/libz.so.1, the build machine path /usr/lib/x86_64-linux-gnu/libz.so.1 (under /usr/lib/x86_64-linux-gnu)"],
      ["build-machine-path", "lib/libz.so.1", "is a symlink to /build/zlib-1.2.13/.libs/libz.so.1, the build machine path /build/zlib-1.2.13/.libs/libz.so.1 (under /build)"],
      ["build-machine-path", "share/home", "is a symlink to ../../../../home/builder/.profile, the build machine path /home/builder/.profile (under /home/builder)"],
    ]);
    // The link's target is not searched as content too: one finding per link.
    expect(findContamination(curl.id, graph, rules)).toEqual([]);
  });

  it("reads nothing a link points at outside the output and its dependencies", async () => {
    const outside = await mkdtemp(join(tmpdir(), "crosscheck-outside-"));
    // Were it read, its hash part would be a reference and its path a build machine path.
    await writeFile(join(outside, "secret"), `SECRET ${storePath(gccWrapper)}/bin/cc /build/secret\n`);
    const { graph, findings } = await curlLinkFindings({ "share/secret": join(outside, "secret"), "share/outside": outside, "share/etc": "/etc" });
    expect(findings.map(([kind, file]) => [kind, file])).toEqual([
      ["broken-symlink", "share/etc"],
      ["broken-symlink", "share/outside"],
      ["broken-symlink", "share/secret"],
    ]);
    const scan = graph.get(curl.id)!;
    expect(scan.references.map((r) => r.pname)).toEqual(["zlib"]);
    expect(scan.fileCount).toBe(4);
    const recorded = JSON.stringify([scan, snapshotCell("smoke/curl", HOST, [curl.id], graph)]);
    expect(recorded).not.toContain("SECRET");
    expect(recorded).not.toContain("root:");
  });

  it("a link the recipe allows is no finding: the cell passes and the report gives the reason", async () => {
    const links = { "share/zoneinfo": "/usr/share/zoneinfo", "share/link-shadow": "/etc/shadow" };
    const { findings, allowed } = await curlLinkFindings(links, { "share/zoneinfo": "the device's tzdata" });
    expect(findings.map(([, file]) => file)).toEqual(["share/link-shadow"]);
    expect(allowed).toEqual([{ output: "curl", file: "share/zoneinfo", target: "/usr/share/zoneinfo", reason: "the device's tzdata" }]);

    const { graph } = await buildScenario({ curlLinks: { "share/zoneinfo": "/usr/share/zoneinfo" } });
    const verdict = await checkCurlCell(await projectDirs(), graph, "new", { outputChecks: { [curl.id]: { allowedSymlinks: { "share/zoneinfo": "the device's tzdata" } } } });
    expect(verdict).toMatchObject({ ok: true, findings: [], allowedLinks: allowed });
    expect(verdict.report).toContain("\n  allowed: curl: share/zoneinfo is a symlink to /usr/share/zoneinfo, which allowedSymlinks allows: the device's tzdata");
  });

  it("a broken link fails the cell's closure check, even when updating, and is diagnosed as one", async () => {
    const { graph } = await buildScenario({ curlLinks: { "share/link-shadow": "/etc/shadow" } });
    const verdict = await checkCurlCell(await projectDirs(), graph, "all");
    expect(verdict.ok).toBe(false);
    expect(verdict.report).toContain("\n  broken-symlink: curl: share/link-shadow (byte 0) is a symlink to /etc/shadow, a path outside the store");
    // As the cell runner hands the closure check's failure to the diagnosis.
    const diagnosis = diagnose({ phase: "closure", log: verdict.report, closureFindings: verdict.findings.map((f) => ({ kind: "build-reference", path: f.message, file: f.file })) });
    expect(diagnosis.category.id).toBe("broken-symlink");
    expect(diagnosis.lines[0]!.text).toBe("broken-symlink: curl: share/link-shadow (byte 0) is a symlink to /etc/shadow, a path outside the store");
  });
});

describe("symlinks in snapshots", () => {
  const zlibLink = { "lib/libz.so.1": `${storePath(zlib)}/lib/libz.so.1` };

  it("lists each link with its target: relative as written inside the output, else store-relative", async () => {
    const dirs = await projectDirs();
    const written = await checkCurlCell(dirs, (await buildScenario({ curlLinks: { ...zlibLink, "bin/curl-again": "curl", "share/up": "../bin/curl" } })).graph, "all");
    const text = await readFile(written.snapshotPath, "utf8");
    expect(text).toContain("format: 2\n");
    expect(text).toContain("    symlinks:\n      bin/curl-again: curl\n      lib/libz.so.1: <zlib>/lib/libz.so.1\n      share/up: ../bin/curl\n");
    expect(text).toContain("    symlinks:\n      lib/libz.so.1: libz.so\n");
    expect(text).not.toMatch(/[0-9a-z]{32}/);
  });

  it("a changed, new or gone link is a difference", async () => {
    const dirs = await projectDirs();
    await checkCurlCell(dirs, (await buildScenario({ curlLinks: { ...zlibLink, "share/old": "../bin/curl" } })).graph, "all");
    const changed = await checkCurlCell(dirs, (await buildScenario({ curlLinks: { "lib/libz.so.1": `${storePath(zlib)}/lib/libz.so`, "share/new": "../bin/curl" } })).graph, "none");
    expect(changed).toMatchObject({ ok: false, snapshot: "differs", findings: [] });
    expect(changed.differences.map((d) => [d.severity, `${d.output}: ${d.message}`])).toEqual([
      ["fail", "curl: lib/libz.so.1: symlink target <zlib>/lib/libz.so.1 → <zlib>/lib/libz.so"],
      ["fail", "curl: new symlink share/new -> ../bin/curl"],
      ["fail", "curl: symlink share/old is gone (was -> ../bin/curl)"],
    ]);
  });

  it("a committed snapshot of format 1, which lists no links, still compares cleanly, with a note", async () => {
    const dirs = await projectDirs();
    const { graph } = await buildScenario({ curlLinks: zlibLink });
    const { snapshotPath } = await checkCurlCell(dirs, graph, "all");
    const current = snapshotCell("smoke/curl-aarch64", HOST, [curl.id, zlib.id], graph);
    const outputs = Object.fromEntries(Object.entries(current.outputs).map(([pname, { symlinks: _, ...output }]) => [pname, output]));
    await writeFile(snapshotPath, snapshotToYaml({ ...current, format: 1, outputs }));
    const verdict = await checkCurlCell(dirs, graph, "none");
    expect(verdict).toMatchObject({ ok: true, snapshot: "matched" });
    expect(verdict.differences.map((d) => [d.severity, d.message])).toEqual([["note", expect.stringMatching(/^the committed snapshot is of format 1, which lists no symlinks/)]]);

    // A format 2 snapshot must list them, and a format 1 one may not.
    await writeFile(snapshotPath, (await readFile(snapshotPath, "utf8")).replace("format: 1", "format: 2"));
    await expect(checkCurlCell(dirs, graph, "none")).rejects.toThrow(/not a closure snapshot: outputs\.curl lacks the field 'symlinks'/);
  });
});
