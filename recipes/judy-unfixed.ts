import { judyWith, type JudyArgs } from "./judy.ts";

/** judy without its cross fix: the table generators and jhton are built with the host compiler
 * and run on the build machine. Kept as a known-broken cell (host binary run at build time). */
export default function judyUnfixed(args: JudyArgs) {
  return judyWith(args, { fixCross: false });
}
