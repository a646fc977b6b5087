/** How much of a failing phase's log to show inline: enough for the error and what led to it. */
export const tailLines = 80;

/** The last `n` lines of a log, without the trailing empty line a log usually ends with. */
export function logTail(log: string, n: number = tailLines): string {
  const lines = log.replace(/\n+$/, "").split("\n");
  const tail = lines.slice(-n);
  const skipped = lines.length - tail.length;
  return (skipped > 0 ? `[... ${skipped} earlier lines in the whole log ...]\n` : "") + tail.join("\n") + "\n";
}
