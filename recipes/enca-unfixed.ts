import { encaWith, type EncaArgs } from "./enca.ts";

/** enca without its cross fix: configure runs iconvcap and the build runs make_hash, both built
 * for the host. Kept as a known-broken cell (host binary run at build time). */
export default function encaUnfixed(args: EncaArgs) {
  return encaWith(args, { fixCross: false });
}
