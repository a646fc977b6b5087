/**
 * Toolchain images: the base image plus Debian packages (cross compilers, their libc, qemu),
 * tagged `crosscheck/toolchain:<key of base + sorted packages>`, built once and reused.
 * Pulled from the shared cache's registry when another machine built it (imageRegistry.ts), else
 * built with `docker build` from the local base image (nothing else is pulled), so the build's
 * intermediate containers are the engine's to clean up and the image's config stays clean.
 * The installed versions go into a label, so a run records what it ran with without starting
 * a container.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { $ } from "zx";
import { cacheDir } from "../machine/cacheDir.ts";
import { contentKey } from "./contentKey.ts";
import { engineClient, engineDeadlines } from "../machine/dockerEngine.ts";
import { withFileLock } from "../machine/fileLock.ts";
import { decodeVersions, encodeVersions, localImage } from "./images.ts";
import { publishImage, pullImage } from "./imageRegistry.ts";
import { InfrastructureError } from "../machine/infrastructureError.ts";

export const toolchainRepository = "crosscheck/toolchain";
export const versionsLabel = "crosscheck.versions";

export interface ToolchainImage {
  tag: string;
  key: string;
  base: string;
  packages: string[];
  /** Installed versions: the requested packages, the real compilers and binutils, libc, qemu. */
  versions: Record<string, string>;
  built: boolean;
  buildMs: number;
}

/**
 * What to record besides the requested packages: the versioned compiler packages behind
 * metapackages like gcc-aarch64-linux-gnu, binutils, every libc, and QEMU.
 */
const recordedPatterns = ["gcc-[0-9]*", "binutils*", "libc6", "libc6-*-cross", "libc6-dev*", "qemu-user-static"];

export function toolchainKey(baseTag: string, packages: readonly string[]): string {
  return contentKey({ base: baseTag, packages: [...new Set(packages)].sort() });
}

export async function ensureToolchainImage(baseTag: string, packages: readonly string[], options: { onProgress?: (line: string) => void } = {}): Promise<ToolchainImage> {
  const sorted = [...new Set(packages)].sort();
  const key = toolchainKey(baseTag, sorted);
  const tag = `${toolchainRepository}:${key}`;
  const reuse = async (): Promise<ToolchainImage | undefined> => {
    const image = await localImage(tag);
    return image && { tag, key, base: baseTag, packages: sorted, versions: decodeVersions(image.labels[versionsLabel]), built: false, buildMs: 0 };
  };
  const existing = await reuse();
  if (existing) {
    await publishImage(tag);
    return existing;
  }
  if (!(await localImage(baseTag))) throw new InfrastructureError("image", `base image ${baseTag} is not present; build it first (ensureBaseImage)`);
  return withFileLock(join(await cacheDir("locks"), `toolchain-${key}.lock`), async () => {
    const raced = await reuse();
    if (raced) return raced;
    // Another machine may have built it: the shared cache's registry before apt.
    if (await pullImage(tag)) {
      const pulled = await reuse();
      if (pulled) return pulled;
    }
    const began = Date.now();
    const versions = await buildToolchain(baseTag, sorted, tag, key, options.onProgress);
    await publishImage(tag);
    return { tag, key, base: baseTag, packages: sorted, versions, built: true, buildMs: Date.now() - began };
  });
}

