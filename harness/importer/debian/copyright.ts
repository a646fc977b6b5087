/**
 * The license of the upstream work from `debian/copyright` in Debian's machine-readable format
 * (DEP-5, copyright-format 1.0): the `Files: *` paragraph's license, its Debian short names
 * turned into SPDX identifiers (`Expat` is `MIT`, `GPL-2+` is `GPL-2.0-or-later`). A file not
 * in that format names no license here (a reviewer reads it).
 */
import { parseParagraphs } from "./deb822.ts";

const spdx: Record<string, string> = {
  expat: "MIT",
  mit: "MIT",
  isc: "ISC",
  zlib: "Zlib",
  "bsd-2-clause": "BSD-2-Clause",
  "bsd-3-clause": "BSD-3-Clause",
  "bsd-4-clause": "BSD-4-Clause",
  "apache-2.0": "Apache-2.0",
  "mpl-1.1": "MPL-1.1",
  "mpl-2.0": "MPL-2.0",
  "cc0-1.0": "CC0-1.0",
  "artistic-2.0": "Artistic-2.0",
  "psf-2": "PSF-2.0",
  "python-2.0": "Python-2.0",
  "openssl": "OpenSSL",
  "curl": "curl",
  "libpng": "Libpng",
  "libpng-2.0": "libpng-2.0",
  "bsl-1.0": "BSL-1.0",
  "unicode-dfs-2016": "Unicode-DFS-2016",
  "x11": "X11",
  "ofl-1.1": "OFL-1.1",
  "wtfpl": "WTFPL",
};

/** One Debian short name as SPDX: `GPL-2+` → `GPL-2.0-or-later`, `LGPL-2.1` → `LGPL-2.1-only`; unknown names as they are. */
export function spdxOf(name: string): string {
  const trimmed = name.trim();
  const gnu = /^(A?GPL|LGPL|GFDL)-(\d(?:\.\d)?)(\+)?$/i.exec(trimmed);
  if (gnu !== null) {
    const version = gnu[2]!.includes(".") ? gnu[2]! : `${gnu[2]}.0`;
    return `${gnu[1]!.toUpperCase()}-${version}-${gnu[3] === "+" ? "or-later" : "only"}`;
  }
  return spdx[trimmed.toLowerCase()] ?? trimmed;
}

/** A DEP-5 license expression (`GPL-2+ or Artistic`, `LGPL-2.1+ and BSD-3-clause`) in SPDX's words. */
export function spdxExpression(expression: string): string {
  return expression
    .split(/\s+(or|and)\s+/i)
    .map((part, i) => (i % 2 === 1 ? part.toUpperCase() : spdxOf(part.replace(/,$/, ""))))
    .join(" ");
}

/** The upstream work's license (the `Files: *` paragraph's), SPDX-like, or null when the file is not DEP-5. */
export function upstreamLicense(copyright: string | undefined): string | null {
  if (copyright === undefined) return null;
  const paragraphs = parseParagraphs(copyright);
  if (!/copyright-format|dep5|DEP-5/i.test(paragraphs[0]?.["format"] ?? "")) return null;
  const all = paragraphs.find((p) => (p["files"] ?? "").split(/\s+/).includes("*"));
  const license = all?.["license"]?.split("\n")[0]?.trim();
  return license ? spdxExpression(license) : null;
}
