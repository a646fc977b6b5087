/**
 * Which catalog attribute a package of another distribution already is. Every source of
 * recipes names packages by an identity (`debian:libogg`: Debian's source package libogg); a
 * catalog package has the identity of its source (a `debian` source's package, a URL), read
 * from its plan, so a recipe written by hand is found as well as an imported one.
 */
import { Planner, type Catalog, type Source } from "../planner/index.ts";

/** A source's identity: `debian:<source package>`, `url:<url>`; null for inline and path sources. */
export function identityOfSource(src: Source): string | null {
  switch (src.kind) {
    case "debian":
      return `debian:${src.package}`;
    case "url":
      return `url:${src.url}`;
    default:
      return null;
  }
}

export interface CatalogIndex {
  /** Every attribute of the package set. */
  readonly attrs: ReadonlySet<string>;
  /** The attribute for an identity, null when the package set has none. */
  attrOf(identity: string): string | null;
  /** The identity of an attribute, null when unknown (a package without a pinned source, or one that doesn't plan). */
  identityOf(attr: string): string | null;
  /** Records an attribute written meanwhile (an import of several packages). */
  add(identity: string, attr: string): void;
}

/** The identity's own name (`libogg` of `debian:libogg`). */
const nameOf = (identity: string) => identity.slice(identity.indexOf(":") + 1);

/**
 * The catalog's identities, each package planned natively (planning calls the recipe, nothing
 * is built). Where several attributes share a source (`pkgconf` and `pkg-config`, `perl` and
 * `perl-mini`), the one named like the source wins, then one named like its pname, then the
 * shortest: the plain package rather than a variant of it.
 */
export function indexCatalog(catalog: Catalog, build = "x86_64-linux"): CatalogIndex {
  const planner = new Planner(catalog, build);
  const byAttr = new Map<string, string>();
  const candidates = new Map<string, { attr: string; pname: string }[]>();
  for (const attr of Object.keys(catalog)) {
    let identity: string | null = null;
    let pname = attr;
    try {
      const plan = planner.plan({ build, host: build, package: attr });
      const root = plan.nodes[plan.root]!;
      identity = identityOfSource(root.attrs.src);
      pname = root.pname;
    } catch {
      continue; // a package that doesn't plan natively is not what an import maps to
    }
    if (identity === null) continue;
    byAttr.set(attr, identity);
    if (!candidates.has(identity)) candidates.set(identity, []);
    candidates.get(identity)!.push({ attr, pname });
  }
  const byIdentity = new Map<string, string>();
  for (const [identity, list] of candidates) {
    const rank = (c: { attr: string; pname: string }) => [c.attr === nameOf(identity) ? 0 : 1, c.attr === c.pname ? 0 : 1, c.attr.length];
    list.sort((a, b) => {
      const [x, y] = [rank(a), rank(b)];
      for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
      return a.attr.localeCompare(b.attr);
    });
    byIdentity.set(identity, list[0]!.attr);
  }
  const attrs = new Set(Object.keys(catalog));
  return {
    attrs,
    attrOf: (identity) => byIdentity.get(identity) ?? null,
    identityOf: (attr) => byAttr.get(attr) ?? null,
    add(identity, attr) {
      attrs.add(attr);
      byAttr.set(attr, identity);
      byIdentity.set(identity, attr);
    },
  };
}
