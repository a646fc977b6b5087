import { CST, Composer, LineCounter, Parser, isAlias, isMap, isScalar, isSeq, visit, type Document, type Node, type Pair, type YAMLMap } from "yaml";
import { defaultLimits, limitSettings, raiseHint, type MatrixLimits } from "./limits.ts";
import { pointerSegments } from "./pointer.ts";
import type { Location, Problem } from "./problem.ts";

/** What YAML allows in a stream (its c-printable set); anything else means this isn't text. */
const notPrintable = /[^\t\n\r\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** What the token tree says before anything is built from it. */
interface Survey {
  /** Where the second document starts, if there is one. */
  secondDocument?: number;
  /** The first alias written. */
  firstAlias?: number;
  /** Where each alias name is first written. */
  aliasNames: Map<string, number>;
  /** The alias past the limit on how many may be written. */
  aliasPastLimit?: number;
  /** The first collection nested past the depth limit. */
  tooDeep?: number;
  /** Quoted scalars by where they end, to find the start of one that is never closed. */
  quotedEnds: Map<number, number>;
}

/**
 * Walks the token tree without recursion (so no nesting can exhaust the stack), counting
 * documents and aliases and finding the first collection nested too deep.
 */
function survey(tokens: readonly CST.Token[], maxDepth: number, maxAliases: number): Survey {
  const found: Survey = { quotedEnds: new Map(), aliasNames: new Map() };
  let documents = 0;
  const aliases: number[] = [];
  const stack: { token: CST.Token | null | undefined; depth: number }[] = [];
  for (const token of tokens) {
    if (token.type !== "document") continue;
    documents++;
    if (documents === 2) found.secondDocument = token.offset;
    stack.push({ token: token.value, depth: 0 });
  }
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    if (token == null) continue;
    switch (token.type) {
      case "alias": {
        aliases.push(token.offset);
        const name = token.source.slice(1);
        const first = found.aliasNames.get(name);
        if (first === undefined || token.offset < first) found.aliasNames.set(name, token.offset);
        break;
      }
      case "single-quoted-scalar":
      case "double-quoted-scalar":
        found.quotedEnds.set(token.offset + token.source.length, token.offset);
        break;
      case "block-map":
      case "block-seq":
      case "flow-collection":
        if (depth + 1 > maxDepth) {
          if (found.tooDeep === undefined || token.offset < found.tooDeep) found.tooDeep = token.offset;
          break;
        }
        for (const item of token.items) {
          if ("key" in item) stack.push({ token: item.key, depth: depth + 1 });
          stack.push({ token: item.value, depth: depth + 1 });
        }
        break;
    }
  }
  // The stack visits in no particular order; the aliases are counted in the order they are written.
  aliases.sort((a, b) => a - b);
  found.firstAlias = aliases[0];
  found.aliasPastLimit = aliases[maxAliases];
  return found;
}

/**
 * Where each key that repeats an earlier key of its mapping starts, as the yaml library's
 * uniqueKeys finds them (scalar keys by value), in one pass per mapping.
 */
function duplicateKeys(document: Document): number[] {
  const offsets: number[] = [];
  visit(document, {
    Map(_key, map) {
      const seen = new Set<unknown>();
      for (const { key } of map.items) {
        if (!isScalar(key)) continue;
        if (seen.has(key.value)) offsets.push(key.range?.[0] ?? 0);
        else seen.add(key.value);
      }
    },
  });
  return offsets;
}

/** Line and column of an offset, for problems found before the line counter has run. */
function positionIn(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: offset - lineStart + 1 };
}

/**
 * A parsed YAML file that still knows where each value came from, so that any later check
 * (the schema, expansion) can point at the exact line and column of the value it rejects.
 *
 * Parsing is bounded (see limits.ts): the token tree is surveyed before a document is built from
 * it, so a matrix nested too deep or with too many aliases is refused at its place without the
 * parser's recursion or an exponential expansion ever running; what aliases stand for is bounded
 * by the yaml library's maxAliasCount.
 */
export class YamlSource {
  readonly value: unknown;
  readonly syntaxProblems: Problem[];
  private readonly document: Document | undefined;
  private readonly lines = new LineCounter();
  private readonly text: string;
  private readonly pairIndex = new WeakMap<YAMLMap, Map<string, Pair>>();

  constructor(
    readonly file: string,
    text: string,
    limits: Pick<MatrixLimits, "maxAliases" | "maxDepth"> = defaultLimits,
  ) {
    // A byte order mark is no column: without this, every column of the first line is one off.
    this.text = text.startsWith("\uFEFF") ? text.slice(1) : text;
    const { document, value, problems } = this.parse(limits);
    this.document = document;
    this.value = value;
    // The line counter has seen the text unless parsing stopped before the parser ran.
    const position = (offset: number) => (this.lines.lineStarts.length > 0 ? this.lines.linePos(this.clamp(offset)) : positionIn(this.text, this.clamp(offset)));
    this.syntaxProblems = problems.map(({ offset, message }) => ({ file, ...position(offset), message }));
  }

