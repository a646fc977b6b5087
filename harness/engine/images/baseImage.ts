/**
 * The base image: Debian from debootstrap, imported with `docker import` (no public registry can
 * be pulled from here), tagged `crosscheck/base:<contentKey>`; with a registry as the shared
 * cache, pulled from it when another machine built it, and pushed there when built here. Toolchain images derive from it.
 * It carries the machine's apt sources, so apt inside containers uses the same mirror, and a
 * non-root `builder` user that build steps run as.
 */
import { rm, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { $ } from "zx";
import { cacheDir } from "../machine/cacheDir.ts";
import { contentKey } from "./contentKey.ts";
import { archiveArchitectures, debianMirror, renderSources } from "../machine/aptMirror.ts";
import { engineClient } from "../machine/dockerEngine.ts";
import { withFileLock } from "../machine/fileLock.ts";
import { hostFacts } from "../machine/hostSystem.ts";
import { localImage } from "./images.ts";
import { publishImage, pullImage } from "./imageRegistry.ts";
import { InfrastructureError } from "../machine/infrastructureError.ts";

export const baseRepository = "crosscheck/base";

/** The unprivileged account build steps run as. */
export const builderUser = { name: "builder", uid: 1000, gid: 1000, home: "/home/builder" } as const;

/**
 * What builds need beyond minbase: the native compiler and make (for build-platform tools),
 * and the unpackers and patch that source trees need. Cross compilers go in toolchain images.
 */
export const basePackages = ["build-essential", "file", "patch", "xz-utils", "bzip2", "pkg-config"] as const;

/** Bumped when how the image is made changes in a way its inputs don't capture. */
const recipeVersion = 1;

export interface BaseImageOptions {
  suite?: string;
  /** Debian architecture of the image; defaults to the machine's own. */
  arch?: string;
  packages?: readonly string[];
  onProgress?: (line: string) => void;
}

export interface BaseImage {
  tag: string;
  key: string;
  /** The inputs the key hashes, so a run can record them. */
  inputs: { suite: string; arch: string; mirror: string; snapshot?: string; packages: string[]; recipeVersion: number };
  /** false when an existing image was reused. */
  built: boolean;
  /** Time spent building (debootstrap + import), 0 when reused. */
  buildMs: number;
}

export async function baseImageInputs(options: BaseImageOptions = {}): Promise<BaseImage["inputs"]> {
  const suite = options.suite ?? "bookworm";
  const arch = options.arch ?? (await hostFacts()).debianArch ?? "amd64";
  const mirror = await debianMirror(suite);
  const inputs: BaseImage["inputs"] = { suite, arch, mirror: mirror.uri, packages: [...(options.packages ?? basePackages)].sort(), recipeVersion };
  if (mirror.snapshot) inputs.snapshot = mirror.snapshot;
  return inputs;
}

export async function baseImageTag(options: BaseImageOptions = {}): Promise<string> {
  return `${baseRepository}:${contentKey(await baseImageInputs(options))}`;
}

/**
 * Why no base image of this architecture can be had here, or null when one can: it exists, or the
 * machine's apt archive has the architecture for the suite (or can't say, and debootstrap will).
 */
export async function baseImageUnavailable(options: Pick<BaseImageOptions, "suite" | "arch"> = {}): Promise<string | null> {
  const inputs = await baseImageInputs(options);
  if (await localImage(`${baseRepository}:${contentKey(inputs)}`)) return null;
  const architectures = await archiveArchitectures(inputs.suite);
  if (architectures === null || architectures.includes(inputs.arch)) return null;
  return `the machine's Debian archive has no ${inputs.arch} for ${inputs.suite} (its architectures: ${architectures.join(", ")}), so there is no ${inputs.arch} base image to build in`;
}

/** The base image for these options: reused when its tag exists, else built (once, under a lock). */
export async function ensureBaseImage(options: BaseImageOptions = {}): Promise<BaseImage> {
  const inputs = await baseImageInputs(options);
  const key = contentKey(inputs);
  const tag = `${baseRepository}:${key}`;
  if (await localImage(tag)) {
    await publishImage(tag);
    return { tag, key, inputs, built: false, buildMs: 0 };
  }
  const locks = await cacheDir("locks");
  return withFileLock(join(locks, `base-${key}.lock`), async () => {
    if (await localImage(tag)) return { tag, key, inputs, built: false, buildMs: 0 };
    // Another machine may have built it: the shared cache's registry before debootstrap.
    if (await pullImage(tag)) return { tag, key, inputs, built: false, buildMs: 0 };
    const started = Date.now();
    await buildBaseImage(tag, key, inputs, options.onProgress);
    await publishImage(tag);
    return { tag, key, inputs, built: true, buildMs: Date.now() - started };
  });
}

async function buildBaseImage(tag: string, key: string, inputs: BaseImage["inputs"], onProgress?: (line: string) => void): Promise<void> {
  const facts = await hostFacts();
  if (!facts.root) throw new InfrastructureError("image", `building ${tag} needs root (debootstrap); run \`sudo crosscheck doctor --fix\``);
  const rootfs = join(await cacheDir("rootfs"), key);
  const debs = await cacheDir("debootstrap-debs");
  await rm(rootfs, { recursive: true, force: true });
  await mkdir(rootfs, { recursive: true });
  const say = (line: string) => onProgress?.(line);
  try {
    say(`debootstrap ${inputs.suite} (${inputs.arch}) into ${rootfs}`);
    const debootstrap = $({ quiet: true })`debootstrap --variant=minbase --arch=${inputs.arch} --include=${inputs.packages.join(",")} --cache-dir=${debs} ${inputs.suite} ${rootfs} ${inputs.mirror}`;
    const result = await debootstrap.nothrow();
    if (result.exitCode !== 0) {
      const tail = (result.stdout + result.stderr).trim().split("\n").slice(-15).join("\n");
      throw new InfrastructureError("image", `debootstrap failed (exit ${result.exitCode}):\n${tail}`);
    }

    // apt in containers uses the machine's mirror (all its suites: updates and security too).
    const mirror = await debianMirror(inputs.suite);
    await rm(join(rootfs, "etc/apt/sources.list"), { force: true });
    await writeFile(join(rootfs, "etc/apt/sources.list.d/debian.sources"), renderSources(mirror.sources));
    // Images are small and are never apt-upgraded in place; toolchain builds run apt-get update.
    await writeFile(join(rootfs, "etc/apt/apt.conf.d/90crosscheck"), 'APT::Install-Recommends "false";\nAcquire::Check-Valid-Until "false";\n');
    await $({ quiet: true })`chroot ${rootfs} groupadd --gid ${builderUser.gid} ${builderUser.name}`;
    await $({ quiet: true })`chroot ${rootfs} useradd --create-home --uid ${builderUser.uid} --gid ${builderUser.gid} --shell /bin/sh ${builderUser.name}`;
    await $({ quiet: true })`chroot ${rootfs} apt-get clean`;
    await rm(join(rootfs, "var/lib/apt/lists"), { recursive: true, force: true });
    await mkdir(join(rootfs, "var/lib/apt/lists/partial"), { recursive: true });

    say(`docker import as ${tag}`);
    await importRootfs(rootfs, tag, { "crosscheck.key": key, "crosscheck.suite": inputs.suite, "crosscheck.arch": inputs.arch, ...(inputs.snapshot ? { "crosscheck.snapshot": inputs.snapshot } : {}) });
  } finally {
    await rm(rootfs, { recursive: true, force: true });
  }
}

/** `tar -C rootfs -c . | docker import - tag`, through the API so it reaches the same engine. */
async function importRootfs(rootfs: string, tag: string, labels: Record<string, string>): Promise<void> {
  const client = await engineClient();
  const docker = client.container.dockerode;
  const [repo, version] = tag.split(":") as [string, string];
  const tar = $({ quiet: true })`tar -C ${rootfs} --numeric-owner -c .`;
  const changes = [
    "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "ENV LANG=C.UTF-8",
    ...Object.entries(labels).map(([k, v]) => `LABEL ${k}="${v}"`),
  ];
  try {
    const progress = await docker.importImage(tar.stdout, { repo, tag: version, changes });
    await new Promise<void>((resolve, reject) =>
      docker.modem.followProgress(progress, (error: Error | null, output: Array<{ error?: string }>) => {
        const failed = output?.find((o) => o.error);
        if (error || failed) reject(error ?? new Error(failed?.error));
        else resolve();
      }),
    );
    await tar;
  } catch (error) {
    throw new InfrastructureError("image", `docker import of ${tag} failed: ${(error as Error).message}`, { cause: error });
  }
}
