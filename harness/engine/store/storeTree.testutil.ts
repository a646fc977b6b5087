/** A directory as data, to compare store entries to the byte: each path's type, mode and content or link target. */
import { lstat, readFile, readdir, readlink } from "node:fs/promises";
import { join } from "node:path";

/** Every file under `dir` with its type, mode and content (or link target). */
export async function treeOf(dir: string, prefix = ""): Promise<Record<string, string>> {
  const tree: Record<string, string> = {};
  for (const name of (await readdir(join(dir, prefix))).sort()) {
    const path = join(prefix, name);
    const info = await lstat(join(dir, path));
    const mode = (info.mode & 0o7777).toString(8);
    if (info.isSymbolicLink()) tree[path] = `link ${await readlink(join(dir, path))}`;
    else if (info.isDirectory()) {
      tree[path] = `dir ${mode}`;
      Object.assign(tree, await treeOf(dir, path));
    } else tree[path] = `file ${mode} ${(await readFile(join(dir, path))).toString("base64")}`;
  }
  return tree;
}

