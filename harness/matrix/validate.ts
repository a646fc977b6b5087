import { Ajv, type ErrorObject } from "ajv";
import schema from "./schema.json" with { type: "json" };
import type { WrittenCheck } from "./checkAliases.ts";
import { childPointer, readablePath } from "./pointer.ts";
import type { Problem } from "./problem.ts";
import type { YamlSource } from "./source.ts";
import { didYouMean } from "../suggest.ts";

// verbose: each error carries its schema node, whose `description` says what was expected.
const validateMatrix = new Ajv({ allErrors: true, verbose: true, strict: true }).compile<MatrixDocument>(schema);

interface SchemaNode {
  $ref?: string;
  description?: string;
  properties?: Record<string, SchemaNode>;
}

/** Follows a local "#/definitions/x" reference, where the description of a shared type lives. */
function deref(node: SchemaNode | undefined): SchemaNode | undefined {
  const name = node?.$ref?.replace("#/definitions/", "");
  return name === undefined ? node : (schema.definitions as Record<string, SchemaNode>)[name];
}

/** The settings a cell can carry; `defaults` and include entries both give them. */
export interface SettingsDocument {
  timeout?: string;
  checks?: WrittenCheck[];
  closureGrowth?: string;
  rerunChecks?: WrittenCheck[];
  cleanOutputs?: string[];
}

export interface AxisValues {
  build?: string;
  host?: string;
  target?: string;
  package?: string;
}

export interface IncludeDocument extends AxisValues, SettingsDocument {
  broken?: { reason: string; until?: string; category?: string };
  canadian?: true;
}

/** A matrix file as schema.json guarantees it to be. */
export interface MatrixDocument {
  name?: string;
  description?: string;
  platforms?: Record<string, Record<string, unknown>>;
  defaults?: SettingsDocument;
  build: string[];
  host: string[];
  target?: string[];
  package: string[];
  exclude?: AxisValues[];
  include?: IncludeDocument[];
}

/** The matrix, if it fits schema.json; otherwise every way it departs, each at its place. */
export function checkSchema(source: YamlSource): { document: MatrixDocument; problems: [] } | { problems: Problem[] } {
  if (validateMatrix(source.value)) return { document: source.value, problems: [] };
  const problems = new Map<string, Problem>();
  for (const error of validateMatrix.errors ?? []) {
    // ajv also reports the failing key itself (with error.propertyName); this summary adds nothing.
    if (error.keyword === "propertyNames") continue;
    const problem = describe(source, error);
    // One complaint per place: a value that is both the wrong type and fails a pattern, or a
    // propertyNames failure reported by both the keyword and its subschema, reads as one.
    const key = `${problem.line}:${problem.col}`;
    if (!problems.has(key)) problems.set(key, problem);
  }
  return { problems: [...problems.values()] };
}

function describe(source: YamlSource, error: ErrorObject): Problem {
  const path = readablePath(error.instancePath);
  const parent = deref(error.parentSchema as SchemaNode | undefined);
  const expected = parent?.description ?? error.message ?? "something else";
  const where = path === "" ? "" : `${path}: `;
  if (error.propertyName !== undefined) {
    // A key failed propertyNames' subschema: point at the key, not at the mapping.
    const pointer = childPointer(error.instancePath, error.propertyName);
    return source.problemAt(pointer, `${where}expected ${expected}; got "${error.propertyName}"`, { key: true });
  }
  switch (error.keyword) {
    case "additionalProperties": {
      const key = String(error.params.additionalProperty);
      const known = Object.keys(parent?.properties ?? {});
      const pointer = childPointer(error.instancePath, key);
      const hint = didYouMean(key, known) || ` (expected one of: ${known.join(", ")})`;
      return source.problemAt(pointer, `${where}unknown key "${key}"${hint}`, { key: true });
    }
    case "required": {
      const key = String(error.params.missingProperty);
      const wanted = deref(parent?.properties?.[key])?.description;
      const what = wanted === undefined ? "" : `: expected ${wanted}`;
      return source.problemAt(error.instancePath, `${where}missing key "${key}"${what}`);
    }
    case "uniqueItems": {
      // ajv names the duplicates i and j, in an order that depends on how it compared them; point at the later one.
      const { i, j } = error.params as { i: number; j: number };
      const [earlier, later] = [Math.min(i, j), Math.max(i, j)];
      return source.problemAt(
        childPointer(error.instancePath, later),
        `${where}${show(error.data instanceof Array ? error.data[later] : undefined)} is listed twice (items ${earlier + 1} and ${later + 1})`,
      );
    }
    case "enum": {
      const allowed = (error.params.allowedValues as unknown[]).map(String);
      const hint = typeof error.data === "string" ? didYouMean(error.data, allowed) : "";
      return source.problemAt(error.instancePath, `${where}expected ${expected}; got ${show(error.data)}${hint}`);
    }
    default:
      return source.problemAt(error.instancePath, `${where}expected ${expected}; got ${show(error.data)}`);
  }
}

/** What was found, in a few words: a long string is cut, so a binary file is never echoed whole. */
function show(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  if (Array.isArray(value)) return value.length === 0 ? "an empty list" : "a list";
  if (ArrayBuffer.isView(value)) return "binary data (!!binary)";
  if (typeof value === "object") return Object.keys(value).length === 0 ? "an empty mapping" : "a mapping";
  if (typeof value === "number") return String(value);
  if (typeof value === "string" && value.length > shownLength) {
    return `${JSON.stringify(value.slice(0, shownLength)).slice(0, -1)}…" (${value.length.toLocaleString("en-US")} characters)`;
  }
  return JSON.stringify(value);
}

const shownLength = 60;
