import { cluceneCoreWith, type CluceneCoreArgs } from "./clucene-core.ts";

/** clucene-core configured by a naive cmake cross build, without the try_run results: cmake
 * stops at its first CHECK_CXX_SOURCE_RUNS. A known-broken cell. */
export default function cluceneCoreUnfixed(args: CluceneCoreArgs) {
  return cluceneCoreWith(args, { fixCross: false });
}
