import { distance } from "fastest-levenshtein";

/**
 * The known names closest to what the user typed, best first, at most `limit`. Case is
 * ignored (`Host` finds `host`). With `onlyNear` (the default) only the names at the smallest
 * distance count, and only if that is a plausible typo (two edits, or a third of a longer word,
 * never more than three), so a typo gets one clear hint and nonsense gets none; without it the
 * nearest names are offered whatever their distance.
 */
export function closestNames(typed: string, known: Iterable<string>, { limit = 3, onlyNear = true } = {}): string[] {
  const scored = [...new Set(known)].map((name) => ({ name, score: distance(typed.toLowerCase(), name.toLowerCase()) }));
  scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
  const best = scored[0]?.score ?? Infinity;
  const near = Math.min(3, Math.max(2, Math.floor(typed.length / 3)));
  const kept = onlyNear ? scored.filter((s) => s.score === best && s.score <= near) : scored;
  return kept.slice(0, limit).map((s) => s.name);
}

/** `; did you mean 'a', 'b'?` when close names exist, otherwise nothing. */
export function didYouMean(typed: string, known: Iterable<string>, limit = 3): string {
  return didYouMeanOneOf(closestNames(typed, known, { limit }));
}

/** `; did you mean 'a', 'b'?` for suggestions found otherwise; nothing for none. */
export function didYouMeanOneOf(names: readonly string[]): string {
  return names.length === 0 ? "" : `; did you mean ${names.map((n) => `'${n}'`).join(", ")}?`;
}
