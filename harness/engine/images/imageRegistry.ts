/**
 * Base and toolchain images through the shared cache's registry, so a shard never builds an
 * image another machine built: `crosscheck/base:KEY` is `HOST/NAMESPACE/base:KEY` there (and
 * `crosscheck/toolchain:KEY` `…/toolchain:KEY`). The Docker engine pushes and pulls them itself
 * (its own layer store, its own resumable transfers), with the cache's credentials as the
 * request's X-Registry-Auth; the registry's tag is removed again after each transfer, so the
 * engine keeps one name per image. The distribution API is asked first whether the tag exists,
 * for a precise answer and one warning when the registry is gone; a refusal or a failed
 * transfer is a warning and the image is built here, never a failed cell.
 */
import type Dockerode from "dockerode";
import { engineClient } from "../machine/dockerEngine.ts";
import { RegistryCache } from "../store/registryCache.ts";
import { sharedCache } from "../store/sharedCache.ts";
import { registryCredentials } from "../store/registryCredentials.ts";

/** The registry cache this process uses for images, if the shared cache is one that answers. */
function imageCache(): RegistryCache | undefined {
  const cache = sharedCache();
  return cache instanceof RegistryCache && cache.reachable ? cache : undefined;
}

/** `crosscheck/base:KEY` → repository `base`, tag `KEY`. */
function parts(tag: string): { name: string; version: string } {
  const [repository, version] = tag.split(":") as [string, string];
  return { name: repository.slice(repository.indexOf("/") + 1), version };
}

/** The image's reference in the registry: HOST/NAMESPACE/base:KEY. */
export function registryImageReference(cache: RegistryCache, tag: string): string {
  const { name, version } = parts(tag);
  return `${cache.registry.host}/${cache.client.repository(name)}:${version}`;
}

/** X-Registry-Auth for the engine; the engine wants one even for anonymous pushes (as the CLI sends `{}`). */
async function authconfig(cache: RegistryCache): Promise<Dockerode.AuthConfig> {
  const credentials = await registryCredentials(cache.registry.host);
  return (credentials ? { username: credentials.username, password: credentials.password, serveraddress: cache.registry.host } : { serveraddress: cache.registry.host }) as Dockerode.AuthConfig;
}

async function follow(docker: Dockerode, stream: NodeJS.ReadableStream): Promise<void> {
  await new Promise<void>((resolve, reject) =>
    docker.modem.followProgress(stream, (error: Error | null, output: Array<{ error?: string }>) => {
      const failed = output?.find((o) => o.error);
      if (error || failed) reject(error ?? new Error(failed?.error));
      else resolve();
    }),
  );
}

/** Pulls `tag` from the cache's registry under its local name; false when the registry lacks it (or can't be used). */
export async function pullImage(tag: string): Promise<boolean> {
  const cache = imageCache();
  if (cache === undefined) return false;
  const { name, version } = parts(tag);
  const reference = registryImageReference(cache, tag);
  try {
    if (!(await cache.client.hasManifest(cache.client.repository(name), version))) return false;
    const docker = (await engineClient()).container.dockerode;
    await follow(docker, await docker.pull(reference, { authconfig: await authconfig(cache) }));
    const [repo, localVersion] = tag.split(":") as [string, string];
    await docker.getImage(reference).tag({ repo, tag: localVersion });
    await docker.getImage(reference).remove({ noprune: true });
    return true;
  } catch (error) {
    cache.report(error, `pull the image ${tag}`);
    return false;
  }
}

const published = new Map<string, Promise<void>>();

/** Pushes a local image to the cache's registry unless it has it already; once per process and tag. */
export function publishImage(tag: string): Promise<void> {
  const cache = imageCache();
  if (cache === undefined || !cache.writable) return Promise.resolve();
  let push = published.get(tag);
  if (push === undefined) {
    push = pushImage(cache, tag);
    published.set(tag, push);
  }
  return push;
}

async function pushImage(cache: RegistryCache, tag: string): Promise<void> {
  const { name, version } = parts(tag);
  const reference = registryImageReference(cache, tag);
  const [repo, referenceVersion] = [reference.slice(0, reference.lastIndexOf(":")), version];
  const docker = (await engineClient()).container.dockerode;
  let tagged = false;
  try {
    if (await cache.client.hasManifest(cache.client.repository(name), version)) return;
    await docker.getImage(tag).tag({ repo, tag: referenceVersion });
    tagged = true;
    await follow(docker, await docker.getImage(reference).push({ authconfig: await authconfig(cache) }));
  } catch (error) {
    cache.report(error, `push the image ${tag}`);
  } finally {
    if (tagged) await docker.getImage(reference).remove({ noprune: true }).catch(() => undefined);
  }
}
