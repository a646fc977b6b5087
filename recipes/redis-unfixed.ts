import { redisWith, type RedisArgs } from "./redis.ts";

/** redis without its cross fix: the Makefiles' bare `ar`/`ranlib` and the vendored jemalloc,
 * configured without --host. Kept as a known-broken cell. */
export default function redisUnfixed(args: RedisArgs) {
  return redisWith(args, { fixCross: false });
}
