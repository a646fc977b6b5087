/** crosscheck as a user runs it, for the CLI's tests: main() in this process, or the binary. */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { vi } from "vitest";
import { main } from "./main.ts";

export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** main(argv) with what it prints captured; for command lines that never reach Docker. */
export async function crosscheck(...argv: string[]): Promise<Outcome> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...parts: unknown[]) => void out.push(parts.join(" ")));
  const error = vi.spyOn(console, "error").mockImplementation((...parts: unknown[]) => void err.push(parts.join(" ")));
  try {
    return { code: await main(argv), stdout: out.join("\n"), stderr: err.join("\n") };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

const bin = fileURLToPath(new URL("../../bin/crosscheck.mjs", import.meta.url));

/** bin/crosscheck.mjs in a process of its own: its exit status and whether it printed a stack. */
export function crosscheckBinary(argv: string[], cwd?: string): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...argv], { cwd }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : Number((error as { code?: number }).code ?? 1), stdout, stderr }),
    );
  });
}
