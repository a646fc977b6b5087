/**
 * The part of the OCI distribution API the shared cache speaks, over Node's fetch: blobs
 * (HEAD, GET, upload by POST then one PUT), manifests (HEAD, GET, PUT), and the registry's
 * authentication: a 401 names its scheme in WWW-Authenticate; `Bearer realm=…,service=…,scope=…`
 * is answered by asking the realm for a token (with the credentials, if any, as Basic), as Docker
 * and ORAS do, and `Basic` by the credentials themselves. A registry on a loopback address is
 * spoken to over plain HTTP, as Docker allows for 127.0.0.0/8; any other over HTTPS.
 *
 * No npm client fits: @sigstore/oci only attaches signatures to images (no blob pulls), the
 * docker-registry-client family is unmaintained callback code for Docker's v2 schema, and
 * @snyk/docker-registry-v2-client only reads. The API used here is a dozen requests.
 */
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { UserError } from "../../userError.ts";
import type { RegistryCredentials } from "./registryCredentials.ts";

/** Where a registry cache lives: `oci://HOST[:PORT]/NAMESPACE`. */
export interface RegistryLocation {
  /** host[:port], as Docker names it in an image reference. */
  host: string;
  /** The repository prefix every artifact and image goes under, e.g. `owner/crosscheck`. */
  namespace: string;
  /** http for a loopback address, https otherwise. */
  scheme: "http" | "https";
}

const repositoryPath = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

export function isLoopback(host: string): boolean {
  const name = host.replace(/:\d+$/, "").replace(/^\[(.*)\]$/, "$1");
  return name === "localhost" || name === "::1" || /^127(?:\.\d{1,3}){3}$/.test(name);
}

/** Parses `oci://HOST[:PORT]/NAMESPACE`; `what` names the setting in errors. */
export function parseRegistryLocation(value: string, what: string): RegistryLocation {
  const match = /^oci:\/\/([^/]+)\/(.+?)\/?$/.exec(value);
  if (match === null) throw new UserError(`${what}=${value}: a registry is written oci://HOST[:PORT]/NAMESPACE (e.g. oci://127.0.0.1:5000/crosscheck)`);
  const [, host, namespace] = match as unknown as [string, string, string];
  if (!/^[A-Za-z0-9.-]+(?::\d+)?$|^\[[0-9a-fA-F:]+\](?::\d+)?$/.test(host)) throw new UserError(`${what}=${value}: '${host}' is not a host name with an optional port`);
  if (!repositoryPath.test(namespace)) {
    throw new UserError(`${what}=${value}: '${namespace}' is not a repository path (lower-case letters, digits, '.', '_', '-', separated by '/')`);
  }
  return { host, namespace, scheme: isLoopback(host) ? "http" : "https" };
}

export const describeLocation = (location: RegistryLocation) => `oci://${location.host}/${location.namespace}`;

