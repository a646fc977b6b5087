import { UserError } from "../userError.ts";
import { checkNames, defaultChecks, type Cell, type Check, type Expectation, type CellPlatform } from "./cell.ts";
import { cellId } from "./cellId.ts";
import { resolveChecks } from "./checkAliases.ts";
import { raiseHint } from "./limits.ts";
import { childPointer, readablePath } from "./pointer.ts";
import { formatLocation, maxListed, type Problem } from "./problem.ts";
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

/** What expansion is given besides the document. */
export interface ExpandOptions {
  elaborate: Elaborate;
  /** An elaborated platform's attribute names, for typos in a platform object's keys (`confg`). */
  platformAttributes: () => readonly string[];
  /** The most cells the matrix may have (limits.ts). */
  maxCells: number;
  /** The day a broken mark's `until` is compared with: a passed one is a warning. */
  today: Date;
}

/**
 * The longest timeout a cell may have: a week. Timers can't wait longer than 2^31 ms (24.8 days;
 * a longer one fires at once), and no cell needs more.
 */
export const maxTimeoutMs = 7 * 24 * 3600 * 1000;

/** What a cell gets when neither `defaults` nor an include entry says otherwise. */
const builtinDefaults = { timeout: "30m", checks: [...defaultChecks], closureGrowth: "10%" } as const;

interface Settings {
  timeout: string;
  checks: readonly Check[];
  closureGrowth: string;
  rerunChecks: readonly Check[];
  cleanOutputs: readonly string[] | null;
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
  options: ExpandOptions,
): { cells: Cell[]; problems: Problem[]; warnings: Problem[] } {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const at = (pointer: string, message: string, key = false) => problems.push(source.problemAt(pointer, message, { key }));
  const warn = (pointer: string, message: string) => warnings.push(source.problemAt(pointer, message));

  // Before anything is built: the product of the axes alone may be millions of cells.
  const tooMany = cellCountProblem(document, source, options.maxCells);
  if (tooMany !== undefined) return { cells: [], problems: [tooMany], warnings };

  const platformKey = platformKeys(document, options, at);
  const same = (a: string, b: string) => a === b || platformKey(a) === platformKey(b);
  const isCanadian = (d: Draft) => !same(d.build, d.host) && !same(d.host, d.target) && !same(d.build, d.target);

  const base = baseSettings(document.defaults ?? {}, at, warn);
  const drafts = product(document, base);
  const excluded = applyExcludes(document, drafts, at);
  const cells = excluded.concat(applyIncludes(document, excluded, base, source, isCanadian, at, warn, options));

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
      platform = { name, spec: definedPlatform(document, name) ?? name };
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
      rerunChecks: [...settings.rerunChecks],
      cleanOutputs: settings.cleanOutputs === null ? null : [...settings.cleanOutputs],
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
  return { cells: result, problems, warnings };
}

const axisWords = { package: ["package", "packages"], build: ["build", "builds"], host: ["host", "hosts"], target: ["target", "targets"] } as const;

/** The object `platforms` gives a name, if it gives one (a name like toString is no inherited property). */
function definedPlatform(document: MatrixDocument, name: string): Record<string, unknown> | undefined {
  return document.platforms !== undefined && Object.hasOwn(document.platforms, name) ? document.platforms[name] : undefined;
}

/**
 * The product of the axes over the cell limit, reported at the longest axis (the one to
 * shorten). Worked out from the axes' lengths, so a matrix of millions of cells costs nothing.
 */
export function cellCountProblem(document: MatrixDocument, source: YamlSource, maxCells: number): Problem | undefined {
  const lengths = { package: document.package.length, build: document.build.length, host: document.host.length, target: document.target?.length ?? 1 };
  const product = lengths.package * lengths.build * lengths.host * lengths.target;
  if (product <= maxCells) return undefined;
  const axes = axisNames.filter((axis) => axis !== "target" || document.target !== undefined);
  const factors = axes.map((axis) => `${lengths[axis].toLocaleString("en-US")} ${axisWords[axis][lengths[axis] === 1 ? 0 : 1]}`);
  const longest = axes.reduce((a, b) => (lengths[b] > lengths[a] ? b : a));
  return source.problemAt(
    `/${longest}`,
    `the matrix makes ${product.toLocaleString("en-US")} cells (${factors.join(" × ")}), over the limit of ` +
      `${maxCells.toLocaleString("en-US")} cells for a matrix; split it, or ${raiseHint("maxCells")}`,
    { key: true },
  );
}

