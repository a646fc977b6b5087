import { distance } from "fastest-levenshtein";

/**
 * The known names closest to what the user typed, at most `limit`. With `onlyNear`, only
 * names within a third of the longer name's length count, so a typo in one component gets
 * a hint and nonsense gets none; without it the nearest names are offered whatever their
 * distance, for pointing someone lost at what exists.
 */
export function closestNames(typed: string, known: Iterable<string>, { limit = 3, onlyNear = true } = {}): string[] {
  const scored: { name: string; score: number }[] = [];
  for (const name of new Set(known)) {
    const score = distance(typed, name);
    if (!onlyNear || score <= Math.max(2, Math.ceil(Math.max(typed.length, name.length) / 3))) {
      scored.push({ name, score });
    }
  }
  scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
  return scored.slice(0, limit).map((s) => s.name);
}

export function didYouMean(typed: string, known: Iterable<string>): string {
  const names = closestNames(typed, known);
  return names.length === 0 ? "" : ` (did you mean ${names.map((n) => `'${n}'`).join(", ")}?)`;
}
