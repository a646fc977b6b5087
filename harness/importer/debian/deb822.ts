/**
 * Debian's control-file format (deb822): paragraphs of `Field: value` lines, a value continued
 * on lines that start with a space or tab, paragraphs separated by blank lines. What the
 * archive's Packages index, a `.dsc`, `debian/control` and `debian/copyright` are written in
 * (Debian Policy 5.1). A `.dsc` is clear-signed: its OpenPGP armor is taken off first.
 *
 * Written here rather than taken from npm: no deb822 parser there is kept up (the few are
 * years old and unused), and the format is a page of Policy.
 */

/** One paragraph: each field's value by its name in lower case (field names are case-insensitive). */
export type Paragraph = Record<string, string>;

/**
 * The text inside a clear-signed message (RFC 4880 7.1), its dash-escaped lines restored; any
 * other text as it is. The signature is not checked here.
 */
export function stripSignature(text: string): string {
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== "-----BEGIN PGP SIGNED MESSAGE-----") return text;
  let i = 1;
  while (i < lines.length && lines[i]!.trim() !== "") i++; // the armor headers (Hash: ...)
  const body: string[] = [];
  for (i++; i < lines.length && lines[i]!.trim() !== "-----BEGIN PGP SIGNATURE-----"; i++) {
    const line = lines[i]!;
    body.push(line.startsWith("- ") ? line.slice(2) : line);
  }
  return `${body.join("\n")}\n`;
}

/**
 * The paragraphs of a deb822 text. A multi-line value keeps its lines (each without its one
 * leading space; a line of only `.` is an empty line), the first line being what follows the
 * colon. Comment lines (`#` in the first column, allowed in debian/control) are skipped.
 * `only` keeps just those fields (lower case), for large indexes.
 */
export function parseParagraphs(text: string, only?: ReadonlySet<string>): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let current: Paragraph | null = null;
  let field: string | null = null;
  for (const raw of text.split("\n")) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.trim() === "") {
      if (current !== null) paragraphs.push(current);
      current = null;
      field = null;
      continue;
    }
    if (line.startsWith("#")) continue;
    if (line.startsWith(" ") || line.startsWith("\t")) {
      if (current === null || field === null) continue; // a continuation of a field we skip
      const rest = line.slice(1);
      current[field] += `\n${rest.trim() === "." ? "" : rest}`;
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) continue; // not a field: tolerated, as dpkg's parser warns and goes on
    const name = line.slice(0, colon).trim().toLowerCase();
    current ??= {};
    if (only !== undefined && !only.has(name)) {
      field = null;
      continue;
    }
    field = name;
    current[name] = line.slice(colon + 1).trim();
  }
  if (current !== null) paragraphs.push(current);
  return paragraphs.filter((p) => Object.keys(p).length > 0);
}

/** A field's value as one line: its lines joined by spaces (for relationship fields and lists). */
export function folded(value: string | undefined): string {
  return (value ?? "").split("\n").map((l) => l.trim()).filter(Boolean).join(" ");
}

/** The lines of a multi-line field after its first (`Checksums-Sha256`, `Files`), trimmed. */
export function fieldLines(value: string | undefined): string[] {
  return (value ?? "").split("\n").slice(1).map((l) => l.trim()).filter(Boolean);
}