/**
 * Elaborates every platform the matrix names, once per name, reporting unknown ones at each
 * place they are written (or at their definition under `platforms`). Returns each name's
 * identity, its config triple (a name that failed to elaborate stands for itself).
 */
function platformKeys(
  document: MatrixDocument,
  { elaborate, platformAttributes }: ExpandOptions,
  at: (pointer: string, message: string, key?: boolean) => void,
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
  let failed = 0;
  let unchecked = 0;
  let firstUnchecked: string | undefined;
  for (const [name, pointers] of uses) {
    const defined = definedPlatform(document, name);
    // A failed elaboration works out the closest known platforms; past the problems a
    // MatrixError lists, thousands of them would only take time.
    if (failed >= maxListed) {
      unchecked++;
      firstUnchecked ??= defined === undefined ? pointers[0] : `/platforms/${name}`;
      continue;
    }
    // Nixpkgs takes any attribute on a platform object, so only a near miss of a known one is an
    // error (`confg`); elaborating an object with one would only say what it lacks.
    if (defined !== undefined && misspelledAttributes(name, defined, platformAttributes, at)) {
      failed++;
      continue;
    }
    try {
      keys.set(name, elaborate(defined ?? name).config);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      failed++;
      // A bad object is fixed where it is defined; a bad name where it is written.
      for (const pointer of defined === undefined ? pointers : [`/platforms/${name}`]) at(pointer, error.message);
    }
  }
  if (firstUnchecked !== undefined) {
    at(firstUnchecked, `${unchecked.toLocaleString("en-US")} more platforms from here on are not checked, after ${failed} that are wrong: fix those first`);
  }
  return (name) => keys.get(name) ?? name;
}

function misspelledAttributes(
  name: string,
  object: Record<string, unknown>,
  platformAttributes: () => readonly string[],
  at: (pointer: string, message: string, key?: boolean) => void,
): boolean {
  const known = platformAttributes();
  let found = false;
  for (const key of Object.keys(object)) {
    if (known.includes(key)) continue;
    const hint = didYouMean(key, known);
    if (hint === "") continue;
    const pointer = childPointer(`/platforms/${name}`, key);
    at(pointer, `${readablePath(pointer).replace(/\.[^.]*$/, "")}: unknown platform attribute "${key}"${hint}`, true);
    found = true;
  }
  return found;
}

function baseSettings(defaults: SettingsDocument, at: (pointer: string, message: string) => void, warn: (pointer: string, message: string) => void): Settings {
  checkTimeout(defaults.timeout, "/defaults/timeout", at);
  return {
    timeout: defaults.timeout ?? builtinDefaults.timeout,
    checks: withBuild(resolveChecks(defaults.checks ?? builtinDefaults.checks, "/defaults/checks", warn)),
    closureGrowth: defaults.closureGrowth ?? builtinDefaults.closureGrowth,
    rerunChecks: resolveChecks(defaults.rerunChecks ?? [], "/defaults/rerunChecks", warn),
    cleanOutputs: defaults.cleanOutputs ?? null,
    expectation: { kind: "pass" },
  };
}

/** Every check needs the build, so listing it is optional. */
function withBuild(checks: readonly Check[]): Check[] {
  return checkNames.filter((check) => check === "build" || checks.includes(check));
}

