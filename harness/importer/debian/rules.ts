/**
 * What `debian/rules` (a Makefile, nearly always a debhelper one) says about building: dh's
 * build system and add-ons, the arguments the configure, build and install steps get (with
 * the rules' own variables expanded, each with the conditional it sits in), whether the test
 * suite is skipped, and the lines that are about cross-compiling. A reading for a reviewer, not
 * make: what it cannot resolve is kept as written, marked unresolved.
 */

/** When a line of the rules applies, from the conditionals around it. */
export type Condition = { kind: "always" } | { kind: "cross" } | { kind: "native" } | { kind: "other"; text: string };

export interface RuleArgument {
  value: string;
  condition: Condition;
  /** Its line in debian/rules (1-based). */
  line: number;
  /** false when a make variable the rules don't define is left in it (`$(DEB_HOST_MULTIARCH)`). */
  resolved: boolean;
}

export interface RulesFacts {
  /** The rules are debhelper's sequencer (`dh $@`), not a Makefile of their own. */
  usesDh: boolean;
  /** dh's `--buildsystem` (`-S`), null when dh picks. */
  buildsystem: string | null;
  /** dh's `--sourcedirectory` (`-D`): where in the tree the build runs, null for its top. */
  sourceDirectory: string | null;
  /** dh's `--with` add-ons (`autoreconf`, `python3`). */
  addons: string[];
  /** `dh_auto_configure -- ARGS` (in override_dh_auto_configure), in order. */
  configure: RuleArgument[];
  /** `dh_auto_build -- ARGS`. */
  build: RuleArgument[];
  /** `dh_auto_install -- ARGS`. */
  install: RuleArgument[];
  /** Variables the rules export to the build (`export PREFIX`, `export CFLAGS = ...`). */
  exported: { name: string; value: string | null; condition: Condition; line: number }[];
  /** override_dh_auto_test runs nothing: Debian skips the test suite. */
  skipsTests: boolean;
  /** Lines that are about cross-compiling (build vs host, *_FOR_BUILD, cache variables, the cross profile). */
  crossLines: { line: number; text: string; condition: Condition }[];
  /**
   * What an override of the configure, build or install step runs besides its dh_auto_* call
   * (gawk's `touch --date="Jan 01 2000" doc/gawk.texi ...`, a file removed after install): work
   * a recipe redoes in a hook.
   */
  stepCommands: { target: string; line: number; text: string; condition: Condition }[];
}

interface Line {
  number: number;
  text: string;
}

/** Lines with their backslash continuations joined, each numbered by its first line. */
function logicalLines(text: string): Line[] {
  const out: Line[] = [];
  const raw = text.split("\n");
  for (let i = 0; i < raw.length; i++) {
    const number = i + 1;
    let line = raw[i]!;
    while (line.endsWith("\\") && i + 1 < raw.length) line = `${line.slice(0, -1)} ${raw[++i]!.trim()}`;
    out.push({ number, text: line });
  }
  return out;
}

/** A conditional's meaning: is it the cross test (build ≠ host), its negation, or something else. */
function classifyConditional(directive: string, test: string): Condition {
  const compact = test.replace(/\s+/g, "");
  const equal = directive === "ifeq";
  const unequal = directive === "ifneq";
  const pairs: [RegExp, RegExp][] = [
    [/DEB_BUILD_GNU_TYPE/, /DEB_HOST_GNU_TYPE/],
    [/DEB_BUILD_ARCH\)/, /DEB_HOST_ARCH\)/],
    [/DEB_BUILD_MULTIARCH/, /DEB_HOST_MULTIARCH/],
  ];
  if ((equal || unequal) && pairs.some(([a, b]) => a.test(compact) && b.test(compact))) return { kind: equal ? "native" : "cross" };
  // ifneq (,$(filter cross,$(DEB_BUILD_PROFILES))): the cross profile is on.
  if ((equal || unequal) && /filtercross,\$[({]DEB_BUILD_PROFILES[)}]/.test(compact)) {
    const emptyFirst = /^\(,/.test(compact) || /^""/.test(compact);
    return { kind: (unequal && emptyFirst) || (equal && !emptyFirst) ? "cross" : "native" };
  }
  return { kind: "other", text: `${directive} ${test.trim()}` };
}

