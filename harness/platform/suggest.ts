import { distance } from "fastest-levenshtein";

/**
 * The known names closest to what the user typed, for "did you mean" hints: at most `limit`,
 * and only those within a third of the longer name's length, so nonsense gets no suggestion.
 */
export function closestNames(typed: string, known: Iterable<string>, limit = 3): string[] {
  const scored: { name: string; score: number }[] = [];
  for (const name of new Set(known)) {
    const score = distance(typed, name);
    if (score <= Math.max(2, Math.ceil(Math.max(typed.length, name.length) / 3))) scored.push({ name, score });
  }
  scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
  return scored.slice(0, limit).map((s) => s.name);
}

export function didYouMean(typed: string, known: Iterable<string>): string {
  const names = closestNames(typed, known);
  return names.length === 0 ? "" : ` (did you mean ${names.map((n) => `'${n}'`).join(", ")}?)`;
}
