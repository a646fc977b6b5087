import { libvpxWith, type LibvpxArgs } from "./libvpx.ts";

/** libvpx configured like an autoconf package (--build/--host, no --target): its hand-written
 * configure refuses. A known-broken cell. */
export default function libvpxUnfixed(args: LibvpxArgs) {
  return libvpxWith(args, { fixCross: false });
}