  private parse(limits: Pick<MatrixLimits, "maxAliases" | "maxDepth">): { document?: Document; value?: unknown; problems: { offset: number; message: string }[] } {
    const problems: { offset: number; message: string }[] = [];
    const unprintable = notPrintable.exec(this.text);
    if (unprintable !== null) {
      const code = unprintable[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
      problems.push({ offset: unprintable.index, message: `a control character (U+${code}), which YAML doesn't allow: a matrix is a YAML text file (is this a binary file?)` });
      return { problems };
    }

    const tokens = [...new Parser(this.lines.addNewLine).parse(this.text)];
    const found = survey(tokens, limits.maxDepth, limits.maxAliases);
    if (found.secondDocument !== undefined) {
      problems.push({
        offset: found.secondDocument,
        message: "a second YAML document starts here, and a matrix file holds one: remove this '---' line and what follows, or put it in a file of its own",
      });
    }
    if (found.tooDeep !== undefined) {
      problems.push({ offset: found.tooDeep, message: `nested more than ${limits.maxDepth} levels deep, the limit for a matrix; ${raiseHint("maxDepth")}` });
    }
    if (found.aliasPastLimit !== undefined) {
      problems.push({ offset: found.aliasPastLimit, message: `more than ${limits.maxAliases} aliases (*name), the limit for a matrix; ${raiseHint("maxAliases")}` });
    }
    // Nothing is built from a tree that is too deep or too aliased: building is what would fail.
    if (problems.length > 0) return { problems };

    // The library's own check of duplicate keys compares every key with every other one, which a
    // mapping of thousands of keys makes take minutes; duplicateKeys does it in one pass.
    // A matrix is read with YAML 1.2's core schema even under a `%YAML 1.1` directive (whose
    // timestamps and yes/no booleans would turn `until: 2025-09-01` into a Date); the library's
    // warnings (an unknown tag, a collection as a key) are not printed: what they concern is checked.
    const [document] = new Composer({ prettyErrors: false, uniqueKeys: false, schema: "core", logLevel: "error" }).compose(tokens, true, this.text.length);
    for (const offset of duplicateKeys(document!)) problems.push({ offset, message: "Map keys must be unique" });
    for (const error of document!.errors) {
      // The library reports an unclosed quote where the text ends, which may be past the last line.
      const quoteStart = error.code === "MISSING_CHAR" ? found.quotedEnds.get(error.pos[0]) : undefined;
      if (quoteStart !== undefined) {
        // What follows the open quote was read as part of the string: no later error is one of its own.
        const before = problems.filter((p) => p.offset < quoteStart);
        const message = `this quoted string is never closed: add the closing ${this.text[quoteStart]}`;
        return { document, problems: [...before, { offset: quoteStart, message }] };
      }
      problems.push({ offset: error.pos[0], message: error.message });
    }
    if (problems.length > 0) return { document, problems };

    try {
      // The library counts the anchored value with its aliases: N aliases of a plain value are N + 1.
      return { document, value: document!.toJS({ maxAliasCount: limits.maxAliases + 1 }), problems };
    } catch (error) {
      // The library's words for an expansion past maxAliasCount.
      if (error instanceof ReferenceError && /Excessive alias count/.test(error.message)) {
        const message =
          `the aliases (*name) from here on stand for more than ${limits.maxAliases} values, the limit for a matrix ` +
          `(an alias of a value holding aliases counts each of them); ${raiseHint("maxAliases")}`;
        return { document, problems: [{ offset: found.firstAlias ?? 0, message }] };
      }
      // An alias whose anchor is written only after it (or nowhere) isn't the composer's error.
      const unresolved = error instanceof ReferenceError ? /^Unresolved alias.*: (.*)$/.exec(error.message) : null;
      if (unresolved !== null) {
        const name = unresolved[1]!;
        const message = `alias *${name} names no anchor &${name} written before it`;
        return { document, problems: [{ offset: found.aliasNames.get(name) ?? 0, message }] };
      }
      if (error instanceof RangeError) {
        return { document, problems: [{ offset: 0, message: `nested too deeply for the parser's stack; lower --${limitSettings.maxDepth.flag}` }] };
      }
      throw error;
    }
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
    let node = this.resolve(this.document?.contents);
    let keyNode: Node | undefined;
    for (const segment of segments) {
      if (isMap(node)) {
        const pair = this.pairsOf(node).get(segment);
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

  /** A mapping's pairs by key, made once per mapping: a file of thousands of bad keys is located in linear time. */
  private pairsOf(map: YAMLMap): Map<string, Pair> {
    let pairs = this.pairIndex.get(map);
    if (pairs === undefined) {
      pairs = new Map();
      for (const item of map.items) {
        const key = isScalar(item.key) ? String(item.key.value) : undefined;
        if (key !== undefined && !pairs.has(key)) pairs.set(key, item as Pair);
      }
      this.pairIndex.set(map, pairs);
    }
    return pairs;
  }

  private locateOffset(offset: number): Location {
    const { line, col } = this.lines.linePos(this.clamp(offset));
    return { file: this.file, line, col };
  }

  /** An offset at or past the end of a text that ends in a newline is the end of its last line. */
  private clamp(offset: number): number {
    return offset >= this.text.length && this.text.endsWith("\n") ? this.text.length - 1 : Math.max(0, offset);
  }

  /** Follows an alias (`*name`) to the node it stands for, as toJS() did for the value. */
  private resolve(node: Node | null | undefined): Node | undefined {
    if (node == null) return undefined;
    return isAlias(node) ? (node.resolve(this.document!) ?? undefined) : node;
  }
}
