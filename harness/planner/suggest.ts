import { distance } from "fastest-levenshtein";

/** Up to three known names close to a mistyped one, best first. */
export function closeNames(wanted: string, known: Iterable<string>): string[] {
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  return [...known]
    .map((name) => ({ name, d: distance(wanted.toLowerCase(), name.toLowerCase()) }))
    .filter(({ d }) => d <= limit)
    .sort((a, b) => a.d - b.d || a.name.localeCompare(b.name))
    .slice(0, 3)
    .map(({ name }) => name);
}
