import { aprWith, type AprArgs } from "./apr.ts";

/** apr without the cache variables: configure refuses to cross compile. A known-broken cell. */
export default function aprUnfixed(args: AprArgs) {
  return aprWith(args, { fixCross: false });
}
