import { UserError } from "../userError.ts";
import { checkNames, type Cell, type Check, type Expectation, type CellPlatform } from "./cell.ts";
import { cellId } from "./cellId.ts";
import { readablePath } from "./pointer.ts";
import { formatLocation, type Problem } from "./problem.ts";
import { isCalendarDate, parseDuration, parsePercent } from "./settings.ts";
import type { YamlSource } from "./source.ts";
import { didYouMean } from "../suggest.ts";
import { categories } from "../diagnosis/index.ts";
import type { AxisValues, IncludeDocument, MatrixDocument, SettingsDocument } from "./validate.ts";

/**
 * What expansion needs from the platform model: elaborate a spec, throwing UserError (with
 * suggestions) for one it doesn't know, and tell its config triple, which decides whether two
 * differently written platforms are the same machine (for Canadian crosses). Injected, so the
 * matrix knows nothing else about platforms.
 */
export type Elaborate = (spec: string | Record<string, unknown>) => { config: string };

/** What a cell gets when neither `defaults` nor an include entry says otherwise. */
const builtinDefaults = { timeout: "30m", checks: [...checkNames], closureGrowth: "10%" } as const;

interface Settings {
  timeout: string;
  checks: readonly Check[];
  closureGrowth: string;
  rerunChecks: readonly Check[];
  expectation: Expectation;
}

/** A cell while include entries may still change it; platforms are names until the end. */
interface Draft {
  package: string;
  build: string;
  host: string;
  target: string;
  /** Shared by every cell no include touched; replaced, never mutated, when one does. */
  settings: Settings;
  canadianAllowed: boolean;
  /** Pointer of what made the cell (its package in the axes, or its include entry). */
  origin: string;
}

const axisNames = ["build", "host", "target", "package"] as const;

/** What `broken: { category }` may name: the classifier's categories. */
const categoryIds = categories.map((c) => c.id);

/**
 * Expands a schema-valid matrix into its cells. Order is deterministic: the product of the
 * axes (package, then build, host, target, each in the order written) minus `exclude`, then
 * the cells `include` adds, in its order. Every problem found is returned, none thrown.
 */
