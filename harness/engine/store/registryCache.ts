/**
 * The shared cache on an OCI registry (GHCR, Harbor, Zot, Debian's docker-registry), as
 * BuildKit and Homebrew keep theirs: each realized derivation is one OCI artifact in the
 * repository NAMESPACE/store, tagged by its build key (which covers its store path, image and
 * script), so a machine that misses a derivation asks for exactly that tag.
 *
 *   config   its build record, as the store holds it     application/vnd.crosscheck.build-record.v1+json
 *   per output (out, dev, ...), each titled by its store name:
 *     layer  the output directory, tar + gzip             application/vnd.oci.image.layer.v1.tar+gzip
 *     layer  its closure scan                             application/vnd.crosscheck.closure-scan.v1+json
 *   layer    the build log, gzip                          application/vnd.crosscheck.build-log.v1+gzip
 *   annotations: the store name, build key, package, version and host, for people browsing it
 *
 * Every blob is checked against its digest as it arrives; each output is unpacked beside its
 * place and moved in at once, and the record is written last, as a build writes it, so a fetch
 * cut short leaves nothing that counts as built. A registry that is unreachable or refuses
 * degrades to building locally, with one warning: never a failed cell.
 */
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { spawn } from "node:child_process";
import { createGunzip, createGzip, gunzipSync, gzipSync } from "node:zlib";
import { writeFileAtomic } from "../../closure/index.ts";
import { stagingPath } from "../containers/outputStaging.ts";
import { recordedOutputs, type BuildRecord } from "./localStore.ts";
import { describeLocation, RegistryClient, RegistryError, type Descriptor, type ImageManifest, type RegistryLocation } from "./ociRegistry.ts";
import { registryCredentials, type RegistryCredentials } from "./registryCredentials.ts";
import type { SharedCache } from "./sharedCache.ts";

export const mediaTypes = {
  artifact: "application/vnd.crosscheck.derivation.v1",
  record: "application/vnd.crosscheck.build-record.v1+json",
  output: "application/vnd.oci.image.layer.v1.tar+gzip",
  scan: "application/vnd.crosscheck.closure-scan.v1+json",
  log: "application/vnd.crosscheck.build-log.v1+gzip",
} as const;

const annotation = {
  storeName: "dev.crosscheck.store-name",
  buildKey: "dev.crosscheck.build-key",
  title: "org.opencontainers.image.title",
  created: "org.opencontainers.image.created",
} as const;

/** What went over the wire, for the benchmark and the run's figures. */
export interface RegistryTraffic {
  pushedBytes: number;
  pulledBytes: number;
  /** Derivations published and fetched. */
  published: number;
  fetched: number;
}

export interface RegistryCacheOptions {
  /** Where warnings go; stderr by default (a run shows it above its status area). */
  warn?: (message: string) => void;
  credentials?: () => Promise<RegistryCredentials | undefined>;
}

const sha256 = (bytes: Buffer) => `sha256:${createHash("sha256").update(bytes).digest("hex")}`;

/** `tar` of a directory's contents, in a stable order, ownership dropped (the extracting user owns them). */
function tarDirectory(dir: string) {
  return spawn("tar", ["-C", dir, "--sort=name", "--numeric-owner", "--owner=0", "--group=0", "-cf", "-", "."], { stdio: ["ignore", "pipe", "pipe"] });
}

async function exited(child: ReturnType<typeof spawn>, what: string): Promise<void> {
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d));
  const code = await new Promise<number | null>((resolve, reject) => child.once("error", reject).once("close", resolve));
  if (code !== 0) throw new Error(`${what} exited ${code}: ${stderr.trim().split("\n").slice(-3).join(" ")}`);
}

/** Counts and hashes what passes through. */
class Digester extends Transform {
  readonly hash = createHash("sha256");
  bytes = 0;
  override _transform(chunk: Buffer, _: BufferEncoding, done: () => void): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    this.push(chunk);
    done();
  }
  digest(): string {
    return `sha256:${this.hash.digest("hex")}`;
  }
}

export class RegistryCache implements SharedCache {
  readonly location: string;
  readonly client: RegistryClient;
  readonly repository: string;
  readonly traffic: RegistryTraffic = { pushedBytes: 0, pulledBytes: 0, published: 0, fetched: 0 };
  /** Set when the registry could not be reached or read: nothing more is asked of it this process. */
  private down = false;
  /** Set when it refused a push: fetching goes on, publishing stops. */
  private readOnly = false;
  private readonly warn: (message: string) => void;

