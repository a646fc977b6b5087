/**
 * Which Debian mirror to use, taken from the machine's own apt configuration (never written
 * into the repository): the deb822 `.sources` files and the one-line `sources.list`. An
 * environment variable overrides it for machines whose apt points somewhere unsuitable.
 */
import { readFile, readdir } from "node:fs/promises";
import { UserError } from "../../userError.ts";

export interface AptSource {
  types: string[];
  uris: string[];
  suites: string[];
  components: string[];
  signedBy?: string;
}

export interface DebianMirror {
  /** The archive URI debootstrap fetches from (the one for the plain suite). */
  uri: string;
  /** A snapshot-archive timestamp when the URI pins one (…/archive/<name>/<stamp>/), e.g. "20250520T000000Z". */
  snapshot?: string;
  /** The sources for the suite, its -updates and -security, as the image's apt should see them. */
  sources: AptSource[];
}

/** Environment override: an archive URI for the suite (security updates are then not used). */
export const mirrorEnvVar = "CROSSCHECK_DEBIAN_MIRROR";

function parseDeb822(text: string): AptSource[] {
  const sources: AptSource[] = [];
  for (const stanza of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    let last: string | undefined;
    for (const line of stanza.split("\n")) {
      if (line.startsWith("#") || line.trim() === "") continue;
      if (/^\s/.test(line) && last) {
        fields.set(last, `${fields.get(last)} ${line.trim()}`);
        continue;
      }
      const m = line.match(/^([A-Za-z-]+):\s*(.*)$/);
      if (m?.[1] && m[2] !== undefined) fields.set((last = m[1].toLowerCase()), m[2].trim());
    }
    if (fields.get("enabled")?.toLowerCase() === "no") continue;
    const list = (k: string) => (fields.get(k) ?? "").split(/\s+/).filter(Boolean);
    const source: AptSource = { types: list("types"), uris: list("uris"), suites: list("suites"), components: list("components") };
    const signedBy = fields.get("signed-by");
    if (signedBy) source.signedBy = signedBy;
    if (source.uris.length > 0 && source.suites.length > 0) sources.push(source);
  }
  return sources;
}

function parseOneLine(text: string): AptSource[] {
  const sources: AptSource[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.replace(/#.*/, "").replace(/\[[^\]]*\]/, "").trim();
    const [type, uri, suite, ...components] = line.split(/\s+/);
    if ((type === "deb" || type === "deb-src") && uri && suite) sources.push({ types: [type], uris: [uri], suites: [suite], components });
  }
  return sources;
}

export async function machineAptSources(root = "/etc/apt"): Promise<AptSource[]> {
  const sources: AptSource[] = [];
  try {
    sources.push(...parseOneLine(await readFile(`${root}/sources.list`, "utf8")));
  } catch {
    // absent on deb822-only systems
  }
  let names: string[] = [];
  try {
    names = (await readdir(`${root}/sources.list.d`)).sort();
  } catch {
    // no directory: only sources.list
  }
  for (const name of names) {
    const text = await readFile(`${root}/sources.list.d/${name}`, "utf8");
    if (name.endsWith(".sources")) sources.push(...parseDeb822(text));
    else if (name.endsWith(".list")) sources.push(...parseOneLine(text));
  }
  return sources;
}

const snapshotOf = (uri: string) => uri.match(/\/(\d{8}T\d{6}Z)\/?$/)?.[1];

/** The mirror for `suite` (e.g. "bookworm"), with its -updates and -security companions. */
export async function debianMirror(suite: string): Promise<DebianMirror> {
  const override = process.env[mirrorEnvVar];
  if (override) {
    const mirror: DebianMirror = { uri: override, sources: [{ types: ["deb"], uris: [override], suites: [suite, `${suite}-updates`], components: ["main"] }] };
    const snapshot = snapshotOf(override);
    if (snapshot) mirror.snapshot = snapshot;
    return mirror;
  }
  const wanted = new Set([suite, `${suite}-updates`, `${suite}-security`]);
  const sources = (await machineAptSources())
    .filter((s) => s.types.includes("deb"))
    .map((s) => ({ ...s, types: ["deb"], suites: s.suites.filter((x) => wanted.has(x)) }))
    .filter((s) => s.suites.length > 0);
  const main = sources.find((s) => s.suites.includes(suite));
  const uri = main?.uris[0];
  if (!main || !uri) {
    throw new UserError(`the machine's apt sources have no 'deb' entry for ${suite}; set ${mirrorEnvVar} to a Debian archive URI`);
  }
  const mirror: DebianMirror = { uri, sources };
  const snapshot = snapshotOf(uri);
  if (snapshot) mirror.snapshot = snapshot;
  return mirror;
}

/**
 * The architectures the archive builds `suite` for, from its Release file's `Architectures:`
 * field (Debian 12's has no riscv64: that port joined in Debian 13); null when the Release file
 * can't be read, so that whoever asks lets debootstrap try and say why.
 */
export async function archiveArchitectures(suite: string): Promise<string[] | null> {
  const { uri } = await debianMirror(suite);
  try {
    const response = await fetch(`${uri.replace(/\/$/, "")}/dists/${suite}/Release`, { signal: AbortSignal.timeout(30_000) });
    if (!response.ok) return null;
    const field = (await response.text()).match(/^Architectures:(.*)$/m);
    return field === null ? null : field[1]!.trim().split(/\s+/);
  } catch {
    return null;
  }
}

/** The sources as a deb822 file, to install in images so their apt uses the same mirror. */
export function renderSources(sources: AptSource[]): string {
  return sources
    .map((s) =>
      [
        `Types: ${s.types.join(" ")}`,
        `URIs: ${s.uris.join(" ")}`,
        `Suites: ${s.suites.join(" ")}`,
        `Components: ${s.components.join(" ") || "main"}`,
        ...(s.signedBy ? [`Signed-By: ${s.signedBy}`] : []),
      ].join("\n"),
    )
    .join("\n\n")
    .concat("\n");
}
