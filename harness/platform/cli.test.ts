/** The `crosscheck platforms` command, through its exported function and through the binary. */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";
import { crosscheck } from "../cli/cli.testutil.ts";
import { exampleNames } from "./index.ts";

const vectors = JSON.parse(
  readFileSync(new URL("../../suites/conformance/platforms.json", import.meta.url), "utf8"),
) as { strings: Record<string, Record<string, unknown>>; examples: Record<string, Record<string, unknown>> };

async function run(args: string[]): Promise<{ status: number; stdout: string }> {
  const { code, stdout } = await crosscheck("platforms", ...args);
  return { status: code, stdout };
}

describe("crosscheck platforms", () => {
  test("without arguments lists every example with its config and system", async () => {
    const { status, stdout } = await run([]);
    expect(status).toBe(0);
    for (const name of exampleNames) expect(stdout).toMatch(new RegExp(`^${name.replace(/[.+]/g, "\\$&")}\\s`, "m"));
    expect(stdout).toMatch(/^raspberryPi\s+armv6l-unknown-linux-gnueabihf\s+armv6l-linux$/m);
  });

  test("--json prints vector entries, diffable with nix eval", async () => {
    const { stdout } = await run(["--json", "aarch64-linux", "examples.wasi32", '{"config":"x86_64-unknown-linux-musl"}']);
    const { input: _a, ...aarch64 } = vectors.strings["aarch64-linux"]!;
    const { input: _b, ...wasi32 } = vectors.examples["wasi32"]!;
    const { input: _c, ...musl } = vectors.strings["x86_64-unknown-linux-musl"]!;
    expect(JSON.parse(stdout)).toEqual([aarch64, wasi32, musl]);
  });

  test("--can-execute --json prints configs and the matrix, row runs column", async () => {
    const { stdout } = await run(["--can-execute", "--json", "x86_64-linux", "i686-linux", "aarch64-linux"]);
    expect(JSON.parse(stdout)).toEqual({
      platforms: ["x86_64-unknown-linux-gnu", "i686-unknown-linux-gnu", "aarch64-unknown-linux-gnu"],
      canExecute: [
        [true, true, false],
        [false, true, false],
        [false, false, true],
      ],
    });
  });

  test("a SPEC alone prints a readable summary", async () => {
    const { stdout } = await run(["riscv64"]);
    expect(stdout).toMatch(/config\s+riscv64-unknown-linux-gnu/);
    expect(stdout).toContain("${qemu-user}/bin/qemu-riscv64");
  });

  test.each([
    [["aarch65-linux"], /Unknown CPU type: aarch65.*aarch64-linux/],
    [["arm-foo-bar-baz-qux"], /invalid number of hyphen-separated components; closest known platforms: arm/],
    [["--json", '{"config":"aarch64-none-elf"'], /malformed JSON platform spec/],
    [["--json", "[1]"], /must be an object/],
    [["--json"], /no SPEC given/],
    [["--frobnicate"], /unknown option '--frobnicate'/],
  ])("%j is a UserError", async (args, message) => {
    const { code, stderr } = await crosscheck("platforms", ...args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  test("the binary exits 2 with the message and no stack trace", async () => {
    const bin = fileURLToPath(new URL("../../bin/crosscheck.mjs", import.meta.url));
    const failure = await promisify(execFile)(process.execPath, [bin, "platforms", "aarch65-linux"]).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).toMatchObject({ code: 2 });
    const { stderr } = failure as { stderr: string };
    expect(stderr).toMatch(/^crosscheck platforms: bad platform 'aarch65-linux'/);
    expect(stderr).not.toMatch(/\n\s+at /);
  }, 20_000);
});