  constructor(readonly registry: RegistryLocation, options: RegistryCacheOptions = {}) {
    this.location = describeLocation(registry);
    this.client = new RegistryClient(registry, options.credentials ?? (() => registryCredentials(registry.host)));
    this.repository = this.client.repository("store");
    this.warn = options.warn ?? ((message) => console.error(`warning: ${message}`));
  }

  /** Whether it still takes part: false after it was found unreachable. */
  get reachable(): boolean {
    return !this.down;
  }

  /** Whether it still takes what this machine builds: false after it refused a push. */
  get writable(): boolean {
    return !this.down && !this.readOnly;
  }

  /**
   * What a failure to `doing` (`fetch NAME`, `push the image TAG`, …) means for the rest of the
   * run, said once: unreachable, or refusing reads, and the cache is left alone; refusing a write
   * (a read-only token), and it is only read from; anything else concerns that one thing.
   */
  report(error: unknown, doing: string, direction: "read" | "write" = /^(publish|push)\b/.test(doing) ? "write" : "read"): void {
    const registryError = error instanceof RegistryError ? error : undefined;
    const reason = (error as Error).message;
    if (registryError?.unreachable || (registryError?.refused && direction === "read")) {
      if (!this.down) this.warn(`the shared cache ${this.location} ${registryError.unreachable ? "is unreachable" : "refuses reads"} (${reason}): building locally and publishing nothing for the rest of this run`);
      this.down = true;
    } else if (registryError?.refused) {
      if (!this.readOnly) this.warn(`the shared cache ${this.location} refuses to store builds (${reason}): fetching from it only`);
      this.readOnly = true;
    } else {
      this.warn(`the shared cache ${this.location}: could not ${doing} (${reason})${direction === "read" ? ": building it here" : ""}`);
    }
  }

  async fetch(storeName: string, buildKey: string, store: string): Promise<boolean> {
    if (this.down) return false;
    const stagings: string[] = [];
    try {
      const found = await this.client.manifest(this.repository, buildKey);
      if (found === undefined) return false;
      const { manifest } = found;
      this.traffic.pulledBytes += found.size;
      if (manifest.annotations?.[annotation.storeName] !== storeName || manifest.config.mediaType !== mediaTypes.record) return false;
      const recordBytes = await this.blobBytes(manifest.config);
      const record = JSON.parse(recordBytes.toString("utf8")) as BuildRecord;
      if (record.buildKey !== buildKey || record.storeName !== storeName) return false;
      // One output layer and one scan per output, each titled by its store name; a derivation
      // with one output may have its layers untitled (other tools write them so).
      const names = recordedOutputs(record);
      const layer = (type: string, title: string) =>
        manifest.layers.find((l) => l.mediaType === type && l.annotations?.[annotation.title] === title) ??
        (names.length === 1 ? manifest.layers.find((l) => l.mediaType === type && l.annotations?.[annotation.title] === undefined) : undefined);
      const outputs = names.map((output) => {
        const found = layer(mediaTypes.output, output);
        if (found === undefined) throw new Error(`its manifest has no ${mediaTypes.output} layer for ${output}`);
        return { name: output, layer: found, scan: layer(mediaTypes.scan, `${output}.closure.json`) };
      });
      const log = layer(mediaTypes.log, `${storeName}.log`);

      const unpacked: { name: string; staging: string; scan: Buffer | undefined }[] = [];
      for (const output of outputs) {
        const staging = stagingPath(join(store, output.name));
        stagings.push(staging);
        await rm(staging, { recursive: true, force: true });
        await mkdir(staging, { recursive: true });
        await this.unpack(output.layer, staging);
        unpacked.push({ name: output.name, staging, scan: output.scan === undefined ? undefined : await this.blobBytes(output.scan) });
      }
      const logBytes = log === undefined ? undefined : gunzipSync(await this.blobBytes(log));
      for (const output of unpacked) {
        await rm(join(store, output.name), { recursive: true, force: true });
        await rename(output.staging, join(store, output.name));
        if (output.scan !== undefined) await writeFileAtomic(join(store, `${output.name}.closure.json`), output.scan.toString("utf8"));
      }
      if (logBytes !== undefined) await writeFile(join(store, `${storeName}.log`), logBytes);
      await writeFileAtomic(join(store, `${storeName}.build.json`), recordBytes.toString("utf8"));
      this.traffic.fetched++;
      return true;
    } catch (error) {
      for (const staging of stagings) await rm(staging, { recursive: true, force: true }).catch(() => undefined);
      this.report(error, `fetch ${storeName}`);
      return false;
    }
  }

