/**
 * A registry of a test's own: Debian's docker-registry (the CNCF distribution registry),
 * installed with apt as the harness installs its other tools, serving a temporary directory on
 * 127.0.0.1 at a free port. `stop` takes it down (a cache that finds it gone must degrade),
 * `start` brings it back with what it held; `destroy` removes it all. With `htpasswd` it asks
 * for Basic credentials, as the Debian package's own configuration does; with `token` it asks for
 * a Bearer token from a token server of the test's own (as GHCR and Docker Hub do): JWTs signed
 * with a throwaway RSA key whose certificate the registry trusts, granting what a client with
 * the right Basic credentials asks for.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createSign, randomBytes, X509Certificate } from "node:crypto";
import { mkdtemp, open, readFile, rm, writeFile } from "node:fs/promises";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { aptInstall } from "../machine/hostSystem.ts";

export interface LocalRegistry {
  /** Its configuration, log and storage. */
  dir: string;
  /** host:port */
  host: string;
  /** The scopes the token server granted, in order (with `token`). */
  grants: string[];
  /** CROSSCHECK_SHARED_CACHE for it, with this namespace. */
  cacheUrl(namespace: string): string;
  start(): Promise<void>;
  stop(): Promise<void>;
  destroy(): Promise<void>;
}

export const registryPackages = ["docker-registry"];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

const base64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");

/** A token server at a free port: GET /token?service&scope with the right Basic credentials gets a JWT for the scopes asked. */
async function startTokenServer(dir: string, credentials: { user: string; password: string }, grants: string[]): Promise<{ realm: string; certificate: string; server: Server }> {
  const key = join(dir, "token.key");
  const certificate = join(dir, "token.crt");
  const made = spawnSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days", "1", "-subj", "/CN=crosscheck-test-token"], { encoding: "utf8" });
  if (made.status !== 0) throw new Error(`openssl: ${made.stderr}`);
  const keyPem = await readFile(key, "utf8");
  const chain = [new X509Certificate(await readFile(certificate)).raw.toString("base64")];
  const expected = `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString("base64")}`;
  const server = createHttpServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://token");
    if (url.pathname !== "/token" || request.headers.authorization !== expected) {
      response.writeHead(401).end();
      return;
    }
    const access = url.searchParams.getAll("scope").map((scope) => {
      grants.push(scope);
      const [type, name, actions = ""] = scope.split(":");
      return { type, name, actions: actions.split(",") };
    });
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: "crosscheck-test", sub: credentials.user, aud: url.searchParams.get("service"), exp: now + 300, nbf: now - 10, iat: now, jti: randomBytes(8).toString("hex"), access };
    const unsigned = `${base64url(JSON.stringify({ typ: "JWT", alg: "RS256", x5c: chain }))}.${base64url(JSON.stringify(claims))}`;
    const signature = createSign("RSA-SHA256").update(unsigned).sign(keyPem);
    response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ token: `${unsigned}.${base64url(signature)}` }));
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { realm: `http://127.0.0.1:${port}/token`, certificate, server };
}

export async function startLocalRegistry(options: { htpasswd?: { user: string; password: string }; token?: { user: string; password: string } } = {}): Promise<LocalRegistry> {
  await aptInstall(registryPackages);
  const dir = await mkdtemp(join(tmpdir(), "crosscheck-registry-"));
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  let auth = "";
  if (options.htpasswd) {
    await aptInstall(["apache2-utils"]);
    const made = spawnSync("htpasswd", ["-Bbc", join(dir, "htpasswd"), options.htpasswd.user, options.htpasswd.password], { encoding: "utf8" });
    if (made.status !== 0) throw new Error(`htpasswd: ${made.stderr}`);
    auth = `auth:\n  htpasswd:\n    realm: crosscheck-test\n    path: ${join(dir, "htpasswd")}\n`;
  }
  const grants: string[] = [];
  let tokenServer: Server | undefined;
  if (options.token) {
    await aptInstall(["openssl"]);
    const token = await startTokenServer(dir, options.token, grants);
    tokenServer = token.server;
    auth = `auth:\n  token:\n    realm: ${token.realm}\n    service: crosscheck-test\n    issuer: crosscheck-test\n    rootcertbundle: ${token.certificate}\n`;
  }
  await writeFile(
    join(dir, "config.yml"),
    `version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, "data")}\n  delete:\n    enabled: true\nhttp:\n  addr: ${host}\n${auth}`,
  );
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    const log = await open(join(dir, "registry.log"), "a");
    child = spawn("docker-registry", ["serve", join(dir, "config.yml")], { stdio: ["ignore", log.fd, log.fd] });
    await log.close();
    const started = child;
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (started.exitCode !== null) throw new Error(`docker-registry exited: ${await readFile(join(dir, "registry.log"), "utf8")}`);
      const answer = await fetch(`http://${host}/v2/`).catch(() => undefined);
      if (answer !== undefined && (answer.status === 200 || answer.status === 401)) return;
      if (Date.now() > deadline) throw new Error("docker-registry did not answer within 30 s");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const stop = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null) return;
    const gone = new Promise((resolve) => running.once("exit", resolve));
    running.kill("SIGTERM");
    await gone;
  };
  const onExit = () => child?.kill("SIGKILL");
  process.once("exit", onExit);
  await start();
  return {
    dir,
    host,
    grants,
    cacheUrl: (namespace) => `oci://${host}/${namespace}`,
    start,
    stop,
    destroy: async () => {
      process.removeListener("exit", onExit);
      await stop();
      await new Promise((resolve) => (tokenServer ? tokenServer.close(resolve) : resolve(undefined)));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
