import { searchedPathName, underSearchedPath } from "./buildMachinePaths.ts";
import type { ScanGraph } from "./closure.ts";
import type { Finding, FindingKind } from "./contamination.ts";
import type { SymlinkScan } from "./scanOutput.ts";
import { withPlaceholders } from "./snapshot.ts";
import { outputName, STORE_DIR, storePath, type StoreObject } from "./storeObject.ts";

/** The recipe's `allowedSymlinks` as its plan node's attrs carry it: a link's path in the output → why it may point outside. */
export interface SymlinkAllowances {
  allowedSymlinks?: Readonly<Record<string, string>>;
}

/** A link that would be a finding, allowed by the recipe: the report shows it with the reason. */
export interface AllowedLink {
  output: string;
  file: string;
  target: string;
  reason: string;
}

/**
 * Nixpkgs' noBrokenSymlinks, and stricter, as a device sees the output: every link must lead to
 * an existing file of the output or of a dependency. One that dangles, leads back to itself,
 * or leads anywhere else (an absolute path outside the store, `..` out of it, a store path the
 * output does not depend on) is a finding: a build machine path when it is one of those searched
 * for (the build directory, the toolchain's directories), a broken link otherwise. A link the
 * recipe allows is no finding, but is named with the recipe's reason.
 */
export function checkSymlinks(outputId: string, graph: ScanGraph, allowances: SymlinkAllowances): { findings: Finding[]; allowed: AllowedLink[] } {
  const scan = graph.get(outputId);
  if (scan === undefined) throw new Error(`no scan for output ${outputId}`);
  const known = new Map([...graph.values()].map((s): [string, StoreObject] => [s.object.id, s.object]));
  const findings: Finding[] = [];
  const allowed: AllowedLink[] = [];
  for (const link of scan.symlinks ?? []) {
    const problem = judge(link, `${storePath(scan.object)}/${link.path}`, scan.searchedPaths, (path) => withPlaceholders(path, known));
    if (problem === undefined) continue;
    const reason = allowances.allowedSymlinks?.[link.path];
    if (reason !== undefined) allowed.push({ output: outputName(scan.object), file: link.path, target: link.target, reason });
    else findings.push({ kind: problem.kind, output: outputName(scan.object), file: link.path, offset: 0, message: `is a symlink to ${link.target}, ${problem.why}` });
  }
  return { findings, allowed };
}

function judge(link: SymlinkScan, at: string, searched: readonly string[], shown: (path: string) => string): { kind: FindingKind; why: string } | undefined {
  const { end } = link;
  if (end.kind === "found") return undefined;
  if (end.kind === "missing") return { kind: "broken-symlink", why: `which dangles: ${shown(end.path)} does not exist` };
  if (end.kind === "loop") return { kind: "broken-symlink", why: end.at === at ? "which leads back to itself" : `which leads into a loop of links at ${shown(end.at)}` };
  const prefix = searched.find((p) => underSearchedPath(end.path, p)) ?? multiarchDirectory(end.path);
  if (prefix !== undefined) return { kind: "build-machine-path", why: `the build machine path ${end.path} (under ${searchedPathName(prefix)})` };
  if (end.path.startsWith(`${STORE_DIR}/`)) return { kind: "broken-symlink", why: `which leads to ${shown(end.path)}, in a store path this output does not depend on` };
  return { kind: "broken-symlink", why: link.target.startsWith("/") ? "a path outside the store" : `which climbs out of the store to ${end.path}` };
}

/**
 * Debian's multiarch library and header directories (`/usr/lib/x86_64-linux-gnu`): a link into
 * one is the build machine's library, whatever the device has there (Yocto's symlink-to-sysroot).
 * Only for links: as content, such a path is often a compiler's default search path (tcc's).
 */
function multiarchDirectory(path: string): string | undefined {
  return /^\/(?:usr\/)?(?:lib|include)\/[a-z0-9_]+-linux-gnu[a-z0-9_]*(?=\/|$)/.exec(path)?.[0];
}

export function renderAllowedLink(link: AllowedLink): string {
  return `allowed: ${link.output}: ${link.file} is a symlink to ${link.target}, which allowedSymlinks allows: ${link.reason}`;
}
