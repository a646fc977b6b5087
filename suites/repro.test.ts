/**
 * `crosscheck repro` as a user runs it: one cell rebuilt with its phases printed live; with
 * --shell, a failing phase leaves the user in the build container with the build's environment.
 */
import { execFile } from "node:child_process";
import { expect, test } from "vitest";

const crosscheck = (args: string[], input?: string) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(process.execPath, ["bin/crosscheck.mjs", ...args], { maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(input ?? "");
  });

test("repro rebuilds one cell with its phases live", { timeout: 20 * 60_000 }, async () => {
  const { code, stdout, stderr } = await crosscheck(["repro", "hello@x86_64-linux~riscv64", "--matrix", "matrices/smoke.yaml"]);
  expect(code, stderr).toBe(0);
  expect(stderr).toMatch(/building hello-riscv64-unknown-linux-gnu-2\.10 in crosscheck\/toolchain:/);
  for (const phase of ["unpack", "configure", "build", "install", "fixup"]) expect(stdout).toMatch(new RegExp(`(^|\n)── ${phase}Phase\n`));
  expect(stdout).not.toContain("@@crosscheck-phase");
  expect(stdout).toContain("checking whether we are cross compiling... yes");
  expect(stderr.trimEnd().split("\n").at(-1)).toMatch(/^crosscheck: hello-riscv64-unknown-linux-gnu-2\.10 built in \d+s, every phase passed; its output was in the container, which is gone/);
});

test("repro --shell leaves the user in the container at the failing command, with the build's environment", { timeout: 20 * 60_000 }, async () => {
  // judy-unfixed runs a host binary at build time; the shell's commands come from a pipe here.
  const commands = 'echo "shell in $(pwd) with CC=$CC"\nexit 7\n';
  const { code, stdout, stderr } = await crosscheck(["repro", "judy-unfixed@x86_64-linux~aarch64-multiplatform", "--matrix", "matrices/seed-regressions.yaml", "--shell"], commands);
  expect(stdout).toContain("crosscheck: the command above failed");
  expect(stdout).toMatch(/shell in \/build\/source\/\S+ with CC=aarch64-unknown-linux-gnu-cc/);
  expect(code).toBe(7);
  expect(stderr.trimEnd().split("\n").at(-1)).toMatch(/^crosscheck: judy\S+ failed in \w+Phase \(exit 7\) after \d+s$/);
});

test("repro of an unknown cell suggests the closest and exits 2", { timeout: 60_000 }, async () => {
  const { code, stderr } = await crosscheck(["repro", "helo@x86_64-linux~riscv64", "--matrix", "matrices/smoke.yaml"]);
  expect(code).toBe(2);
  expect(stderr).toMatch(/no cell 'helo@x86_64-linux~riscv64'.*did you mean 'hello@x86_64-linux~riscv64'/);
  expect(stderr).not.toMatch(/at .*\.ts:\d+/);
});