export function expandMatrix(
  document: MatrixDocument,
  source: YamlSource,
  matrixName: string,
  elaborate: Elaborate,
): { cells: Cell[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const at = (pointer: string, message: string, key = false) => problems.push(source.problemAt(pointer, message, { key }));

  const platformKey = platformKeys(document, elaborate, at);
  const same = (a: string, b: string) => a === b || platformKey(a) === platformKey(b);
  const isCanadian = (d: Draft) => !same(d.build, d.host) && !same(d.host, d.target) && !same(d.build, d.target);

  const base = baseSettings(document.defaults ?? {}, at);
  const drafts = product(document, base);
  const excluded = applyExcludes(document, drafts, at);
  const cells = excluded.concat(applyIncludes(document, excluded, base, source, isCanadian, at));

  // Most cells share one Settings object (the defaults), so its numbers are worked out once.
  const derivedSettings = new Map<Settings, { timeoutMs: number; closureGrowth: number }>();
  const derived = (settings: Settings) => {
    let numbers = derivedSettings.get(settings);
    if (numbers === undefined) {
      numbers = { timeoutMs: parseDuration(settings.timeout), closureGrowth: parsePercent(settings.closureGrowth) };
      derivedSettings.set(settings, numbers);
    }
    return numbers;
  };
  const result: Cell[] = [];
  const unmarkedCanadians = new Map<string, string[]>();
  const seen = new Map<string, Draft>();
  const platformRefs = new Map<string, CellPlatform>();
  const ref = (name: string): CellPlatform => {
    let platform = platformRefs.get(name);
    if (platform === undefined) {
      platform = { name, spec: document.platforms?.[name] ?? name };
      platformRefs.set(name, platform);
    }
    return platform;
  };
  for (const draft of cells) {
    const id = cellId(draft.package, draft.build, draft.host, draft.target);
    // Ids name snapshot files, and some file systems ignore case: hello and Hello would share one.
    const folded = id.toLowerCase();
    const earlier = seen.get(folded);
    if (earlier !== undefined) {
      const earlierId = cellId(earlier.package, earlier.build, earlier.host, earlier.target);
      at(draft.origin, `cell id "${id}" collides with "${earlierId}" (ids must differ in more than letter case)`);
      continue;
    }
    seen.set(folded, draft);
    const canadian = isCanadian(draft);
    if (canadian && !draft.canadianAllowed) {
      const pointer = draft.origin.startsWith("/include/") ? draft.origin : "/target";
      const ids = unmarkedCanadians.get(pointer);
      if (ids === undefined) unmarkedCanadians.set(pointer, [id]);
      else ids.push(id);
    }
    const { settings } = draft;
    const { timeoutMs, closureGrowth } = derived(settings);
    result.push({
      id,
      matrix: matrixName,
      package: draft.package,
      build: ref(draft.build),
      host: ref(draft.host),
      target: ref(draft.target),
      expectation: settings.expectation,
      checks: [...settings.checks],
      timeoutMs,
      closureGrowth,
      rerunChecks: checkNames.filter((check) => settings.rerunChecks.includes(check)),
      canadian,
    });
  }
  for (const [pointer, ids] of unmarkedCanadians) {
    const shown = ids.length > 3 ? `${ids.slice(0, 3).join(", ")} and ${ids.length - 3} more` : ids.join(", ");
    at(
      pointer,
      `${ids.length === 1 ? "this cell is a Canadian cross" : `${ids.length} cells are Canadian crosses`} ` +
        `(build, host and target all differ), which Nixpkgs refuses: ${shown}; ` +
        `allow it with an include entry that says "canadian: true", or exclude it`,
      pointer === "/target",
    );
  }
  if (result.length === 0 && problems.length === 0) at("", "the matrix has no cells: exclude removes every combination");
  return { cells: result, problems };
}

/**
 * Elaborates every platform the matrix names, once per name, reporting unknown ones at each
 * place they are written (or at their definition under `platforms`). Returns each name's
 * identity, its config triple (a name that failed to elaborate stands for itself).
 */
function platformKeys(
  document: MatrixDocument,
  elaborate: Elaborate,
  at: (pointer: string, message: string) => void,
): (name: string) => string {
  const uses = new Map<string, string[]>();
  const use = (name: string | undefined, pointer: string) => {
    if (name === undefined) return;
    const pointers = uses.get(name);
    if (pointers === undefined) uses.set(name, [pointer]);
    else pointers.push(pointer);
  };
  for (const axis of ["build", "host", "target"] as const) {
    document[axis]?.forEach((name, i) => use(name, `/${axis}/${i}`));
  }
  // Defined platforms are checked even when unused, so a broken definition can't lie in wait.
  for (const name of Object.keys(document.platforms ?? {})) use(name, `/platforms/${name}`);
  // Exclude values need no elaborating: one that is not an axis value is reported as such.
  document.include?.forEach((entry, i) => {
    for (const axis of ["build", "host", "target"] as const) use(entry[axis], `/include/${i}/${axis}`);
  });
  const keys = new Map<string, string>();
  for (const [name, pointers] of uses) {
    const defined = document.platforms?.[name];
    try {
      keys.set(name, elaborate(defined ?? name).config);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      // A bad object is fixed where it is defined; a bad name where it is written.
      for (const pointer of defined === undefined ? pointers : [`/platforms/${name}`]) at(pointer, error.message);
    }
  }
  return (name) => keys.get(name) ?? name;
}

function baseSettings(defaults: SettingsDocument, at: (pointer: string, message: string) => void): Settings {
  checkTimeout(defaults.timeout, "/defaults/timeout", at);
  return {
    timeout: defaults.timeout ?? builtinDefaults.timeout,
    checks: normalizeChecks(defaults.checks ?? builtinDefaults.checks),
    closureGrowth: defaults.closureGrowth ?? builtinDefaults.closureGrowth,
    rerunChecks: defaults.rerunChecks ?? [],
    expectation: { kind: "pass" },
  };
}

/** Every check needs the build; listing it is optional, and checks run in checkNames' order. */
function normalizeChecks(checks: readonly Check[]): Check[] {
  return checkNames.filter((check) => check === "build" || checks.includes(check));
}

function checkTimeout(timeout: string | undefined, pointer: string, at: (pointer: string, message: string) => void) {
  if (timeout !== undefined && parseDuration(timeout) === 0) {
    at(pointer, `${readablePath(pointer)}: expected a timeout longer than zero; got "${timeout}"`);
  }
}

function product(document: MatrixDocument, settings: Settings): Draft[] {
  const drafts: Draft[] = [];
  document.package.forEach((packageName, p) => {
    for (const build of document.build) {
      for (const host of document.host) {
        for (const target of document.target ?? [host]) {
          drafts.push({ package: packageName, build, host, target, settings, canadianAllowed: false, origin: `/package/${p}` });
        }
      }
    }
  });
  return drafts;
}

function matches(entry: AxisValues, draft: Draft): boolean {
  return (
    (entry.package === undefined || entry.package === draft.package) &&
    (entry.build === undefined || entry.build === draft.build) &&
    (entry.host === undefined || entry.host === draft.host) &&
    (entry.target === undefined || entry.target === draft.target)
  );
}

/**
 * Removes the combinations matching every value of some exclude entry. An entry that matches
 * nothing is an error: it is almost always a misspelled value, which would otherwise silently
 * leave the cells it meant to remove in the matrix.
 */
function applyExcludes(
  document: MatrixDocument,
  drafts: Draft[],
  at: (pointer: string, message: string) => void,
): Draft[] {
  const excludes = document.exclude ?? [];
  if (excludes.length === 0) return drafts;
  const used = new Array<boolean>(excludes.length).fill(false);
  const kept = drafts.filter((draft) => {
    let keep = true;
    excludes.forEach((entry, i) => {
      if (matches(entry, draft)) {
        used[i] = true;
        keep = false;
      }
    });
    return keep;
  });
  const axisValues = {
    build: document.build,
    host: document.host,
    target: document.target ?? document.host,
    package: document.package,
  };
  excludes.forEach((entry, i) => {
    if (used[i] === true) return;
    const strangers = axisNames.filter((axis) => entry[axis] !== undefined && !axisValues[axis].includes(entry[axis]));
    if (strangers.length === 0) {
      // Every combination of axis values is in the product, except a host and a different
      // target when there is no target axis (each cell's target is then its host).
      at(`/exclude/${i}`, `exclude[${i}] matches no cell: without a target axis, a cell's target is its host`);
    }
    for (const axis of strangers) {
      const value = entry[axis] as string;
      at(
        `/exclude/${i}/${axis}`,
        `exclude[${i}] matches no cell: "${value}" is not one of the matrix's ${axis} values ` +
          `(${axisValues[axis].join(", ")})${didYouMean(value, axisValues[axis])}`,
      );
    }
  });
  return kept;
}

/**
 * Applies include entries in order, as CI matrices do: an entry extends every cell (including
 * ones added by earlier entries) that matches all its axis values, and adds a new cell when
 * none does. Later entries override earlier ones. Returns the added cells.
 */
function applyIncludes(
  document: MatrixDocument,
  existing: Draft[],
  base: Settings,
  source: YamlSource,
  isCanadian: (draft: Draft) => boolean,
  at: (pointer: string, message: string, key?: boolean) => void,
): Draft[] {
  const added: Draft[] = [];
  (document.include ?? []).forEach((entry, i) => {
    const pointer = `/include/${i}`;
    const overrides = includeSettings(entry, pointer, source, at);
    const matched = existing.filter((draft) => matches(entry, draft)).concat(added.filter((draft) => matches(entry, draft)));
    if (matched.length === 0) {
      const draft = newCell(document, entry, i, base, at);
      if (draft === undefined) return;
      added.push(draft);
      matched.push(draft);
    }
    for (const draft of matched) {
      draft.settings = { ...draft.settings, ...overrides };
      if (entry.canadian === true) draft.canadianAllowed = true;
    }
    if (entry.canadian === true && !matched.some(isCanadian)) {
      at(`${pointer}/canadian`, `"canadian: true" but no cell of this entry is a Canadian cross (build, host and target all differ)`);
    }
  });
  return added;
}

function includeSettings(
  entry: IncludeDocument,
  pointer: string,
  source: YamlSource,
  at: (pointer: string, message: string) => void,
): Partial<Settings> {
  checkTimeout(entry.timeout, `${pointer}/timeout`, at);
  const overrides: Partial<Settings> = {};
  if (entry.timeout !== undefined) overrides.timeout = entry.timeout;
  if (entry.checks !== undefined) overrides.checks = normalizeChecks(entry.checks);
  if (entry.closureGrowth !== undefined) overrides.closureGrowth = entry.closureGrowth;
  if (entry.rerunChecks !== undefined) overrides.rerunChecks = entry.rerunChecks;
  if (entry.broken !== undefined) {
    const { reason, until, category } = entry.broken;
    if (until !== undefined && !isCalendarDate(until)) at(`${pointer}/broken/until`, `${readablePath(`${pointer}/broken/until`)}: expected a real date; got "${until}"`);
    if (category !== undefined && !categoryIds.includes(category)) {
      at(`${pointer}/broken/category`, `${readablePath(`${pointer}/broken/category`)}: unknown failure category "${category}"${didYouMean(category, categoryIds) || ` (expected one of: ${categoryIds.join(", ")})`}`);
    }
    overrides.expectation = { kind: "broken", reason, until, category, at: formatLocation(source.locate(`${pointer}/broken`, { key: true })) };
  }
  return overrides;
}

/**
 * The cell an include entry adds when it matches none. An axis the entry leaves out is taken
 * from the matrix when that axis has a single value (typically the one build platform);
 * the target, as everywhere, defaults to the host.
 */
function newCell(
  document: MatrixDocument,
  entry: IncludeDocument,
  index: number,
  settings: Settings,
  at: (pointer: string, message: string) => void,
): Draft | undefined {
  const pointer = `/include/${index}`;
  const axes = { ...document, target: document.target ?? [] };
  const missing = axisNames.filter((axis) => {
    if (entry[axis] !== undefined || axes[axis].length === 1) return false;
    // Without a target axis every cell's target is its host, so a new cell needn't say it.
    return !(axis === "target" && document.target === undefined);
  });
  for (const axis of missing) {
    at(
      pointer,
      `include[${index}] matches no cell, so it adds one, but it doesn't say which ${axis}: ` +
        `the matrix has ${axes[axis].length} (${axes[axis].join(", ")})`,
    );
  }
  if (missing.length > 0) return undefined;
  const pick = (axis: (typeof axisNames)[number]) => (entry[axis] ?? axes[axis][0]) as string;
  const host = pick("host");
  const target = entry.target ?? document.target?.[0] ?? host;
  return { package: pick("package"), build: pick("build"), host, target, settings, canadianAllowed: false, origin: pointer };
}
