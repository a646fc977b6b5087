/**
 * The registry cache against a real registry (Debian's docker-registry on 127.0.0.1, installed
 * by apt in the setup as the harness installs its tools): a store entry published and fetched
 * into an empty store the same to the byte; a wrong build key or store name is a miss; Basic
 * credentials from a Docker config file, wrong ones a warning; a registry that is down, or
 * that goes down, degrades to a miss with one warning and never throws. And the setting:
 * oci://, a directory, or a clear error (s3:// and other schemes).
 */
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile, chmod } from "node:fs/promises";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { UserError } from "../../userError.ts";
import { canProvision } from "../testing.ts";
import { parseRegistryLocation, parseChallenge, RegistryClient } from "./ociRegistry.ts";
import { mediaTypes, RegistryCache } from "./registryCache.ts";
import { registryCredentials } from "./registryCredentials.ts";
import { DirectoryCache, sharedCache } from "./sharedCache.ts";
import { startLocalRegistry, type LocalRegistry } from "./localRegistry.testutil.ts";
import { treeOf } from "./storeTree.testutil.ts";

const storeName = "0123456789abcdefghijklmnopqrstuv-tiny-1.0";
const buildKey = "0123456789abcdef0123";

async function storeWithEntry(): Promise<string> {
  const store = await mkdtemp(join(tmpdir(), "crosscheck-store-"));
  const out = join(store, storeName);
  await mkdir(join(out, "bin"), { recursive: true });
  await mkdir(join(out, "share/empty"), { recursive: true });
  await writeFile(join(out, "bin/tiny"), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 255]));
  await chmod(join(out, "bin/tiny"), 0o755);
  await symlink("tiny", join(out, "bin/tiny-link"));
  await writeFile(join(out, "share/readme"), "read me\n".repeat(1000));
  await writeFile(join(store, `${storeName}.log`), "configure\nbuild\n\u00ff\n");
  await writeFile(join(store, `${storeName}.closure.json`), '{"object":{"pname":"tiny"}}\n');
  const record = { id: storeName.slice(0, 32), storeName, buildKey, image: "crosscheck/base:x", versions: {}, phases: [], checkedWith: null, timings: { startMs: 1, runMs: 2, collectMs: 3, totalMs: 6, startedAt: "2026-12-01T00:00:00.000Z" } };
  await writeFile(join(store, `${storeName}.build.json`), `${JSON.stringify(record, null, 2)}\n`);
  return store;
}

async function entryOf(store: string): Promise<Record<string, string>> {
  const sidecars: Record<string, string> = {};
  for (const suffix of [".log", ".closure.json", ".build.json"]) sidecars[suffix] = (await readFile(join(store, `${storeName}${suffix}`))).toString("base64");
  return { ...(await treeOf(join(store, storeName))), ...sidecars };
}

test("the setting: a registry is oci://HOST[:PORT]/NAMESPACE, spoken to over HTTP only on loopback; s3:// and other schemes are refused clearly", () => {
  expect(parseRegistryLocation("oci://127.0.0.1:5000/crosscheck", "X")).toEqual({ host: "127.0.0.1:5000", namespace: "crosscheck", scheme: "http" });
  expect(parseRegistryLocation("oci://registry.example.org/team/cache/", "X")).toEqual({ host: "registry.example.org", namespace: "team/cache", scheme: "https" });
  expect(() => parseRegistryLocation("oci://example.org", "X")).toThrow(/oci:\/\/HOST\[:PORT\]\/NAMESPACE/);
  expect(() => parseRegistryLocation("oci://example.org/Team", "X")).toThrow(/'Team' is not a repository path/);
  expect(() => sharedCache({ CROSSCHECK_SHARED_CACHE: "s3://bucket/cache" })).toThrow(UserError);
  expect(() => sharedCache({ CROSSCHECK_SHARED_CACHE: "s3://bucket/cache" })).toThrow(/s3:\/\/ is not supported/);
  expect(() => sharedCache({ CROSSCHECK_SHARED_CACHE: "https://example.org/x" })).toThrow(/https:\/\/ is not supported/);
  expect(sharedCache({ CROSSCHECK_SHARED_CACHE: "oci://127.0.0.1:1/x" })).toBeInstanceOf(RegistryCache);
  expect(sharedCache({ CROSSCHECK_SHARED_CACHE: "/srv/cache" })).toBeInstanceOf(DirectoryCache);
  expect(sharedCache({})).toBeNull();
});

test("authentication challenges are read as registries write them", () => {
  expect(parseChallenge('Bearer realm="https://example.org/token",service="example.org",scope="repository:a/b:pull,push"')).toEqual({
    scheme: "bearer",
    params: { realm: "https://example.org/token", service: "example.org", scope: "repository:a/b:pull,push" },
  });
  expect(parseChallenge('Basic realm="crosscheck-test"')).toEqual({ scheme: "basic", params: { realm: "crosscheck-test" } });
});

