/**
 * Every field of every entry of the conformance vectors (taken by evaluating Nixpkgs' 2026
 * `lib.systems`), one test per entry and field group, so a failure names both.
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { elaborate, examples, toEvalRecord, type PlatformSpec } from "./index.ts";

interface Vectors {
  examples: Record<string, Record<string, unknown> & { input: PlatformSpec }>;
  strings: Record<string, Record<string, unknown> & { input: PlatformSpec }>;
}
const vectors = JSON.parse(
  readFileSync(new URL("../../suites/conformance/platforms.json", import.meta.url), "utf8"),
) as Vectors;
const canExecuteVectors = JSON.parse(
  readFileSync(new URL("../../suites/conformance/canExecute.json", import.meta.url), "utf8"),
) as { inputs: Record<string, PlatformSpec>; matrix: Record<string, Record<string, boolean>> };

const fieldGroups: Record<string, string[]> = {
  names: ["system", "config"],
  toolchain: ["libc", "isStatic", "linker", "useLLVM"],
  parsed: ["parsed"],
  predicates: ["predicates"],
  libraries: ["hasSharedLibraries", "libDir", "extensions"],
  architectureNames: ["linuxArch", "qemuArch", "uname", "darwinArch", "rustcTarget"],
  gcc: ["gccAttrs"],
  execution: [
    "canBeExecutedByX86_64Linux",
    "emulatorAvailable_onX86_64Linux",
    "staticEmulatorAvailable_onX86_64Linux",
    "emulator_onX86_64Linux",
  ],
};

/** A vector's input as Nix's `elaborate` takes it: a string is `{ system = s; }`. (crosscheck
 * reads a bare string that is also an example name, `x86_64-windows`, as the example; see spec.ts.) */
const asNix = (input: PlatformSpec): PlatformSpec => (typeof input === "string" ? { system: input } : input);

const entries = [
  // Examples are elaborated by name, as pkgsCross does; the input is checked against our table.
  ...Object.entries(vectors.examples).map(([name, entry]) => ({ label: `examples.${name}`, spec: `examples.${name}`, entry })),
  ...Object.entries(vectors.strings).map(([name, entry]) => ({ label: `strings.${name}`, spec: asNix(entry.input), entry })),
];

describe("platforms.json", () => {
  test("the field groups cover every field of the vectors", () => {
    const vectorFields = new Set(entries.flatMap(({ entry }) => Object.keys(entry)));
    vectorFields.delete("input");
    expect([...vectorFields].sort()).toEqual(Object.values(fieldGroups).flat().sort());
  });

  test("toEvalRecord writes exactly the fields of a vector entry", () => {
    const fields = Object.keys(toEvalRecord(elaborate("x86_64-linux"))).sort();
    expect(fields).toEqual(Object.values(fieldGroups).flat().sort());
  });

  test.each(Object.entries(vectors.examples))("examples.%s is the example Nixpkgs has", (name, entry) => {
    expect(examples[name]).toEqual(entry.input);
  });

  const cases = entries.flatMap(({ label, spec, entry }) =>
    Object.entries(fieldGroups).map(([group, fields]) => ({ label, group, spec, entry, fields })),
  );
  test.each(cases)("$label: $group", ({ spec, entry, fields }) => {
    const record = toEvalRecord(elaborate(spec)) as unknown as Record<string, unknown>;
    for (const field of fields) expect({ [field]: record[field] }).toEqual({ [field]: entry[field] });
  });
});

describe("canExecute.json", () => {
  const cells = Object.entries(canExecuteVectors.matrix).flatMap(([machine, row]) =>
    Object.entries(row).map(([program, runs]) => ({ machine, program, runs })),
  );
  test.each(cells)("$machine runs $program: $runs", ({ machine, program, runs }) => {
    const a = elaborate(asNix(canExecuteVectors.inputs[machine]!));
    const b = elaborate(asNix(canExecuteVectors.inputs[program]!));
    expect(a.canExecute(b)).toBe(runs);
  });
});