  /** A small blob, whole, checked against its digest. */
  private async blobBytes(descriptor: Descriptor): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of Readable.fromWeb(await this.client.blob(this.repository, descriptor.digest) as never)) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    this.traffic.pulledBytes += bytes.length;
    if (sha256(bytes) !== descriptor.digest) throw new Error(`blob ${descriptor.digest} arrived with another digest`);
    return bytes;
  }

  /**
   * The output layer into `dir`: downloaded to a file through its digest check first, so nothing
   * unpacks from a blob that is not the one published, then gunzipped into tar.
   */
  private async unpack(layer: Descriptor, dir: string): Promise<void> {
    const work = await mkdtemp(join(tmpdir(), "crosscheck-fetch-"));
    try {
      const file = join(work, "out.tar.gz");
      const digester = new Digester();
      try {
        await pipeline(Readable.fromWeb(await this.client.blob(this.repository, layer.digest) as never), digester, createWriteStream(file));
      } finally {
        this.traffic.pulledBytes += digester.bytes;
      }
      if (digester.digest() !== layer.digest) throw new Error(`the output layer ${layer.digest} arrived with another digest`);
      const tar = spawn("tar", ["-C", dir, "--no-same-owner", "-xf", "-"], { stdio: ["pipe", "ignore", "pipe"] });
      const fed = pipeline(createReadStream(file), createGunzip(), tar.stdin!).catch((error: unknown) => error);
      await exited(tar, "tar -x");
      // tar stops at the archive's end-of-archive blocks and closes its input while the record's
      // zero padding is still being sent: the pipe then breaks ("Premature close", EPIPE) though tar
      // read a whole archive (as copying out of a container, container.ts). tar succeeding on a
      // blob whose digest was checked is a complete unpack.
      await fed;
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  async publish(storeName: string, store: string): Promise<void> {
    if (!this.writable) return;
    const work = await mkdtemp(join(tmpdir(), "crosscheck-publish-"));
    try {
      const recordText = await readFile(join(store, `${storeName}.build.json`));
      const record = JSON.parse(recordText.toString("utf8")) as BuildRecord;
      const blobs: { descriptor: Descriptor; file?: string; bytes?: Buffer }[] = [];
      const sidecar = async (file: string, mediaType: string, transform: (b: Buffer) => Buffer) => {
        const bytes = await readFile(join(store, file)).then(transform, () => undefined);
        if (bytes !== undefined) blobs.push({ descriptor: { mediaType, digest: sha256(bytes), size: bytes.length, annotations: { [annotation.title]: file } }, bytes });
      };
      // Each output a layer of its own, titled by its store name, with its scan beside it.
      for (const [n, output] of recordedOutputs(record).entries()) {
        const outputFile = join(work, `output-${n}.tar.gz`);
        const digester = new Digester();
        const tar = tarDirectory(join(store, output));
        const done = exited(tar, "tar -c");
        await pipeline(tar.stdout!, createGzip(), digester, createWriteStream(outputFile));
        await done;
        blobs.push({ descriptor: { mediaType: mediaTypes.output, digest: digester.digest(), size: (await stat(outputFile)).size, annotations: { [annotation.title]: output } }, file: outputFile });
        await sidecar(`${output}.closure.json`, mediaTypes.scan, (b) => b);
      }
      await sidecar(`${storeName}.log`, mediaTypes.log, (b) => gzipSync(b));
      const config: Descriptor = { mediaType: mediaTypes.record, digest: sha256(recordText), size: recordText.length };
      blobs.push({ descriptor: config, bytes: recordText });

      for (const blob of blobs) {
        this.traffic.pushedBytes += await this.client.pushBlob(this.repository, { ...blob, digest: blob.descriptor.digest, size: blob.descriptor.size });
      }
      const manifest: ImageManifest = {
        schemaVersion: 2,
        mediaType: "application/vnd.oci.image.manifest.v1+json",
        artifactType: mediaTypes.artifact,
        config,
        layers: blobs.filter((b) => b.descriptor !== config).map((b) => b.descriptor),
        annotations: {
          [annotation.storeName]: storeName,
          [annotation.buildKey]: record.buildKey,
          [annotation.title]: storeName,
          [annotation.created]: record.timings.startedAt,
        },
      };
      this.traffic.pushedBytes += await this.client.pushManifest(this.repository, record.buildKey, manifest);
      this.traffic.published++;
    } catch (error) {
      this.report(error, `publish ${storeName}`);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }
}
