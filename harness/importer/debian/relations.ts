/**
 * Debian's relationship fields (Debian Policy 7.1, and the build profiles of BuildProfileSpec):
 * `Build-Depends: debhelper-compat (= 13), libfoo-dev (>= 1.2) [!hurd-any] <!nocheck>,
 * pkgconf | pkg-config, python3:native`. A field is a list of entries, each one or more
 * alternatives.
 */

export interface Relation {
  name: string;
  /** `:native`, `:any` or an architecture after the name; null without. */
  archQualifier: string | null;
  version: { op: string; version: string } | null;
  /** The architecture restriction (`[linux-any]`, `[!hurd-i386 !kfreebsd-any]`), null without. */
  architectures: string[] | null;
  /** The build-profile restriction: groups (`<a b> <c>` is (a and b) or c), each of terms, `!x` negated. */
  profiles: string[][];
  /** As written, for comments. */
  text: string;
}

/** One alternative: `name[:qual] [(op version)] [[archs]] [<profiles>]...` */
function parseRelation(text: string): Relation | null {
  const m = /^([a-z0-9][a-z0-9+.-]*)(?::([a-z0-9-]+))?\s*(?:\(\s*(<<|<=|=|>=|>>|<|>)\s*([^)\s]+)\s*\))?\s*(?:\[([^\]]*)\])?\s*((?:<[^>]*>\s*)*)$/i.exec(text.trim());
  if (m === null) return null;
  const profiles = [...(m[6] ?? "").matchAll(/<([^>]*)>/g)].map((g) => g[1]!.trim().split(/\s+/).filter(Boolean));
  return {
    name: m[1]!,
    archQualifier: m[2] ?? null,
    version: m[3] === undefined ? null : { op: m[3], version: m[4]! },
    architectures: m[5] === undefined ? null : m[5].trim().split(/\s+/).filter(Boolean),
    profiles,
    text: text.trim().replace(/\s+/g, " "),
  };
}

/** A relationship field: each entry's alternatives. Unreadable entries are left out (returned in `unread`). */
export function parseRelations(field: string): { entries: Relation[][]; unread: string[] } {
  const entries: Relation[][] = [];
  const unread: string[] = [];
  for (const entry of field.replace(/\n/g, " ").split(",")) {
    if (entry.trim() === "") continue;
    const alternatives = entry.split("|").map(parseRelation);
    if (alternatives.some((a) => a === null)) unread.push(entry.trim());
    else entries.push(alternatives as Relation[]);
  }
  return { entries, unread };
}

/** Whether a relation applies with these build profiles active (none: a plain build). */
export function profilesAllow(relation: Relation, active: ReadonlySet<string>): boolean {
  if (relation.profiles.length === 0) return true;
  return relation.profiles.some((group) => group.every((term) => (term.startsWith("!") ? !active.has(term.slice(1)) : active.has(term))));
}

/** Operating systems other than Linux in Debian's architecture wildcards (`hurd-any`, `kfreebsd-amd64`). */
const otherSystems = /^(hurd|kfreebsd|knetbsd|kopensolaris|darwin|freebsd|netbsd|openbsd|solaris|uclinux|mint)(-|$)/;

/**
 * What an architecture restriction means for a Linux build of any CPU: `always` (none, `any`,
 * `linux-any`, or only other systems excluded), `never` (Linux excluded), or `some` (only some
 * CPUs: which is for a reviewer to turn into a platform condition).
 */
export function linuxArchitectures(relation: Relation): "always" | "never" | "some" {
  const list = relation.architectures;
  if (list === null || list.length === 0) return "always";
  const negated = list.every((a) => a.startsWith("!"));
  const names = list.map((a) => a.replace(/^!/, ""));
  const linuxWide = (a: string) => a === "any" || a === "linux-any" || a === "any-any";
  if (negated) {
    if (names.some(linuxWide)) return "never";
    return names.every((a) => otherSystems.test(a)) ? "always" : "some";
  }
  if (names.some(linuxWide)) return "always";
  return names.every((a) => otherSystems.test(a)) ? "never" : "some";
}
