/**
 * Symlink findings on a real cross build: a package that plants links out of its output (to the
 * build machine's /etc/shadow, `..` out of the store to /etc/passwd) and a dangling one fails its
 * closure check with the three findings; its link to a dependency's library and the link its
 * recipe allows pass, and the snapshot it would have lists every link (none is written: a
 * snapshot never records a closure with findings). Realized in containers, scanned and
 * checked as a cell is; never skipped.
 */
import { readFile, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { expect, test } from "vitest";
import { Scheduler } from "../engine/index.ts";
import type { Catalog, Package, Stdenv } from "../planner/index.ts";
import gcc from "../../recipes/gcc.ts";
import { buildAndCheck, provisionBeforeAll } from "./crossCell.testutil.ts";
import { scanRecordPath } from "./scanRecord.ts";
import { snapshotCell } from "./snapshot.ts";
import { snapshotToYaml } from "./snapshotYaml.ts";

const src = { kind: "inline", files: { README: "links\n" } } as const;

const catalog: Catalog = {
  gcc,
  "link-target": (({ stdenv }: { stdenv: Stdenv }) =>
    stdenv.mkDerivation({
      pname: "link-target",
      version: "1",
      src,
      buildSystem: "custom",
      buildPhase: "true",
      installPhase: 'mkdir -p "$out/bin" "$out/lib" && echo library > "$out/lib/libtarget.so.1" && ln -s libtarget.so.1 "$out/lib/libtarget.so"',
    })) as Catalog[string],
  "plants-links": (({ stdenv, "link-target": linkTarget }: { stdenv: Stdenv; "link-target": Package }) =>
    stdenv.mkDerivation({
      pname: "plants-links",
      version: "1",
      src,
      buildSystem: "custom",
      buildInputs: [linkTarget],
      buildPhase: "true",
      installPhase: [
        'mkdir -p "$out/share" "$out/lib"',
        'ln -s /etc/shadow "$out/share/link-shadow"',
        'ln -s ../../../../../../etc/passwd "$out/share/link-up"',
        'ln -s nothing-here "$out/share/dangling"',
        'ln -s /usr/share/zoneinfo "$out/share/zoneinfo"',
        // HOST_PATH is link-target's bin/, the one host input.
        'ln -s "${HOST_PATH%/bin}/lib/libtarget.so" "$out/lib/libtarget.so"',
      ].join(" && "),
      allowedSymlinks: { "share/zoneinfo": "the device's tzdata" },
    })) as Catalog[string],
};

provisionBeforeAll();

test("a cross build's links out of its output and a dangling one are findings; its link to a dependency and the allowed one pass", { timeout: 10 * 60_000 }, async () => {
  const { plan, store, realization, verdict } = await buildAndCheck(catalog, "plants-links");
  expect(plan.nodes[plan.root]!.attrs.allowedSymlinks).toEqual({ "share/zoneinfo": "the device's tzdata" });
  expect(verdict.ok).toBe(false);
  expect(verdict.findings.map((f) => [f.kind, f.output, f.file, f.message])).toEqual([
    ["broken-symlink", "plants-links", "share/dangling", "is a symlink to nothing-here, which dangles: <plants-links>/share/nothing-here does not exist"],
    ["broken-symlink", "plants-links", "share/link-shadow", "is a symlink to /etc/shadow, a path outside the store"],
    ["broken-symlink", "plants-links", "share/link-up", "is a symlink to ../../../../../../etc/passwd, which climbs out of the store to /etc/passwd"],
  ]);
  expect(verdict.report).toContain("allowed: plants-links: share/zoneinfo is a symlink to /usr/share/zoneinfo, which allowedSymlinks allows: the device's tzdata");
  expect(verdict.snapshot).toBe("refused");
  await expect(readFile(verdict.snapshotPath, "utf8")).rejects.toThrow(/ENOENT/);
  const snapshot = snapshotToYaml(snapshotCell("test/plants-links-aarch64", plan.nodes[plan.root]!.host.config, [plan.nodes[plan.root]!.id], realization.scans));
  expect(snapshot).toContain(
    [
      "    symlinks:",
      "      lib/libtarget.so: <link-target>/lib/libtarget.so",
      "      share/dangling: nothing-here",
      "      share/link-shadow: /etc/shadow",
      "      share/link-up: /etc/passwd",
      "      share/zoneinfo: /usr/share/zoneinfo",
    ].join("\n"),
  );
  // The dependency's own soname link is in its snapshot-to-be too: every scan lists its links.
  const dependency = Object.values(plan.nodes).find((n) => n.pname === "link-target")!;
  const links = [{ path: "lib/libtarget.so", target: "libtarget.so.1", end: { kind: "found", id: dependency.id, path: "lib/libtarget.so.1" } }];
  expect(realization.scans.get(dependency.id)!.symlinks).toEqual(links);

  // A stored build whose scan was recorded before links were scanned is scanned again when reused.
  const record = scanRecordPath(store, realization.scans.get(dependency.id)!);
  const { symlinks: _, ...older } = realization.scans.get(dependency.id)!;
  await writeFile(record, JSON.stringify(older));
  const again = await new Scheduler({ store, cores: availableParallelism(), jobs: 1 }).realize(plan, { timeoutMs: 5 * 60_000 });
  expect(again.builds.map((b) => b.status)).toEqual(plan.order.map(() => "cached"));
  expect(again.scans.get(dependency.id)!.symlinks).toEqual(links);

  // And one searched for other build machine paths (the bare /build of before) is scanned again too.
  await writeFile(record, JSON.stringify({ ...again.scans.get(dependency.id)!, searchedPaths: ["/build"] }));
  await new Scheduler({ store, cores: availableParallelism(), jobs: 1 }).realize(plan, { timeoutMs: 5 * 60_000 });
  expect((JSON.parse(await readFile(record, "utf8")) as { searchedPaths: string[] }).searchedPaths).toContain("/build/");
});
