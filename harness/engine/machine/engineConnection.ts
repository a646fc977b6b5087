/**
 * A client of one builder's Docker-API engine (Docker's, or Podman's compatible service), by its
 * URI as the docker CLI's DOCKER_HOST takes it: `unix:///path/docker.sock`, `ssh://user@host[:port]`
 * (docker-modem runs `docker system dial-stdio` there over ssh2, with the ssh agent's keys), or
 * `tcp://host:port`, with TLS as the CLI decides it (DOCKER_TLS_VERIFY=1 or port 2376; the
 * client's ca.pem, cert.pem and key.pem from DOCKER_CERT_PATH, else ~/.docker).
 */
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import Dockerode from "dockerode";
import type { EngineConnection } from "./dockerEngine.ts";

/** Why a URI names no engine, or undefined when it does. */
export function engineUriProblem(uri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return "is not a URI (write unix:///path/docker.sock, ssh://user@host or tcp://host:2376)";
  }
  if (url.protocol === "unix:") return url.pathname === "" || url.pathname === "/" ? "names no socket (write unix:///path/docker.sock)" : undefined;
  if (url.protocol === "ssh:" || url.protocol === "tcp:") return url.hostname === "" ? "names no host" : undefined;
  return `has the scheme ${url.protocol.slice(0, -1)}:, which is no Docker engine's (unix, ssh or tcp)`;
}

/** The client's TLS files, as the docker CLI finds them. */
function tlsFiles(): { ca: Buffer; cert: Buffer; key: Buffer } {
  const dir = process.env["DOCKER_CERT_PATH"] ?? join(homedir(), ".docker");
  const read = (name: string) => {
    const file = join(dir, name);
    if (!existsSync(file)) throw new Error(`TLS needs ${file} (set DOCKER_CERT_PATH to the directory of ca.pem, cert.pem and key.pem)`);
    return readFileSync(file);
  };
  return { ca: read("ca.pem"), cert: read("cert.pem"), key: read("key.pem") };
}

export function connectEngine(uri: string): EngineConnection {
  const url = new URL(uri);
  if (url.protocol === "unix:") return { uri, dockerode: new Dockerode({ socketPath: url.pathname }) };
  if (url.protocol === "ssh:") {
    const agent = process.env["SSH_AUTH_SOCK"];
    return {
      uri,
      dockerode: new Dockerode({
        protocol: "ssh",
        host: url.hostname,
        port: url.port === "" ? 22 : Number(url.port),
        ...(url.username !== "" ? { username: decodeURIComponent(url.username) } : {}),
        ...(agent !== undefined ? { sshOptions: { agent } } : {}),
      } as Dockerode.DockerOptions),
    };
  }
  const port = url.port === "" ? 2375 : Number(url.port);
  const tls = process.env["DOCKER_TLS_VERIFY"] === "1" || port === 2376;
  return { uri, dockerode: new Dockerode({ protocol: tls ? "https" : "http", host: url.hostname, port, ...(tls ? tlsFiles() : {}) }) };
}