async function buildToolchain(baseTag: string, packages: string[], tag: string, key: string, onProgress?: (line: string) => void): Promise<Record<string, string>> {
  const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
  const dpkgFormat = "crosscheck-version ${Package} ${Version}\\n";
  // A package of another Debian architecture (wine32:i386) needs that architecture first.
  const foreignArchitectures = [...new Set(packages.flatMap((p) => (p.includes(":") ? [p.slice(p.indexOf(":") + 1)] : [])))];
  // Package names come from recipes; quoting keeps them single words for the shell in RUN.
  const install = [
    "set -e",
    ...foreignArchitectures.map((arch) => `dpkg --add-architecture ${quote(arch)}`),
    "apt-get update -q",
    `DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends ${packages.map(quote).join(" ")}`,
    "apt-get clean",
    "rm -rf /var/lib/apt/lists/*",
    `dpkg-query -W -f ${quote(dpkgFormat)} ${[...packages, ...recordedPatterns].map(quote).join(" ")} || true`,
  ].join("; ");
  const { id, log } = await dockerBuild(`FROM ${baseTag}\nRUN ${install}\n`, {}, onProgress);
  const versions: Record<string, string> = {};
  // Not anchored to line starts: the build stream may glue a line to the previous command's output.
  for (const m of log.matchAll(/crosscheck-version (\S+) ([^\s]+)[ \t]*(?:\r?\n|$)/g)) {
    if (m[1] && m[2]) versions[m[1]] = m[2];
  }
  // dpkg-query names a package without its architecture.
  const missing = packages.filter((p) => versions[p.split(":")[0]!] === undefined);
  if (missing.length > 0) throw new InfrastructureError("image", `toolchain image: packages not installed: ${missing.join(", ")}`);
  // A second, config-only build adds the label: the versions are only known after the first.
  await dockerBuild(`FROM ${id}\n`, { t: tag, labels: { [versionsLabel]: encodeVersions(versions), "crosscheck.key": key, "crosscheck.base": baseTag } });
  return versions;
}

/**
 * `docker build` of a context holding only a Dockerfile; returns the image id and the build
 * output. Without the layer cache: a cached RUN prints nothing, and the versions are read from
 * its output. A build that prints nothing for `engineDeadlines.imageIdleMs` is stuck (apt waiting
 * on a mirror that stopped answering, an engine that hangs) and is stopped as the machine's fault.
 */
export async function dockerBuild(dockerfile: string, options: { t?: string; labels?: Record<string, string> }, onProgress?: (line: string) => void): Promise<{ id: string; log: string }> {
  const docker = (await engineClient()).container.dockerode;
  const context = await mkdtemp(join(tmpdir(), "crosscheck-build-"));
  try {
    await writeFile(join(context, "Dockerfile"), dockerfile);
    const tar = $({ quiet: true })`tar -C ${context} -c Dockerfile`;
    const stream = await docker.buildImage(tar.stdout, { ...options, rm: true, forcerm: true, pull: false, nocache: true } as Parameters<typeof docker.buildImage>[1]);
    let log = "";
    let id: string | undefined;
    let idle: NodeJS.Timeout | undefined;
    const lastLines = () => log.split("\n").slice(-15).join("\n");
    await new Promise<void>((resolve, reject) => {
      const watch = () => {
        clearTimeout(idle);
        idle = setTimeout(() => {
          (stream as unknown as { destroy(): void }).destroy();
          reject(new InfrastructureError("image", `docker build printed nothing for ${engineDeadlines.imageIdleMs / 1000}s: stopped as stuck\n${lastLines()}`));
        }, engineDeadlines.imageIdleMs);
      };
      watch();
      docker.modem.followProgress(
        stream,
        (error: Error | null, output: Array<{ error?: string; aux?: { ID?: string } }>) => {
          clearTimeout(idle);
          const failed = output?.find((o) => o.error);
          if (error || failed) reject(new InfrastructureError("image", `docker build failed: ${error?.message ?? failed?.error}\n${lastLines()}`));
          else resolve();
        },
        (event: { stream?: string; aux?: { ID?: string } }) => {
          watch();
          if (event.stream) {
            log += event.stream;
            for (const line of event.stream.split("\n")) if (line.trim()) onProgress?.(line);
          }
          if (event.aux?.ID) id = event.aux.ID;
        },
      );
    }).finally(() => clearTimeout(idle));
    await tar;
    id ??= log.match(/Successfully built ([0-9a-f]+)/)?.[1];
    if (!id) throw new InfrastructureError("image", "docker build reported no image id");
    return { id, log };
  } finally {
    await rm(context, { recursive: true, force: true });
  }
}
