/**
 * The members of a static library (`ar` archive, `lib*.a`), as `ar t` and `ar p` give them:
 * what the equivalence check compares one object file at a time, since an archive's own bytes
 * (its index of member offsets, the members' sizes) move with any member. GNU's format: a
 * `!<arch>` magic, then each member behind a 60-byte header, `//` holding long names and `/` the
 * symbol index, which are not members.
 */
export const AR_MAGIC = Buffer.from("!<arch>\n", "latin1");

export interface ArMember {
  name: string;
  bytes: Buffer;
}

const HEADER = 60;

export function isArArchive(bytes: Buffer): boolean {
  return bytes.length >= AR_MAGIC.length && bytes.subarray(0, AR_MAGIC.length).equals(AR_MAGIC);
}

/** The members in order, or why the archive cannot be read (a fact about the output, not an error). */
export function readArArchive(bytes: Buffer): ArMember[] | { corrupt: string } {
  if (!isArArchive(bytes)) return { corrupt: "no ar magic" };
  const members: ArMember[] = [];
  let longNames: Buffer | null = null;
  let at = AR_MAGIC.length;
  while (at < bytes.length) {
    if (at + HEADER > bytes.length) return { corrupt: `member header at ${at} runs past the end (${bytes.length} bytes)` };
    const header = bytes.subarray(at, at + HEADER).toString("latin1");
    if (header.slice(58, 60) !== "`\n") return { corrupt: `member header at ${at} does not end with \`\\n` };
    const size = Number(header.slice(48, 58).trim());
    if (!Number.isSafeInteger(size) || size < 0 || at + HEADER + size > bytes.length) return { corrupt: `member at ${at} of size ${header.slice(48, 58).trim()} runs past the end` };
    const data = bytes.subarray(at + HEADER, at + HEADER + size);
    const rawName = header.slice(0, 16).trimEnd();
    if (rawName === "//") longNames = data;
    else if (rawName !== "/" && rawName !== "/SYM64/") {
      let name = rawName.replace(/\/$/, "");
      const long = rawName.match(/^\/(\d+)$/);
      if (long !== null) {
        if (longNames === null) return { corrupt: `member ${rawName} at ${at} names a long name, but there is no table of them` };
        const start = Number(long[1]);
        const end = longNames.indexOf("/\n", start, "latin1");
        name = longNames.toString("latin1", start, end === -1 ? longNames.length : end);
      }
      members.push({ name, bytes: data });
    }
    at += HEADER + size + (size % 2);
  }
  return members;
}
