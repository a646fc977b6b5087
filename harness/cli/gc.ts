/** `crosscheck gc [--older-than 30d] [--max-size 20G] [--dry-run]`: trims the local store, and the
 * source cache (its old 16-digit names, partial downloads, and with --older-than unused sources). */
import { collectGarbage, collectSourceGarbage } from "../engine/index.ts";
import { localStoreDir } from "../engine/index.ts";
import type { Invocation } from "./commands.ts";
import { UsageError } from "./usageError.ts";

/** A negative amount is its own mistake: say so rather than only what is expected. */
const notNegative = (text: string) => (text.startsWith("-") ? " (it can't be negative)" : "");

function parseAge(text: string): number {
  const m = /^(\d+)([smhd])$/.exec(text);
  if (m === null) throw new UsageError(`--older-than ${text}: expected a number and a unit s, m, h or d, like 30d${notNegative(text)}`);
  return Number(m[1]) * { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3 }[m[2] as "s" | "m" | "h" | "d"];
}

function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([KMGT]?)i?B?$/i.exec(text);
  if (m === null) throw new UsageError(`--max-size ${text}: expected a size like 20G or 500M${notNegative(text)}`);
  return Number(m[1]) * 1024 ** "BKMGT".indexOf((m[2] || "B").toUpperCase());
}

const human = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MiB`;

export async function gc({ values }: Invocation<"gc">): Promise<number> {
  const { "older-than": older, "max-size": max, "dry-run": dryRun } = values;
  if (older === undefined && max === undefined) throw new UsageError("say what to trim: --older-than and/or --max-size");
  const store = localStoreDir();
  const { removed, kept } = await collectGarbage(store, {
    ...(older !== undefined ? { olderThanMs: parseAge(older) } : {}),
    ...(max !== undefined ? { maxBytes: parseSize(max) } : {}),
    dryRun,
  });
  for (const e of removed) console.log(`${dryRun ? "would remove" : "removed"} ${e.storeName} (${human(e.bytes)}, last used ${e.lastUsed.toISOString()})`);
  const freed = removed.reduce((s, e) => s + e.bytes, 0);
  const left = kept.reduce((s, e) => s + e.bytes, 0);
  const sources = await collectSourceGarbage({ ...(older !== undefined ? { olderThanMs: parseAge(older) } : {}), dryRun });
  for (const a of sources) {
    const verb = a.action === "migrated" ? (dryRun ? "would rename" : "renamed") : dryRun ? "would remove" : "removed";
    console.log(`${verb} source ${a.name} (${human(a.bytes)}${a.action === "migrated" ? `) to ${a.to}` : `, ${a.reason})`}`);
  }
  console.log(`${store}: ${removed.length} entries (${human(freed)}) ${dryRun ? "would be " : ""}removed, ${kept.length} (${human(left)}) kept`);
  return 0;
}
