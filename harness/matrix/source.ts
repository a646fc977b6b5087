import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from "yaml";
import { pointerSegments } from "./pointer.ts";
import type { Location, Problem } from "./problem.ts";

/**
 * A parsed YAML file that still knows where each value came from, so that any later check
 * (the schema, expansion) can point at the exact line and column of the value it rejects.
 */
export class YamlSource {
  readonly value: unknown;
  readonly syntaxProblems: Problem[];
  private readonly document: Document;
  private readonly lines = new LineCounter();

  constructor(
    readonly file: string,
    text: string,
  ) {
    // prettyErrors would append a code frame to each message; we print file:line:col instead.
    this.document = parseDocument(text, { lineCounter: this.lines, prettyErrors: false });
    this.syntaxProblems = this.document.errors.map((error) => ({
      ...this.locateOffset(error.pos[0]),
      message: error.message,
    }));
    this.value = this.syntaxProblems.length === 0 ? this.document.toJS() : undefined;
  }

  /** A problem at what `pointer` names (see locate). */
  problemAt(pointer: string, message: string, options: { key?: boolean } = {}): Problem {
    return { ...this.locate(pointer, options), message };
  }

  /**
   * Where the value a JSON pointer (ajv's instancePath, "/include/2/host") names starts; with
   * `key`, where the key of that value's pair starts, for complaints about the key itself.
   * A pointer that leaves the document stops at the deepest node it reached, which is where a
   * missing key belongs.
   */
  locate(pointer: string, options: { key?: boolean } = {}): Location {
    const segments = pointerSegments(pointer);
    let node = this.resolve(this.document.contents);
    let keyNode: Node | undefined;
    for (const segment of segments) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === segment);
        if (pair === undefined) break;
        keyNode = isScalar(pair.key) ? pair.key : undefined;
        node = this.resolve(pair.value as Node | null) ?? keyNode;
      } else if (isSeq(node)) {
        const item = node.items[Number(segment)];
        if (item === undefined) break;
        keyNode = undefined;
        node = this.resolve(item as Node | null);
      } else {
        break;
      }
    }
    const target = options.key === true && keyNode !== undefined ? keyNode : node;
    return this.locateOffset(target?.range?.[0] ?? 0);
  }

  private locateOffset(offset: number): Location {
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, col };
  }

  /** Follows an alias (`*name`) to the node it stands for, as toJS() did for the value. */
  private resolve(node: Node | null | undefined): Node | undefined {
    if (node == null) return undefined;
    return isAlias(node) ? (node.resolve(this.document) ?? undefined) : node;
  }
}
