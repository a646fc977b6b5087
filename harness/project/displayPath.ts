import { isAbsolute, relative } from "node:path";

/** A path as the user would type it from the working directory: relative when it is below it. */
export function displayPath(path: string): string {
  if (!isAbsolute(path)) return path;
  const rel = relative(process.cwd(), path);
  return rel === "" ? "." : rel.startsWith("..") || isAbsolute(rel) ? path : rel;
}
