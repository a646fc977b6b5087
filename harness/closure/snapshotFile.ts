import { readIfExists } from "./readIfExists.ts";
import { join } from "node:path";
import { Ajv, type ErrorObject } from "ajv";
import { LineCounter, parseDocument, type Document } from "yaml";
import { UserError } from "../userError.ts";
import { writeFileAtomic } from "./atomicWrite.ts";
import type { CellSnapshot } from "./snapshot.ts";
import { snapshotSchema } from "./snapshotSchema.ts";
import { snapshotToYaml } from "./snapshotYaml.ts";

/** `snapshots/<matrix>/<cell-id>.yaml` below the project's snapshot directory. */
export function snapshotPath(snapshotsDir: string, matrix: string, cellId: string): string {
  return join(snapshotsDir, matrix, `${cellId}.yaml`);
}

const validate = new Ajv({ allErrors: true }).compile<CellSnapshot>(snapshotSchema);

/**
 * Reads a committed snapshot, or undefined when there is none yet. Anything else that is not
 * exactly what `writeSnapshot` produces is an error naming the file, the place and the
 * problem: a snapshot that was edited by hand or mangled by a merge must be regenerated, not
 * trusted and not quietly replaced.
 */
export async function readSnapshot(path: string, cell: string): Promise<CellSnapshot | undefined> {
  const text = await readIfExists(path);
  return text === undefined ? undefined : parseSnapshot(text, path, cell);
}

export function parseSnapshot(raw: string, path: string, cell: string): CellSnapshot {
  const text = raw.replace(/\r\n/g, "\n");
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const problem = (at: number | undefined, what: string): UserError => {
    const where = at === undefined ? "" : (({ line, col }) => `:${line}:${col}`)(lines.linePos(at));
    return new UserError(`${path}${where}: ${what}; regenerate it with --update-snapshots`);
  };
  const [error] = [...document.errors, ...document.warnings];
  if (error !== undefined) throw problem(error.pos[0], `not valid YAML: ${error.message.split("\n")[0]}`);
  const data: unknown = document.toJS();
  if (!validate(data)) {
    const first = validate.errors![0]!;
    throw problem(offsetOf(document, first), `not a closure snapshot: ${describeError(first)}`);
  }
  if (data.cell !== cell) throw problem(offsetOf(document, { instancePath: "/cell" }), `belongs to cell ${data.cell}, not ${cell}`);
  const canonical = snapshotToYaml(data);
  if (canonical !== text) {
    const expected = canonical.split("\n");
    const found = text.split("\n");
    const line = expected.findIndex((l, i) => l !== found[i]);
    const at = line === -1 ? found.length : line;
    throw new UserError(
      `${path}:${at + 1}: not in the form crosscheck writes (edited by hand?): expected ${JSON.stringify(expected[at] ?? "<end of file>")}, found ${JSON.stringify(found[at] ?? "<end of file>")}; regenerate it with --update-snapshots`,
    );
  }
  return data;
}

/** Where in the file an ajv error points: the offending node, or the nearest one that exists. */
function offsetOf(document: Document, error: Pick<ErrorObject, "instancePath">): number | undefined {
  const path = error.instancePath
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? document.contents : document.getIn(path.slice(0, n), true);
    if (node !== null && typeof node === "object" && "range" in node && Array.isArray(node.range)) return node.range[0] as number;
  }
  return undefined;
}

function describeError(error: ErrorObject): string {
  const at = error.instancePath === "" ? "the top level" : error.instancePath.slice(1).replace(/\//g, ".");
  if (error.keyword === "additionalProperties") return `${at} has an unknown field '${String(error.params["additionalProperty"])}'`;
  if (error.keyword === "required") return `${at} lacks the field '${String(error.params["missingProperty"])}'`;
  return `${at} ${error.message ?? "is invalid"}`;
}

/** Writes a snapshot atomically; only ever called when the user asked to update snapshots. */
export async function writeSnapshot(path: string, snapshot: CellSnapshot): Promise<void> {
  await writeFileAtomic(path, snapshotToYaml(snapshot));
}