test("credentials come from the environment first, then Docker's config file", async () => {
  const dir = await mkdtemp(join(tmpdir(), "crosscheck-docker-config-"));
  try {
    await writeFile(join(dir, "config.json"), JSON.stringify({ auths: { "example.org": { auth: Buffer.from("me:secret:with:colons").toString("base64") }, "https://old.example.org/v1/": { username: "old", password: "pw" } } }));
    const env = { DOCKER_CONFIG: dir };
    expect(await registryCredentials("example.org", env)).toMatchObject({ username: "me", password: "secret:with:colons" });
    expect(await registryCredentials("old.example.org", env)).toMatchObject({ username: "old", password: "pw" });
    expect(await registryCredentials("other.example.org", env)).toBeUndefined();
    expect(await registryCredentials("example.org", { ...env, CROSSCHECK_REGISTRY_USER: "ci", CROSSCHECK_REGISTRY_PASSWORD: "token" })).toMatchObject({ username: "ci", password: "token" });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

describe.skipIf(!canProvision)("against Debian's docker-registry on 127.0.0.1 (needs root for apt)", () => {
  let registry: LocalRegistry;
  let locked: LocalRegistry;
  const temporary: string[] = [];
  beforeAll(async () => {
    registry = await startLocalRegistry();
    locked = await startLocalRegistry({ htpasswd: { user: "builder", password: "right" } });
  }, 10 * 60_000);
  afterAll(async () => {
    await registry?.destroy();
    await locked?.destroy();
    for (const dir of temporary) await rm(dir, { recursive: true, force: true });
  });
  const store = async () => {
    const dir = await mkdtemp(join(tmpdir(), "crosscheck-store-"));
    temporary.push(dir);
    return dir;
  };

  test("an entry published from one store is fetched into an empty one, the same to the byte; another key or name is a miss", async () => {
    const source = await storeWithEntry();
    temporary.push(source);
    const warnings: string[] = [];
    const cache = new RegistryCache(parseRegistryLocation(registry.cacheUrl("crosscheck/unit"), "X"), { warn: (w) => warnings.push(w) });
    await cache.publish(storeName, source);
    expect(cache.traffic).toMatchObject({ published: 1 });
    expect(cache.traffic.pushedBytes).toBeGreaterThan(0);
    // Published again: the registry has every blob, only the manifest is sent.
    const sent = cache.traffic.pushedBytes;
    await cache.publish(storeName, source);
    expect(cache.traffic.pushedBytes - sent).toBeLessThan(1500);

    const target = await store();
    const reader = new RegistryCache(parseRegistryLocation(registry.cacheUrl("crosscheck/unit"), "X"), { warn: (w) => warnings.push(w) });
    expect(await reader.fetch(storeName, "ffffffffffffffffffff", target)).toBe(false);
    expect(await reader.fetch(`${storeName.slice(0, 32)}-other-1.0`, buildKey, target)).toBe(false);
    expect(await reader.fetch(storeName, buildKey, target)).toBe(true);
    expect(await entryOf(target)).toEqual(await entryOf(source));
    expect(reader.traffic).toMatchObject({ fetched: 1 });
    expect(reader.traffic.pulledBytes).toBeGreaterThan(0);
    expect((await readdir(target)).filter((n) => n.startsWith("."))).toEqual([]);
    expect(warnings).toEqual([]);
  });

  test("an output layer whose archive ends before its zero padding does (tar stops reading there) unpacks whole", async () => {
    const source = await storeWithEntry();
    temporary.push(source);
    const location = parseRegistryLocation(registry.cacheUrl("crosscheck/padded"), "X");
    const client = new RegistryClient(location, async () => undefined);
    const repository = client.repository("store");
    const archive = spawnSync("tar", ["-C", join(source, storeName), "-cf", "-", "."], { maxBuffer: 1 << 26 }).stdout;
    const blob = (mediaType: string, bytes: Buffer) => ({ descriptor: { mediaType, digest: `sha256:${createHash("sha256").update(bytes).digest("hex")}`, size: bytes.length }, bytes });
    // A megabyte of zeros past the end-of-archive blocks: far more than a pipe holds once tar has stopped reading.
    const output = blob(mediaTypes.output, gzipSync(Buffer.concat([archive, Buffer.alloc(1 << 20)])));
    const config = blob(mediaTypes.record, await readFile(join(source, `${storeName}.build.json`)));
    for (const b of [output, config]) await client.pushBlob(repository, { ...b, digest: b.descriptor.digest, size: b.descriptor.size });
    await client.pushManifest(repository, buildKey, { schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json", artifactType: mediaTypes.artifact, config: config.descriptor, layers: [output.descriptor], annotations: { "dev.crosscheck.store-name": storeName } });

    const warnings: string[] = [];
    const target = await store();
    const cache = new RegistryCache(location, { warn: (w) => warnings.push(w) });
    expect(await cache.fetch(storeName, buildKey, target)).toBe(true);
    expect(warnings).toEqual([]);
    expect(await treeOf(join(target, storeName))).toEqual(await treeOf(join(source, storeName)));
  });

  test("Basic credentials from a Docker config file open a locked registry; wrong ones are a warning and a miss", async () => {
    const source = await storeWithEntry();
    temporary.push(source);
    const config = await store();
    await writeFile(join(config, "config.json"), JSON.stringify({ auths: { [locked.host]: { auth: Buffer.from("builder:right").toString("base64") } } }));
    const location = parseRegistryLocation(locked.cacheUrl("crosscheck/locked"), "X");
    const warnings: string[] = [];
    const writer = new RegistryCache(location, { warn: (w) => warnings.push(w), credentials: () => registryCredentials(locked.host, { DOCKER_CONFIG: config }) });
    await writer.publish(storeName, source);
    expect(warnings).toEqual([]);
    expect(writer.traffic.published).toBe(1);

    const stranger = new RegistryCache(location, { warn: (w) => warnings.push(w), credentials: async () => ({ username: "builder", password: "wrong", source: "test" }) });
    expect(await stranger.fetch(storeName, buildKey, await store())).toBe(false);
    expect(await stranger.fetch(storeName, buildKey, await store())).toBe(false);
    expect(warnings).toEqual([expect.stringMatching(new RegExp(`^the shared cache oci://${locked.host}/crosscheck/locked refuses reads \\(.*401.*\\): building locally`))]);
    const anonymous = new RegistryCache(location, { warn: (w) => warnings.push(w), credentials: async () => undefined });
    expect(await anonymous.fetch(storeName, buildKey, await store())).toBe(false);
    expect(warnings[1]).toMatch(/asks for credentials and none are configured/);
  });

  test("a Bearer registry: the token server is asked with the credentials for the scope a request needs, pull alone to read", async () => {
    const source = await storeWithEntry();
    temporary.push(source);
    const tokened = await startLocalRegistry({ token: { user: "ci", password: "token" } });
    try {
      const location = parseRegistryLocation(tokened.cacheUrl("crosscheck/bearer"), "X");
      const warnings: string[] = [];
      const writer = new RegistryCache(location, { warn: (w) => warnings.push(w), credentials: async () => ({ username: "ci", password: "token", source: "test" }) });
      await writer.publish(storeName, source);
      expect(warnings).toEqual([]);
      expect(writer.traffic.published).toBe(1);
      expect(tokened.grants).toEqual(["repository:crosscheck/bearer/store:pull,push"]);

      const target = await store();
      const reader = new RegistryCache(location, { warn: (w) => warnings.push(w), credentials: async () => ({ username: "ci", password: "token", source: "test" }) });
      expect(await reader.fetch(storeName, buildKey, target)).toBe(true);
      expect(await entryOf(target)).toEqual(await entryOf(source));
      expect(tokened.grants.slice(1)).toEqual(["repository:crosscheck/bearer/store:pull"]);

      const stranger = new RegistryCache(location, { warn: (w) => warnings.push(w), credentials: async () => ({ username: "ci", password: "wrong", source: "test" }) });
      expect(await stranger.fetch(storeName, buildKey, await store())).toBe(false);
      expect(warnings).toEqual([expect.stringMatching(/refuses reads \(token from http:\/\/127\.0\.0\.1:\d+\/token for repository:crosscheck\/bearer\/store:pull: 401/)]);
    } finally {
      await tokened.destroy();
    }
  });

  test("a registry that is down, or goes down, is one warning and a miss; nothing throws", async () => {
    const source = await storeWithEntry();
    temporary.push(source);
    const flaky = await startLocalRegistry();
    try {
      const warnings: string[] = [];
      const cache = new RegistryCache(parseRegistryLocation(flaky.cacheUrl("crosscheck/down"), "X"), { warn: (w) => warnings.push(w) });
      await cache.publish(storeName, source);
      expect(cache.traffic.published).toBe(1);
      await flaky.stop();
      expect(await cache.fetch(storeName, buildKey, await store())).toBe(false);
      await cache.publish(storeName, source);
      expect(await cache.fetch(storeName, buildKey, await store())).toBe(false);
      expect(warnings).toEqual([expect.stringMatching(/is unreachable \(.*ECONNREFUSED\): building locally and publishing nothing for the rest of this run$/)]);
      expect(cache.reachable).toBe(false);
    } finally {
      await flaky.destroy();
    }
  });
});
