import { lstat, readlink } from "node:fs/promises";
import { join } from "node:path";
import { STORE_DIR, type StoreObject } from "./storeObject.ts";

/**
 * Where a symlink of an output leads on the device: to an existing file (or directory) of a
 * store path the link may reach, the output's own or a dependency's (`path` relative to it,
 * `""` for its top); nowhere (`missing`, the absolute path that does not exist); round in
 * circles (`loop`, closed at the absolute path of the link met again); or `outside` every
 * store path it may reach: the absolute path it names there, as written from that point on.
 */
export type LinkEnd =
  | { kind: "found"; id: string; path: string }
  | { kind: "missing"; path: string }
  | { kind: "loop"; at: string }
  | { kind: "outside"; path: string };

/** A store path a link may reach, and the directory that holds it on this machine. */
export interface StoreLocation {
  object: StoreObject;
  directory: string;
}

/** The output and its dependencies, by store name (`<id>-<name>`, as a path in the store names them). */
export type Reachable = ReadonlyMap<string, StoreLocation>;

/** Linux gives up a lookup after 40 links (MAXSYMLINKS); so does this. */
const MAX_LINKS = 40;

const storeParts = STORE_DIR.split("/").filter((p) => p !== "");

const partsOf = (path: string): string[] => path.split("/").filter((p) => p !== "" && p !== ".");
const absolute = (parts: readonly string[]): string => `/${parts.join("/")}`;

/** The store path an absolute path (as parts) lies in, and where in it; `above` for `/`, `/crosscheck` and the store directory itself. */
function locate(reachable: Reachable, parts: readonly string[]): { location: StoreLocation; rest: string[] } | "above" | undefined {
  const n = storeParts.length;
  if (!storeParts.slice(0, parts.length).every((p, i) => p === parts[i])) return undefined;
  if (parts.length <= n) return "above";
  const location = reachable.get(parts[n]!);
  return location === undefined ? undefined : { location, rest: parts.slice(n + 1) };
}

/**
 * Resolves the link at `link` (an absolute path in the store) to `target`, one path component at
 * a time as the kernel does, but against the store layout: each component is looked at with
 * lstat on this machine only while it lies in a store path the link may reach, and a link met on
 * the way is read (readlink) and spliced in, never followed by the file system. So nothing
 * outside the output and its dependencies is ever looked at, and no file is opened: a link to
 * /etc/shadow ends `outside` without the build machine's /etc being touched.
 */
export async function resolveLink(reachable: Reachable, link: string, target: string): Promise<LinkEnd> {
  let done = target.startsWith("/") ? [] : partsOf(link).slice(0, -1);
  let todo = partsOf(target);
  const followed = new Set([link]);
  for (let part = todo.shift(); part !== undefined; part = todo.shift()) {
    if (part === "..") {
      done.pop();
      continue;
    }
    done.push(part);
    const at = locate(reachable, done);
    if (at === undefined) return { kind: "outside", path: absolute([...done, ...todo]) };
    // The store's own directories and a store path's top exist: the output was built there.
    if (at === "above" || at.rest.length === 0) continue;
    const onDisk = join(at.location.directory, ...at.rest);
    const stats = await lstat(onDisk).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT" || error.code === "ENOTDIR") return undefined;
      throw error;
    });
    if (stats === undefined) return { kind: "missing", path: absolute([...done, ...todo]) };
    if (!stats.isSymbolicLink()) continue;
    const here = absolute(done);
    if (followed.has(here) || followed.size > MAX_LINKS) return { kind: "loop", at: here };
    followed.add(here);
    const next = await readlink(onDisk);
    done = next.startsWith("/") ? [] : done.slice(0, -1);
    todo = [...partsOf(next), ...todo];
  }
  const end = locate(reachable, done);
  if (end === undefined || end === "above") return { kind: "outside", path: absolute(done) };
  return { kind: "found", id: end.location.object.id, path: end.rest.join("/") };
}