function negate(condition: Condition): Condition {
  switch (condition.kind) {
    case "cross":
      return { kind: "native" };
    case "native":
      return { kind: "cross" };
    case "other":
      return { kind: "other", text: `not (${condition.text})` };
    default:
      return condition;
  }
}

/** The conditions a line sits in, as one. */
function combine(stack: Condition[]): Condition {
  const others = stack.filter((c): c is Extract<Condition, { kind: "other" }> => c.kind === "other");
  if (others.length > 0) return { kind: "other", text: others.map((c) => c.text).join(" and ") };
  const kinds = new Set(stack.map((c) => c.kind));
  if (kinds.has("cross") && kinds.has("native")) return { kind: "other", text: "never (cross and native)" };
  if (kinds.has("cross")) return { kind: "cross" };
  if (kinds.has("native")) return { kind: "native" };
  return { kind: "always" };
}

/** Shell-like words: quotes group and are removed; nothing is expanded. */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let current = "";
  let quote: string | null = null;
  let any = false;
  for (const c of text) {
    if (quote !== null) {
      if (c === quote) quote = null;
      else current += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      any = true;
    } else if (/\s/.test(c)) {
      if (current !== "" || any) words.push(current);
      current = "";
      any = false;
    } else current += c;
  }
  if (current !== "" || any) words.push(current);
  return words;
}

const variableRef = /\$[({]([A-Za-z_][A-Za-z0-9_]*)[)}]/g;

const crossHint =
  /DEB_BUILD_GNU_TYPE|DEB_HOST_GNU_TYPE|DEB_BUILD_ARCH\b|DEB_BUILD_MULTIARCH|_FOR_BUILD|\bBUILD_CC\b|\bHOST_CC\b|\bcross\b|_cv_[A-Za-z0-9_]+\s*[:?+]?=|CMAKE_CROSSCOMPILING|exe_wrapper|\bqemu/i;
/** dpkg-architecture's variables set from themselves, and dpkg's makefile snippets: every rules file has them, they say nothing. */
const boilerplate = /^\s*(export\s+)?DEB_[A-Z_]+\s*[?:]?=\s*\$\(shell dpkg-architecture -q[A-Z_]+\)\s*$|^\s*-?include\s+\/usr\/share\/dpkg\//;

