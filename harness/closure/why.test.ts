import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { why as whyCommand } from "../cli/why.ts";
import { recordCell } from "./cellRecord.ts";
import { readScans, recordScan } from "./scanRecord.ts";
import { buildScenario, curl, gccWrapper, zlib } from "./testFixtures.ts";
import { renderChain, why } from "./why.ts";

describe("why", () => {
  const cwd = process.cwd();
  afterEach(() => {
    process.chdir(cwd);
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it("finds the shortest chain from an output to a dependency, file and offset at each step", async () => {
    const { graph } = await buildScenario({ configScript: true });
    const chain = why(graph, curl.id, "gcc-wrapper")!;
    expect(chain.steps.map((s) => [s.from.pname, s.file, s.to.pname])).toEqual([
      ["curl", "bin/curl", "zlib"],
      ["zlib", "bin/zlib-config", "gcc-wrapper"],
    ]);
    const text = renderChain(chain);
    expect(text).toMatch(/^curl 8\.4\.0 \(aarch64-unknown-linux-gnu\)\n└── bin\/curl \(byte \d+\): …/);
    expect(text).toContain(`    └── bin/zlib-config (byte ${chain.steps[1]!.offset}): …`);
    expect(text).toContain(`CC=/crosscheck/store/${gccWrapper.id}-gcc-wrapper-x86_64`);
    expect(text).toMatch(/→ gcc-wrapper 12\.2\.0 \(x86_64-unknown-linux-gnu\) \[toolchain\]$/);
    expect(why(graph, zlib.id, "curl")).toBeUndefined();
  });

  it("answers `crosscheck why` from recorded scans", async () => {
    const { graph } = await buildScenario({ configScript: true });
    const project = await mkdtemp(join(tmpdir(), "crosscheck-why-"));
    process.chdir(project);
    vi.stubEnv("CROSSCHECK_STORE", join(project, "store"));
    for (const scan of graph.values()) await recordScan(join(project, "store"), scan);
    expect(await readScans(join(project, "store"))).toEqual(graph);
    await recordCell(".crosscheck/cells", { cell: "smoke/curl-aarch64", outputIds: [curl.id] });

    const printed: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: string) => void printed.push(line));
    expect(await whyCommand({ values: {}, positionals: ["smoke/curl-aarch64", "gcc-wrapper"] })).toBe(0);
    expect(printed.join("\n")).toMatch(/^curl 8\.4\.0 .*\n└── bin\/curl .*\n    → zlib .*\n    └── bin\/zlib-config .*\n        → gcc-wrapper/);
    printed.length = 0;
    expect(await whyCommand({ values: {}, positionals: ["zlib", "openssl"] })).toBe(1);
    expect(printed).toEqual(["zlib 1.2.13 (aarch64-unknown-linux-gnu) does not depend on 'openssl'"]);
    await expect(whyCommand({ values: {}, positionals: ["smoke/nope", "zlib"] })).rejects.toThrow(/no cell or built derivation named 'smoke\/nope'/);
  });
});
