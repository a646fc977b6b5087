/**
 * A cache of built derivations shared by many machines (the shards of a nightly run): a store
 * entry (output, log, build record, closure scan) is published after it is built and fetched
 * instead of building it when its build key matches. Behind one small interface, two kinds:
 * an OCI registry (`oci://HOST[:PORT]/NAMESPACE`, registryCache.ts), which every CI runner can
 * reach and which also holds the base and toolchain images, and a directory (local, or a
 * mounted network file system). S3 buckets are not offered: a registry does the same job
 * through an API every CI service already hosts.
 */
import { cp, mkdir, readFile, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { UserError } from "../../userError.ts";
import { storeWriteFault } from "../machine/infrastructureError.ts";
import { recordedOutputs, type BuildRecord } from "./localStore.ts";
import { parseRegistryLocation, type RegistryLocation } from "./ociRegistry.ts";
import { RegistryCache } from "./registryCache.ts";

export const sharedCacheEnvVar = "CROSSCHECK_SHARED_CACHE";

export interface SharedCache {
  /** Where it is, for messages. */
  readonly location: string;
  /** Copies the entry into the store if the cache has it built with this build key. */
  fetch(storeName: string, buildKey: string, store: string): Promise<boolean>;
  /** Copies a store entry into the cache (atomically: readers never see half of it). */
  publish(storeName: string, store: string): Promise<void>;
}

/** The files of one store entry besides its output directories (its log, each output's scan); the record is always last. */
const sidecars = (record: Pick<BuildRecord, "storeName" | "outputs">) => [`${record.storeName}.log`, ...recordedOutputs(record).map((o) => `${o}.closure.json`)];
const recordName = (storeName: string) => `${storeName}.build.json`;

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

export class DirectoryCache implements SharedCache {
  constructor(
    readonly location: string,
    /** Where warnings go; stderr by default. */
    private readonly warn: (message: string) => void = (message) => console.error(`warning: ${message}`),
  ) {}

  async fetch(storeName: string, buildKey: string, store: string): Promise<boolean> {
    const entry = join(this.location, storeName);
    let record: BuildRecord;
    try {
      record = JSON.parse(await readFile(join(entry, recordName(storeName)), "utf8")) as BuildRecord;
    } catch {
      return false;
    }
    if (record.buildKey !== buildKey) return false;
    for (const output of recordedOutputs(record)) {
      const partial = join(store, `.${output}.fetch-${process.pid}`);
      await rm(partial, { recursive: true, force: true });
      await cp(join(entry, output === storeName ? "out" : output), partial, { recursive: true, verbatimSymlinks: true });
      await rm(join(store, output), { recursive: true, force: true });
      await rename(partial, join(store, output));
    }
    for (const file of sidecars(record)) if (await exists(join(entry, file))) await cp(join(entry, file), join(store, file));
    await cp(join(entry, recordName(storeName)), join(store, recordName(storeName)));
    return true;
  }

  /** A cache that cannot take an entry (a full disk) costs the other machines a build, never this
   * cell: the build is in the local store. Warned once per entry, the half copy removed. */
  async publish(storeName: string, store: string): Promise<void> {
    const entry = join(this.location, storeName);
    const partial = join(this.location, `.${storeName}.publish-${process.pid}`);
    try {
      await mkdir(this.location, { recursive: true });
      await rm(partial, { recursive: true, force: true });
      const record = JSON.parse(await readFile(join(store, recordName(storeName)), "utf8")) as BuildRecord;
      for (const output of recordedOutputs(record)) await cp(join(store, output), join(partial, output === storeName ? "out" : output), { recursive: true, verbatimSymlinks: true });
      for (const file of [...sidecars(record), recordName(storeName)]) {
        if (await exists(join(store, file))) await cp(join(store, file), join(partial, file));
      }
      await rm(entry, { recursive: true, force: true });
      await rename(partial, entry);
    } catch (error) {
      const fault = await storeWriteFault(this.location, `could not publish ${storeName}`, error);
      await rm(partial, { recursive: true, force: true }).catch(() => undefined);
      this.warn(`the shared cache ${this.location} did not take ${storeName} (${fault instanceof Error ? fault.message : String(fault)}); it stays in the local store`);
    }
  }
}

/** The registry the shared cache is on, or undefined when it is a directory or not configured. */
export function cacheRegistry(env: NodeJS.ProcessEnv = process.env): RegistryLocation | undefined {
  const location = env[sharedCacheEnvVar];
  return location?.startsWith("oci://") ? parseRegistryLocation(location, sharedCacheEnvVar) : undefined;
}

const caches = new Map<string, SharedCache>();

/** The shared cache this run uses, if one is configured (one per process and setting: a
 * registry that was found down stays down for the rest of the run). */
export function sharedCache(env: NodeJS.ProcessEnv = process.env): SharedCache | null {
  const location = env[sharedCacheEnvVar];
  if (location === undefined || location === "") return null;
  const known = caches.get(location);
  if (known !== undefined) return known;
  const registry = cacheRegistry(env);
  let cache: SharedCache;
  if (registry !== undefined) cache = new RegistryCache(registry);
  else if (/^[a-z0-9+.-]+:\/\//i.test(location)) {
    throw new UserError(`${sharedCacheEnvVar}=${location}: a shared cache is an OCI registry (oci://HOST[:PORT]/NAMESPACE, e.g. oci://127.0.0.1:5000/crosscheck) or a directory; ${location.split(":")[0]}:// is not supported (S3 buckets are not: use a registry, or mount the bucket as a directory)`);
  } else cache = new DirectoryCache(location);
  caches.set(location, cache);
  return cache;
}
