import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { recordCell } from "../closure/cellRecord.ts";
import { recordScan } from "../closure/scanRecord.ts";
import { scanOutput } from "../closure/scanOutput.ts";
import { storePath, type StoreObject } from "../closure/storeObject.ts";
import { why } from "./why.ts";

const pkgconf: StoreObject = { id: "0".repeat(31) + "p", name: "pkgconf-aarch64-unknown-linux-gnu-1.8.1", pname: "pkgconf", version: "1.8.1", build: "x86_64-unknown-linux-gnu", host: "aarch64-unknown-linux-gnu", target: "aarch64-unknown-linux-gnu" };
const app: StoreObject = { id: "1".repeat(31) + "a", name: "app-aarch64-unknown-linux-gnu-1.0", pname: "app", version: "1.0", build: "x86_64-unknown-linux-gnu", host: "aarch64-unknown-linux-gnu", target: "aarch64-unknown-linux-gnu" };
const cell = "app@x86_64-linux~aarch64-multiplatform";

const cwd = process.cwd();
let project: string;
let printed: string[];

/** A project whose store holds app, which refers to pkgconf, and whose smoke matrix ran app's cell. */
beforeEach(async () => {
  project = await mkdtemp(join(tmpdir(), "crosscheck-why-cli-"));
  const store = join(project, "store");
  vi.stubEnv("CROSSCHECK_STORE", store);
  for (const [object, content] of [[app, `prefix=${storePath(pkgconf)}\n`], [pkgconf, "pkgconf\n"]] as const) {
    const directory = join(project, "outputs", object.pname);
    await mkdir(directory, { recursive: true });
    await writeFile(join(directory, "info"), content);
    await recordScan(store, await scanOutput({ object, directory, candidates: [app, pkgconf], buildMachinePaths: [] }));
  }
  process.chdir(project);
  await recordCell(".crosscheck/cells", { cell: `smoke/${cell}`, outputIds: [app.id] });
  printed = [];
  vi.spyOn(console, "log").mockImplementation((line: string) => void printed.push(line));
});

afterEach(() => {
  process.chdir(cwd);
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

it("takes the cell id `run` prints, and the matrix-qualified one", async () => {
  expect(await why({ values: {}, positionals: [cell, "pkgconf"] })).toBe(0);
  expect(printed.join("\n")).toMatch(/^app 1\.0 \(aarch64-unknown-linux-gnu\)\n└── info \(byte \d+\): …/);
  printed.length = 0;
  expect(await why({ values: {}, positionals: [`smoke/${cell}`, "pkgconf"] })).toBe(0);
  expect(printed.join("\n")).toMatch(/→ pkgconf 1\.8\.1/);
});

it("resolves a catalog name that is another name of a recipe: pkg-config is pkgconf", async () => {
  expect(await why({ values: {}, positionals: [cell, "pkg-config"] })).toBe(0);
  expect(printed.join("\n")).toMatch(/→ pkgconf 1\.8\.1 \(aarch64-unknown-linux-gnu\)$/);
});

it("asks which matrix when a bare id is in several", async () => {
  await recordCell(".crosscheck/cells", { cell: `nightly/${cell}`, outputIds: [app.id] });
  await expect(why({ values: {}, positionals: [cell, "pkgconf"] })).rejects.toThrow(`cell '${cell}' is in 2 matrices: name one of nightly/${cell}, smoke/${cell}`);
});

it("says which other names of the dependency it looked for", async () => {
  const lone: StoreObject = { ...app, id: "2".repeat(31) + "l", name: "lone-aarch64-unknown-linux-gnu-1.0", pname: "lone" };
  const directory = join(project, "outputs", "lone");
  await mkdir(directory, { recursive: true });
  await recordScan(join(project, "store"), await scanOutput({ object: lone, directory, candidates: [app, pkgconf, lone], buildMachinePaths: [] }));
  expect(await why({ values: {}, positionals: ["lone", "pkg-config"] })).toBe(1);
  expect(printed).toEqual(["lone 1.0 (aarch64-unknown-linux-gnu) does not depend on 'pkg-config' (nor on 'pkgconf', its recipe's other names)"]);
});
