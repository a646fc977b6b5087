import { distance } from "fastest-levenshtein";

/**
 * The known word closest to a misspelled one, if it is close enough to be a plausible typo
 * (two edits, so a swapped pair like `hots` finds `host`, or a third of a longer word, never
 * more than three); case is ignored so `Host` finds `host`.
 */
export function closest(word: string, known: Iterable<string>): string | undefined {
  const limit = Math.min(3, Math.max(2, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = distance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/** "; did you mean "x"?" when a close word exists, otherwise nothing. */
export function didYouMean(word: string, known: Iterable<string>): string {
  const match = closest(word, known);
  return match === undefined ? "" : `; did you mean "${match}"?`;
}