export function readRules(text: string): RulesFacts {
  const facts: RulesFacts = { usesDh: false, buildsystem: null, sourceDirectory: null, addons: [], configure: [], build: [], install: [], exported: [], skipsTests: false, crossLines: [], stepCommands: [] };
  const variables = new Map<string, { value: string; condition: Condition }[]>();
  const stack: Condition[] = [];
  let targets: string[] = [];
  const recipes = new Map<string, { line: Line; condition: Condition }[]>();
  const steps: { step: "configure" | "build" | "install"; line: Line; args: string; condition: Condition }[] = [];

  for (const line of logicalLines(text)) {
    const body = line.text.replace(/(^|\s)#.*$/, "").trimEnd();
    if (body.trim() === "") continue;
    // A conditional about cross builds is itself such a line, under the conditions around it.
    if (crossHint.test(body) && !boilerplate.test(body)) facts.crossLines.push({ line: line.number, text: body.trim(), condition: combine(stack) });
    const conditional = /^\s*(ifeq|ifneq|ifdef|ifndef)\s+(.*)$/.exec(body);
    if (conditional !== null && !line.text.startsWith("\t")) {
      stack.push(classifyConditional(conditional[1]!, conditional[2]!));
      continue;
    }
    const elseLine = /^\s*else(?:\s+(ifeq|ifneq|ifdef|ifndef)\s+(.*))?$/.exec(body);
    if (elseLine !== null && !line.text.startsWith("\t")) {
      const last = stack.pop();
      if (last !== undefined) stack.push(negate(last));
      if (elseLine[1] !== undefined) stack.push(classifyConditional(elseLine[1], elseLine[2]!));
      continue;
    }
    if (/^\s*endif\b/.test(body) && !line.text.startsWith("\t")) {
      stack.pop();
      continue;
    }
    const condition = combine(stack);

    if (line.text.startsWith("\t")) {
      for (const target of targets) {
        if (!recipes.has(target)) recipes.set(target, []);
        recipes.get(target)!.push({ line, condition });
      }
      const command = body.trim();
      const dh = /^dh\s+(\$@|\S+)(.*)$/.exec(command);
      if (dh !== null) {
        facts.usesDh = true;
        const rest = dh[2]!;
        const sourceDir = /(?:--sourcedirectory[=\s]+|-D\s*)(\S+)/.exec(rest);
        if (sourceDir !== null) facts.sourceDirectory = sourceDir[1]!;
        const system = /(?:--buildsystem[=\s]+|-S\s*)([a-z_0-9+]+)/.exec(rest);
        if (system !== null) facts.buildsystem = system[1]!;
        for (const m of rest.matchAll(/--with[=\s]+([a-z0-9_,+-]+)/g)) facts.addons.push(...m[1]!.split(","));
      }
      const step = /\bdh_auto_(configure|build|install)\b.*?\s--(?:\s+(.*))?$/.exec(command);
      if (step !== null) steps.push({ step: step[1] as "configure" | "build" | "install", line, args: step[2] ?? "", condition });
      continue;
    }
    const assignment = /^\s*(export\s+|override\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*(\?=|:=|::=|\+=|!=|=)\s*(.*)$/.exec(body);
    if (assignment !== null) {
      const [, exported, name, , value] = assignment;
      if (!variables.has(name!)) variables.set(name!, []);
      variables.get(name!)!.push({ value: value!.trim(), condition });
      if (exported?.trim() === "export") facts.exported.push({ name: name!, value: value!.trim(), condition, line: line.number });
      continue;
    }
    const exportOnly = /^\s*export\s+([A-Za-z_][A-Za-z0-9_ ]*)$/.exec(body);
    if (exportOnly !== null) {
      for (const name of exportOnly[1]!.trim().split(/\s+/)) facts.exported.push({ name, value: null, condition, line: line.number });
      continue;
    }
    const rule = /^([^\s:=#][^:=]*?)\s*::?(?!=)\s*(.*)$/.exec(body);
    if (rule !== null) targets = rule[1]!.trim().split(/\s+/);
  }

  // A step's arguments, the rules' variables expanded (each assignment's words under its own condition).
  const expand = (word: string, condition: Condition, line: number, depth: number): RuleArgument[] => {
    const refs = [...word.matchAll(variableRef)].map((m) => m[1]!);
    const whole = /^\$[({]([A-Za-z_][A-Za-z0-9_]*)[)}]$/.exec(word);
    if (whole !== null && variables.has(whole[1]!) && depth < 5) {
      return variables.get(whole[1]!)!.flatMap((a) =>
        shellWords(a.value).flatMap((w) => expand(w, combine([condition, a.condition].filter((c) => c.kind !== "always")), line, depth + 1)),
      );
    }
    let value = word;
    if (depth < 5) {
      for (const ref of refs) {
        const assigned = variables.get(ref);
        // Inside a word, only a variable with one unconditional value is substituted.
        if (assigned?.length === 1 && assigned[0]!.condition.kind === "always") value = value.replace(new RegExp(`\\$[({]${ref}[)}]`, "g"), assigned[0]!.value);
      }
    }
    return [{ value, condition, line, resolved: !/\$[({]/.test(value) && !value.includes("`") }];
  };
  for (const s of steps) {
    const args = shellWords(s.args).flatMap((w) => expand(w, s.condition, s.line.number, 0));
    facts[s.step].push(...args);
  }

  for (const target of ["configure", "build", "install"].flatMap((step) => [`override_dh_auto_${step}`, `override_dh_auto_${step}-arch`])) {
    for (const { line, condition } of recipes.get(target) ?? []) {
      const command = line.text.trim();
      if (/^(dh_auto_\w+|dh_\w+|#|:$|@?echo\b)/.test(command) || facts.crossLines.some((l) => l.line === line.number)) continue;
      facts.stepCommands.push({ target, line: line.number, text: command.replace(/\s+/g, " "), condition });
    }
  }

  const tests = [...(recipes.get("override_dh_auto_test") ?? []), ...(recipes.get("override_dh_auto_test-arch") ?? [])];
  const defined = /^override_dh_auto_test(-arch)?\s*:/m.test(text);
  facts.skipsTests = defined && tests.every(({ line }) => /^\s*(:|true|#.*|@?echo\b.*)?\s*$/.test(line.text.trim()));
  return facts;
}
