/** `crosscheck gc [--older-than 30d] [--max-size 20G] [--dry-run]`: trims the local store. */
import { parseArgs } from "node:util";
import { UserError } from "../userError.ts";
import { collectGarbage } from "../engine/gc.ts";
import { localStoreDir } from "../engine/localStore.ts";

const usage = "usage: crosscheck gc [--older-than AGE (e.g. 30d, 12h)] [--max-size SIZE (e.g. 20G, 500M)] [--dry-run]";

function parseAge(text: string): number {
  const m = /^(\d+)([smhd])$/.exec(text);
  if (m === null) throw new UserError(`--older-than ${text}: expected a number and a unit s, m, h or d, like 30d\n${usage}`);
  return Number(m[1]) * { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3 }[m[2] as "s" | "m" | "h" | "d"];
}

function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([KMGT]?)i?B?$/i.exec(text);
  if (m === null) throw new UserError(`--max-size ${text}: expected a size like 20G or 500M\n${usage}`);
  return Number(m[1]) * 1024 ** "BKMGT".indexOf((m[2] || "B").toUpperCase());
}

const human = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MiB`;

export async function gc(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { "older-than": { type: "string" }, "max-size": { type: "string" }, "dry-run": { type: "boolean" }, help: { type: "boolean", short: "h" } } });
  } catch (error) {
    throw new UserError(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
  if (parsed.values.help) {
    console.log(usage);
    return 0;
  }
  const older = parsed.values["older-than"];
  const max = parsed.values["max-size"];
  if (older === undefined && max === undefined) throw new UserError(`say what to trim: --older-than and/or --max-size\n${usage}`);
  const store = localStoreDir();
  const { removed, kept } = await collectGarbage(store, {
    ...(older !== undefined ? { olderThanMs: parseAge(older) } : {}),
    ...(max !== undefined ? { maxBytes: parseSize(max) } : {}),
    dryRun: parsed.values["dry-run"] === true,
  });
  for (const e of removed) console.log(`${parsed.values["dry-run"] ? "would remove" : "removed"} ${e.storeName} (${human(e.bytes)}, last used ${e.lastUsed.toISOString()})`);
  const freed = removed.reduce((s, e) => s + e.bytes, 0);
  const left = kept.reduce((s, e) => s + e.bytes, 0);
  console.log(`${store}: ${removed.length} entries (${human(freed)}) ${parsed.values["dry-run"] ? "would be " : ""}removed, ${kept.length} (${human(left)}) kept`);
  return 0;
}