/** A registry's refusal or absence: the cache degrades on it, it is never a cell's failure. */
export class RegistryError extends Error {
  override readonly name = "RegistryError";
  constructor(
    message: string,
    /** The HTTP status, or undefined when no answer came (refused, reset, timed out). */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
  /** The registry was not reached at all. */
  get unreachable(): boolean {
    return this.status === undefined;
  }
  /** It answered that these credentials may not do this. */
  get refused(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
}

export interface ImageManifest {
  schemaVersion: 2;
  mediaType: "application/vnd.oci.image.manifest.v1+json";
  artifactType?: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
}

const manifestType = "application/vnd.oci.image.manifest.v1+json";
const anyManifest = [manifestType, "application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.v2+json", "application/vnd.docker.distribution.manifest.list.v2+json"].join(", ");
/** Metadata requests; a blob's transfer gets no deadline, only the connection's. */
const requestTimeoutMs = 30_000;

interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** `Bearer realm="…",service="…",scope="…"` (quoted values may hold commas). */
export function parseChallenge(header: string): Challenge {
  const space = header.indexOf(" ");
  const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
  const params: Record<string, string> = {};
  for (const m of (space < 0 ? "" : header.slice(space + 1)).matchAll(/([A-Za-z_]+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
    params[m[1]!.toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, "$1") : m[3]!;
  }
  return { scheme, params };
}

export class RegistryClient {
  /** Bearer tokens by scope; Basic needs none. */
  private readonly tokens = new Map<string, string>();
  private basic = false;

  constructor(
    readonly location: RegistryLocation,
    private readonly credentials: () => Promise<RegistryCredentials | undefined>,
  ) {}

  /** `NAMESPACE/name`: the repository of one kind of artifact. */
  repository(name: string): string {
    return `${this.location.namespace}/${name}`;
  }

  private url(path: string): string {
    return `${this.location.scheme}://${this.location.host}/v2/${path}`;
  }

  /** One request, answering an authentication challenge once. */
  private async request(url: string, scope: string, init: Omit<RequestInit, "body"> & { body?: () => BodyInit | null }, expected: number[]): Promise<Response> {
    const attempt = async (): Promise<Response> => {
      const headers = new Headers(init.headers);
      const token = this.tokens.get(scope);
      if (token !== undefined) headers.set("Authorization", `Bearer ${token}`);
      else if (this.basic) headers.set("Authorization", await this.basicHeader());
      const body = init.body?.() ?? null;
      try {
        return await fetch(url, {
          ...init,
          headers,
          body,
          ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
          ...(init.signal === undefined && !(body instanceof ReadableStream) ? { signal: AbortSignal.timeout(requestTimeoutMs) } : {}),
        } as RequestInit);
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        throw new RegistryError(`${init.method ?? "GET"} ${url}: ${cause?.code ?? cause?.message ?? (error as Error).message}`, undefined, { cause: error });
      }
    };
    let response = await attempt();
    if (response.status === 401) {
      const challenge = parseChallenge(response.headers.get("www-authenticate") ?? "");
      await response.body?.cancel();
      if (challenge.scheme === "bearer" && challenge.params.realm) await this.fetchToken(challenge.params, scope);
      else if (challenge.scheme === "basic") {
        if ((await this.credentials()) === undefined) throw new RegistryError(`${describeLocation(this.location)} asks for credentials and none are configured (docker login, or CROSSCHECK_REGISTRY_USER and CROSSCHECK_REGISTRY_PASSWORD)`, 401);
        this.basic = true;
      } else throw new RegistryError(`${init.method ?? "GET"} ${url}: 401 with a challenge crosscheck cannot answer: '${response.headers.get("www-authenticate") ?? ""}'`, 401);
      response = await attempt();
    }
    if (!expected.includes(response.status)) {
      const text = (await response.text().catch(() => "")).trim().slice(0, 300);
      throw new RegistryError(`${init.method ?? "GET"} ${url}: ${response.status} ${response.statusText}${text ? `: ${text}` : ""}`, response.status);
    }
    return response;
  }

  private async basicHeader(): Promise<string> {
    const credentials = await this.credentials();
    return `Basic ${Buffer.from(`${credentials?.username ?? ""}:${credentials?.password ?? ""}`).toString("base64")}`;
  }

  /** The token flow: GET realm?service&scope, with Basic credentials when there are any. */
  private async fetchToken(params: Record<string, string>, scope: string): Promise<void> {
    const url = new URL(params.realm!);
    if (params.service) url.searchParams.set("service", params.service);
    url.searchParams.set("scope", params.scope && params.scope.split(":")[1] === scope.split(":")[1] ? mergeScope(params.scope, scope) : scope);
    const credentials = await this.credentials();
    const headers: Record<string, string> = credentials === undefined ? {} : { Authorization: await this.basicHeader() };
    let response: Response;
    try {
      response = await fetch(url, { headers, signal: AbortSignal.timeout(requestTimeoutMs) });
    } catch (error) {
      throw new RegistryError(`token from ${url.origin}${url.pathname}: ${(error as Error).message}`, undefined, { cause: error });
    }
    if (!response.ok) throw new RegistryError(`token from ${url.origin}${url.pathname} for ${scope}: ${response.status} ${response.statusText}${credentials === undefined ? " (no credentials configured)" : ""}`, response.status);
    const body = (await response.json().catch(() => ({}))) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw new RegistryError(`token from ${url.origin}${url.pathname}: the answer holds no token`, response.status);
    this.tokens.set(scope, token);
  }

  private scope(repository: string, push: boolean): string {
    return `repository:${repository}:${push ? "pull,push" : "pull"}`;
  }

  async hasBlob(repository: string, digest: string): Promise<boolean> {
    const response = await this.request(this.url(`${repository}/blobs/${digest}`), this.scope(repository, true), { method: "HEAD" }, [200, 404]);
    return response.status === 200;
  }

  /** Uploads a blob (from a file, or bytes) unless the repository has it; returns the bytes sent. */
  async pushBlob(repository: string, blob: { digest: string; size: number; file?: string; bytes?: Buffer }): Promise<number> {
    if (await this.hasBlob(repository, blob.digest)) return 0;
    const scope = this.scope(repository, true);
    const started = await this.request(this.url(`${repository}/blobs/uploads/`), scope, { method: "POST", headers: { "Content-Length": "0" } }, [202]);
    const location = started.headers.get("location");
    if (location === null) throw new RegistryError(`POST ${repository}/blobs/uploads/: no Location in the answer`, started.status);
    const upload = new URL(location, this.url(""));
    upload.searchParams.set("digest", blob.digest);
    const body = (): BodyInit => (blob.bytes !== undefined ? new Uint8Array(blob.bytes) : (Readable.toWeb(createReadStream(blob.file!)) as ReadableStream));
    await this.request(upload.href, scope, { method: "PUT", headers: { "Content-Type": "application/octet-stream", "Content-Length": String(blob.size) }, body }, [201]);
    return blob.size;
  }

  /** A blob's bytes as a stream (the caller checks the digest). */
  async blob(repository: string, digest: string): Promise<ReadableStream<Uint8Array>> {
    const response = await this.request(this.url(`${repository}/blobs/${digest}`), this.scope(repository, false), { method: "GET" }, [200]);
    if (response.body === null) throw new RegistryError(`GET ${repository}/blobs/${digest}: an empty answer`, response.status);
    return response.body;
  }

  /** The manifest tagged `tag` with its size in bytes, or undefined when the repository has no such tag. */
  async manifest(repository: string, tag: string): Promise<{ manifest: ImageManifest; size: number } | undefined> {
    const response = await this.request(this.url(`${repository}/manifests/${tag}`), this.scope(repository, false), { method: "GET", headers: { Accept: manifestType } }, [200, 404]);
    if (response.status === 404) {
      await response.body?.cancel();
      return undefined;
    }
    const bytes = Buffer.from(await response.arrayBuffer());
    return { manifest: JSON.parse(bytes.toString("utf8")) as ImageManifest, size: bytes.length };
  }

  /** Whether the tag exists, whatever its kind of manifest (an image the Docker engine pushed is Docker's own). */
  async hasManifest(repository: string, tag: string): Promise<boolean> {
    const response = await this.request(this.url(`${repository}/manifests/${tag}`), this.scope(repository, false), { method: "HEAD", headers: { Accept: anyManifest } }, [200, 404]);
    return response.status === 200;
  }

  async pushManifest(repository: string, tag: string, manifest: ImageManifest): Promise<number> {
    const bytes = Buffer.from(JSON.stringify(manifest));
    await this.request(this.url(`${repository}/manifests/${tag}`), this.scope(repository, true), { method: "PUT", headers: { "Content-Type": manifestType }, body: () => new Uint8Array(bytes) }, [201]);
    return bytes.length;
  }
}

/** A challenge's scope with the actions we need added (`pull` asked, `pull,push` needed). */
function mergeScope(challenged: string, needed: string): string {
  const [kind, name, actions = ""] = challenged.split(":");
  const all = new Set([...actions.split(","), ...(needed.split(":")[2] ?? "").split(",")].filter(Boolean));
  return `${kind}:${name}:${[...all].join(",")}`;
}
