/**
 * `crosscheck platforms`: list Nixpkgs' example platforms, or elaborate SPECs.
 *
 *   crosscheck platforms                          table of all examples
 *   crosscheck platforms SPEC...                  a summary of each elaborated SPEC
 *   crosscheck platforms --json SPEC...           each as a platforms.json vector entry
 *   crosscheck platforms --can-execute [--json] SPEC...   which runs which
 *
 * A SPEC is an example name, a system double, a config triple, or a JSON attribute set.
 */
import { UserError } from "../userError.ts";
import {
  elaborate,
  emulatorFor,
  exampleNames,
  toEvalRecord,
  type Platform,
  type PlatformSpec,
} from "../platform/index.ts";
import type { Invocation } from "./commands.ts";
import { UsageError } from "./usageError.ts";

/** Platform names never start with a bracket, so one means the user meant JSON. */
function readSpec(text: string): PlatformSpec {
  if (!/^\s*[[{]/.test(text)) return text;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UserError(`malformed JSON platform spec ${text}: ${(error as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new UserError(`a JSON platform spec must be an object, got ${text}`);
  }
  return value as PlatformSpec;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd()).join("\n");
}

function listExamples(): string {
  const rows = exampleNames.map((name) => {
    const platform = elaborate(`examples.${name}`);
    return [name, platform.config, platform.system];
  });
  return [
    table([["EXAMPLE", "CONFIG", "SYSTEM"], ...rows]),
    "",
    `${exampleNames.length} examples. A name that is also a system double (x86_64-windows) means the example,`,
    `as pkgsCross.NAME does; write '{"system":"x86_64-windows"}' (or its config, x86_64-pc-windows-msvc) for the double.`,
  ].join("\n");
}

function summary(spec: string, platform: Platform, machine: Platform): string {
  const emulator = emulatorFor(machine, platform);
  return table([
    ["spec", spec],
    ["config", platform.config],
    ["system", platform.system],
    ["libc", String(platform.libc)],
    ["linker", platform.linker],
    ["isStatic", String(platform.isStatic)],
    ["on x86_64-linux", emulator === null ? "cannot run" : `${emulator.kind}: ${emulator.nixpkgsPath}${emulator.nixpkgsPath.endsWith(`/${emulator.command}`) ? "" : ` (crosscheck runs ${emulator.command})`}`],
  ]);
}

function canExecuteMatrix(platforms: Platform[]): boolean[][] {
  return platforms.map((machine) => platforms.map((program) => machine.canExecute(program)));
}

export async function platforms({ values, positionals }: Invocation<"platforms">): Promise<number> {
  if (positionals.length === 0) {
    if (values.json || values["can-execute"]) throw new UsageError("no SPEC given");
    console.log(listExamples());
    return 0;
  }
  const elaborated = positionals.map((text) => elaborate(readSpec(text)));

  if (values["can-execute"]) {
    const matrix = canExecuteMatrix(elaborated);
    const configs = elaborated.map((p) => p.config);
    if (values.json) {
      console.log(JSON.stringify({ platforms: configs, canExecute: matrix }, null, 2));
    } else {
      const header = ["machine \\ program", ...positionals];
      const rows = positionals.map((spec, i) => [spec, ...matrix[i]!.map((runs) => (runs ? "yes" : "-"))]);
      console.log(table([header, ...rows]));
    }
    return 0;
  }
  if (values.json) {
    console.log(JSON.stringify(elaborated.map(toEvalRecord), null, 2));
    return 0;
  }
  const machine = elaborate("x86_64-linux");
  console.log(elaborated.map((platform, i) => summary(positionals[i]!, platform, machine)).join("\n\n"));
  return 0;
}
