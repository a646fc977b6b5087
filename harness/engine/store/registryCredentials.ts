/**
 * Credentials for a registry, from where Docker keeps them and from the environment (CI):
 * CROSSCHECK_REGISTRY_USER and CROSSCHECK_REGISTRY_PASSWORD (a token, in GitHub Actions the
 * job's GITHUB_TOKEN) first; else Docker's config file ($DOCKER_CONFIG/config.json or
 * ~/.docker/config.json): a credential helper for the host (`credHelpers`, then `credsStore`,
 * run as `docker-credential-NAME get`), else its `auths` entry (`auth`, base64 user:password,
 * or `username`/`password`). No credentials is anonymous access, which a local registry or a
 * public package allows for pulls.
 */
import { spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";

export const registryUserEnvVar = "CROSSCHECK_REGISTRY_USER";
export const registryPasswordEnvVar = "CROSSCHECK_REGISTRY_PASSWORD";

export interface RegistryCredentials {
  username: string;
  password: string;
  /** Where they came from, for messages (never the secret). */
  source: string;
}

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string }>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

export function dockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.DOCKER_CONFIG ?? join(homedir(), ".docker"), "config.json");
}

/** The keys a config may file a host under: Docker writes `host`, older clients `https://host/v1/`. */
const keysOf = (host: string) => [host, `https://${host}`, `http://${host}`, `https://${host}/v1/`, `https://${host}/v2/`];

function fromHelper(helper: string, host: string, source: string): RegistryCredentials | undefined {
  const result = spawnSync(`docker-credential-${helper}`, ["get"], { input: host, encoding: "utf8", timeout: 30_000 });
  if (result.status !== 0) return undefined;
  try {
    const answer = JSON.parse(result.stdout) as { Username?: string; Secret?: string };
    return answer.Secret ? { username: answer.Username ?? "", password: answer.Secret, source } : undefined;
  } catch {
    return undefined;
  }
}

export async function registryCredentials(host: string, env: NodeJS.ProcessEnv = process.env): Promise<RegistryCredentials | undefined> {
  const user = env[registryUserEnvVar];
  const password = env[registryPasswordEnvVar];
  if (password) return { username: user ?? "", password, source: `${registryUserEnvVar}/${registryPasswordEnvVar}` };
  const path = dockerConfigPath(env);
  let config: DockerConfig;
  try {
    config = JSON.parse(await readFile(path, "utf8")) as DockerConfig;
  } catch {
    return undefined;
  }
  const helper = config.credHelpers?.[host] ?? config.credsStore;
  if (helper) {
    const found = fromHelper(helper, host, `${path} (docker-credential-${helper})`);
    if (found) return found;
  }
  for (const key of keysOf(host)) {
    const entry = config.auths?.[key];
    if (entry?.auth) {
      const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      if (colon > 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), source: path };
    }
    if (entry?.password) return { username: entry.username ?? "", password: entry.password, source: path };
  }
  return undefined;
}
