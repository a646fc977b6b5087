/**
 * Debian version numbers (Debian Policy 5.6.12): `[epoch:]upstream[-revision]`, compared as
 * dpkg compares them (lib/dpkg/version.c), and the upstream part as a recipe's version.
 */

export interface DebianVersion {
  epoch: number;
  upstream: string;
  revision: string;
}

export function parseVersion(version: string): DebianVersion {
  const colon = version.indexOf(":");
  const epoch = colon > 0 && /^\d+$/.test(version.slice(0, colon)) ? Number(version.slice(0, colon)) : 0;
  const rest = colon > 0 ? version.slice(colon + 1) : version;
  const dash = rest.lastIndexOf("-");
  return dash > 0 ? { epoch, upstream: rest.slice(0, dash), revision: rest.slice(dash + 1) } : { epoch, upstream: rest, revision: "" };
}

/** dpkg's order of a character in the non-digit part: `~` first (before even the end), then the end, letters, the rest. */
function order(c: string | undefined): number {
  if (c === undefined) return 0;
  if (c === "~") return -1;
  if (/[A-Za-z]/.test(c)) return c.charCodeAt(0);
  return c.charCodeAt(0) + 256;
}

/** dpkg's verrevcmp: alternating non-digit and digit runs. */
function compareParts(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let first = 0;
    while ((i < a.length && !/\d/.test(a[i]!)) || (j < b.length && !/\d/.test(b[j]!))) {
      const ac = i < a.length && !/\d/.test(a[i]!) ? a[i] : undefined;
      const bc = j < b.length && !/\d/.test(b[j]!) ? b[j] : undefined;
      const diff = order(ac) - order(bc);
      if (diff !== 0) return diff;
      i++;
      j++;
    }
    while (a[i] === "0") i++;
    while (b[j] === "0") j++;
    while (i < a.length && /\d/.test(a[i]!) && j < b.length && /\d/.test(b[j]!)) {
      if (first === 0) first = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (i < a.length && /\d/.test(a[i]!)) return 1;
    if (j < b.length && /\d/.test(b[j]!)) return -1;
    if (first !== 0) return first;
  }
  return 0;
}

/** Negative, zero or positive, as dpkg --compare-versions orders `a` and `b`. */
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (x.epoch !== y.epoch) return x.epoch - y.epoch;
  return compareParts(x.upstream, y.upstream) || compareParts(x.revision, y.revision);
}

/** The version without its epoch: how it appears in the archive's file names (`libogg_1.3.5-3.dsc`). */
export function withoutEpoch(version: string): string {
  const colon = version.indexOf(":");
  return colon > 0 && /^\d+$/.test(version.slice(0, colon)) ? version.slice(colon + 1) : version;
}

/**
 * The upstream version a recipe calls its version: Debian's repack marks taken off
 * (`1.2.13.dfsg` → `1.2.13`, `1.19+dfsg` → `1.19`, `2.3+ds1` → `2.3`), as Nixpkgs names them.
 */
export function recipeVersion(version: string): string {
  return parseVersion(version).upstream.replace(/[.+~](dfsg|ds|repack|debian)\d*(\.\d+)?$/i, "");
}
