/**
 * The values of a cell's settings as the matrix writes them (strings a person reads easily)
 * turned into what the harness computes with. The schema has already checked their shape.
 */

const durationPattern = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** "1h30m" → 5400000; "20m" → 1200000. */
export function parseDuration(text: string): number {
  const [, hours = "0", minutes = "0", seconds = "0"] = durationPattern.exec(text) ?? [];
  return ((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000;
}

/** "10%" → 0.1. */
export function parsePercent(text: string): number {
  return Number(text.slice(0, -1)) / 100;
}

/** Whether "YYYY-MM-DD" names a day that exists (the schema only checks the digits). */
export function isCalendarDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}
