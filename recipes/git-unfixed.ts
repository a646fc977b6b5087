import { gitWith, type GitArgs } from "./git.ts";

/**
 * git built with curl the naive way: every other cross flag given, but the link flags left to
 * `curl-config`, which a cross build does not have. A known-broken cell.
 */
export default function gitUnfixed(args: GitArgs) {
  return gitWith(args, { fixCurl: false });
}