function checkTimeout(timeout: string | undefined, pointer: string, at: (pointer: string, message: string) => void) {
  if (timeout === undefined) return;
  const ms = parseDuration(timeout);
  if (ms === 0) at(pointer, `${readablePath(pointer)}: expected a timeout longer than zero; got "${timeout}"`);
  if (ms > maxTimeoutMs) at(pointer, `${readablePath(pointer)}: expected a timeout of at most 168h (a week); got "${timeout}"`);
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

/** Which axes an entry gives values for, one bit per axis of axisNames. */
function maskOf(entry: AxisValues): number {
  let mask = 0;
  axisNames.forEach((axis, bit) => {
    if (entry[axis] !== undefined) mask |= 1 << bit;
  });
  return mask;
}

/** The values of the axes in `mask`, as one string (names never hold a space). */
function keyOf(values: AxisValues | Draft, mask: number): string {
  let key = "";
  axisNames.forEach((axis, bit) => {
    if ((mask & (1 << bit)) !== 0) key += `${values[axis] as string} `;
  });
  return key;
}

/**
 * Entries grouped by the axes they give and their values there: a cell matches exactly the
 * entries of the groups its own values make, one lookup per distinct set of axes (at most 16).
 * So matching costs no more per cell for ten thousand entries than for ten.
 */
class EntryIndex<Group> {
  private readonly groups = new Map<number, Map<string, Group>>();

  constructor(private readonly create: () => Group) {}

  /** The group of an entry, made when it is the first of its kind. */
  of(entry: AxisValues): Group {
    const mask = maskOf(entry);
    let byKey = this.groups.get(mask);
    if (byKey === undefined) this.groups.set(mask, (byKey = new Map()));
    const key = keyOf(entry, mask);
    let group = byKey.get(key);
    if (group === undefined) byKey.set(key, (group = this.create()));
    return group;
  }

  /** Every group whose entries match this cell. */
  *matching(draft: Draft): Generator<Group> {
    for (const [mask, byKey] of this.groups) {
      const group = byKey.get(keyOf(draft, mask));
      if (group !== undefined) yield group;
    }
  }
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
  const index = new EntryIndex(() => ({ used: false }));
  const groups = excludes.map((entry) => index.of(entry));
  const kept = drafts.filter((draft) => {
    let keep = true;
    for (const group of index.matching(draft)) {
      group.used = true;
      keep = false;
    }
    return keep;
  });
  const axisValues = {
    build: document.build,
    host: document.host,
    target: document.target ?? document.host,
    package: document.package,
  };
  const axisSets = Object.fromEntries(axisNames.map((axis) => [axis, new Set(axisValues[axis])])) as Record<(typeof axisNames)[number], Set<string>>;
  let suggested = 0;
  excludes.forEach((entry, i) => {
    if (groups[i]!.used) return;
    const strangers = axisNames.filter((axis) => entry[axis] !== undefined && !axisSets[axis].has(entry[axis]));
    if (strangers.length === 0) {
      // Every combination of axis values is in the product, except a host and a different
      // target when there is no target axis (each cell's target is then its host).
      at(`/exclude/${i}`, `exclude[${i}] matches no cell: without a target axis, a cell's target is its host`);
    }
    for (const axis of strangers) {
      const value = entry[axis] as string;
      const values = axisValues[axis];
      // Only the first problems are listed (MatrixError), so only they get the work of a suggestion.
      const hint = suggested++ < maxListed ? didYouMean(value, values) : "";
      const shown = values.length > 10 ? `${values.slice(0, 10).join(", ")}, and ${values.length - 10} more` : values.join(", ");
      at(`/exclude/${i}/${axis}`, `exclude[${i}] matches no cell: "${value}" is not one of the matrix's ${axis} values (${shown})${hint}`);
    }
  });
  return kept;
}

const settingNames = ["timeout", "checks", "closureGrowth", "rerunChecks", "cleanOutputs", "expectation"] as const;
type SettingName = (typeof settingNames)[number];
/** For each setting, no entry yet. */
const noEntries = (): Record<SettingName, number> => Object.fromEntries(settingNames.map((name) => [name, -1])) as Record<SettingName, number>;

/** What the include entries of one group do to the cells they match, and which cells those are. */
interface IncludeGroup {
  /** How many cells (so far) match. */
  cells: number;
  /** The earliest `origin` of a matching cell that is a Canadian cross (Infinity for none). */
  firstCanadian: number;
  /** For each setting, the last entry of the group that gives it (-1 for none). */
  lastSetting: Record<SettingName, number>;
  /** The last entry of the group saying canadian: true (-1 for none). */
  lastCanadian: number;
}

/**
 * Applies include entries in order, as CI matrices do: an entry extends every cell (including
 * ones added by earlier entries) that matches all its axis values, and adds a new cell when
 * none does. Later entries override earlier ones. Returns the added cells.
 *
 * Done in two passes, so that the work grows with the cells and the entries, not their product:
 * first which entries add a cell (an entry adds one when its group matches no cell yet); then
 * each cell's settings, each one from the last entry that matches the cell and gives it (for a
 * cell an entry added, only that entry and later ones count, as they were applied after it).
 */
function applyIncludes(
  document: MatrixDocument,
  existing: Draft[],
  base: Settings,
  source: YamlSource,
  isCanadian: (draft: Draft) => boolean,
  at: (pointer: string, message: string, key?: boolean) => void,
  warn: (pointer: string, message: string) => void,
  { maxCells, today }: ExpandOptions,
): Draft[] {
  const entries = document.include ?? [];
  if (entries.length === 0) return [];
  const index = new EntryIndex<IncludeGroup>(() => ({
    cells: 0,
    firstCanadian: Infinity,
    lastSetting: noEntries(),
    lastCanadian: -1,
  }));
  const groups = entries.map((entry, i) => {
    const group = index.of(entry);
    for (const name of settingNames) if (settingGiven(entry, name)) group.lastSetting[name] = i;
    if (entry.canadian === true) group.lastCanadian = i;
    return group;
  });
  /** Where each cell came from: -1 for the axes, else the include entry that added it. */
  const origins = new Map<Draft, number>();
  const count = (draft: Draft, origin: number) => {
    origins.set(draft, origin);
    const canadian = isCanadian(draft);
    for (const group of index.matching(draft)) {
      group.cells++;
      if (canadian && origin < group.firstCanadian) group.firstCanadian = origin;
    }
  };
  for (const draft of existing) count(draft, -1);

  const added: Draft[] = [];
  let overLimit = false;
  const overrides = entries.map((entry, i) => {
    const pointer = `/include/${i}`;
    const given = includeSettings(entry, pointer, source, at, warn, today);
    const group = groups[i]!;
    if (group.cells === 0) {
      if (existing.length + added.length >= maxCells) {
        if (!overLimit) at(pointer, `include[${i}] adds a cell past the limit of ${maxCells.toLocaleString("en-US")} cells for a matrix; ${raiseHint("maxCells")}`);
        overLimit = true;
        return given;
      }
      const draft = newCell(document, entry, i, base, at);
      if (draft !== undefined) {
        added.push(draft);
        count(draft, i);
      }
    }
    // The cells matched when this entry applies: those from the axes and from entries up to it.
    if (entry.canadian === true && group.cells > 0 && !(group.firstCanadian <= i)) {
      at(`${pointer}/canadian`, `"canadian: true" but no cell of this entry is a Canadian cross (build, host and target all differ)`);
    }
    return given;
  });

  // Cells given the same entries' settings share one Settings object, as untouched cells share the base.
  const shared = new Map<string, Settings>();
  for (const draft of [...existing, ...added]) {
    const origin = origins.get(draft)!;
    const winners = noEntries();
    let canadianAllowed = false;
    for (const group of index.matching(draft)) {
      for (const name of settingNames) if (group.lastSetting[name] >= origin && group.lastSetting[name] > winners[name]) winners[name] = group.lastSetting[name];
      if (group.lastCanadian >= origin) canadianAllowed = true;
    }
    const key = settingNames.map((name) => winners[name]).join(" ");
    let settings = shared.get(key);
    if (settings === undefined) {
      settings = { ...base };
      for (const name of settingNames) if (winners[name] >= 0) Object.assign(settings, { [name]: overrides[winners[name]]![name] });
      shared.set(key, settings);
    }
    draft.settings = settingNames.every((name) => winners[name] < 0) ? draft.settings : settings;
    if (canadianAllowed) draft.canadianAllowed = true;
  }
  return added;
}

/** Whether an include entry gives a setting (what includeSettings turns it into). */
function settingGiven(entry: IncludeDocument, name: SettingName): boolean {
  return name === "expectation" ? entry.broken !== undefined : entry[name] !== undefined;
}

function includeSettings(
  entry: IncludeDocument,
  pointer: string,
  source: YamlSource,
  at: (pointer: string, message: string) => void,
  warn: (pointer: string, message: string) => void,
  today: Date,
): Partial<Settings> {
  checkTimeout(entry.timeout, `${pointer}/timeout`, at);
  const overrides: Partial<Settings> = {};
  if (entry.timeout !== undefined) overrides.timeout = entry.timeout;
  if (entry.checks !== undefined) overrides.checks = withBuild(resolveChecks(entry.checks, `${pointer}/checks`, warn));
  if (entry.closureGrowth !== undefined) overrides.closureGrowth = entry.closureGrowth;
  if (entry.rerunChecks !== undefined) overrides.rerunChecks = resolveChecks(entry.rerunChecks, `${pointer}/rerunChecks`, warn);
  if (entry.cleanOutputs !== undefined) overrides.cleanOutputs = entry.cleanOutputs;
  if (entry.broken !== undefined) {
    const { reason, until, category } = entry.broken;
    const untilPointer = `${pointer}/broken/until`;
    if (until !== undefined && !isCalendarDate(until)) at(untilPointer, `${readablePath(untilPointer)}: expected a real date; got "${until}"`);
    // An expired mark is allowed (a cell's failure then counts again, as decideOutcome says), but
    // it is rarely meant: say so now rather than after a night's run.
    else if (until !== undefined && today.toISOString().slice(0, 10) > until) {
      warn(untilPointer, `${readablePath(untilPointer)}: the broken mark expired after ${until}, so its cells fail again if they fail; renew the date or remove the mark`);
    }
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
