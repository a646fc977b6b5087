/** The vendor component of a triple: a closed set, as in `lib.systems.parse.vendors`. */

export interface Vendor {
  readonly name: string;
}

export const vendors: Readonly<Record<string, Vendor>> = Object.freeze(
  Object.fromEntries(["apple", "pc", "knuth", "w64", "none", "unknown"].map((name) => [name, Object.freeze({ name })])),
);

export function lookupVendor(name: string): Vendor | undefined {
  return Object.hasOwn(vendors, name) ? vendors[name] : undefined;
}
