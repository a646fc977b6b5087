/** Looking up local images (only the shared cache's registry is ever pulled from: imageRegistry.ts). */
import { engineClient } from "../machine/dockerEngine.ts";
import { InfrastructureError } from "../machine/infrastructureError.ts";

export interface LocalImage {
  tag: string;
  id: string;
  sizeBytes: number;
  labels: Record<string, string>;
  created: string;
}

export async function localImage(tag: string): Promise<LocalImage | undefined> {
  const client = await engineClient();
  try {
    const info = await client.container.dockerode.getImage(tag).inspect();
    return { tag, id: info.Id, sizeBytes: info.Size, labels: info.Config?.Labels ?? {}, created: info.Created };
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined;
    throw new InfrastructureError("engine", `cannot inspect image ${tag}: ${(error as Error).message}`, { cause: error });
  }
}

/** Images of one repository (e.g. "crosscheck/toolchain"), for doctor and cleanup. */
export async function localImagesOf(repository: string): Promise<string[]> {
  const client = await engineClient();
  const images = await client.container.dockerode.listImages({ filters: { reference: [`${repository}:*`] } });
  return images.flatMap((i) => i.RepoTags ?? []).filter((t) => t.startsWith(`${repository}:`)).sort();
}

/** Versions recorded in a label as "pkg=version,pkg=version" (no spaces, so no quoting issues). */
export function encodeVersions(versions: Record<string, string>): string {
  return Object.entries(versions)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([p, v]) => `${p}=${v}`)
    .join(",");
}

export function decodeVersions(label: string | undefined): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const pair of (label ?? "").split(",")) {
    const at = pair.indexOf("=");
    if (at > 0) versions[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return versions;
}
