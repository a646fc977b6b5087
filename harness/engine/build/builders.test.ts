import { expect, test } from "vitest";
import { InfrastructureError } from "../machine/infrastructureError.ts";
import { createServer } from "node:net";
import { provision } from "../machine/provision.ts";
import { provisioningTimeoutMs } from "../testing.ts";
import { BuilderPool, builderChecks, configBuilders, parseBuilders, runBuilders } from "./builders.ts";

test("CROSSCHECK_BUILDERS: URI SYSTEMS JOBS entries separated by ;, - for a default", () => {
  expect(parseBuilders("unix:///var/run/docker.sock x86_64-linux 2; ssh://ci@arm1 aarch64-linux,x86_64-linux 4;tcp://10.0.0.5:2376 - -")).toEqual([
    { uri: "unix:///var/run/docker.sock", systems: ["x86_64-linux"], jobs: 2 },
    { uri: "ssh://ci@arm1", systems: ["aarch64-linux", "x86_64-linux"], jobs: 4 },
    { uri: "tcp://10.0.0.5:2376", systems: [], jobs: 1 },
  ]);
});

test("a bad entry is named with what to fix", () => {
  expect(() => parseBuilders("unix:///s x86_64-linux 2; ssh://ci@arm1 aarch64-linux four")).toThrow('CROSSCHECK_BUILDERS, entry 2 ("ssh://ci@arm1 aarch64-linux four"): jobs "four" is not a whole number of at least 1');
  expect(() => parseBuilders("http://host:80")).toThrow(/entry 1 .*has the scheme http:, which is no Docker engine's \(unix, ssh or tcp\)/);
  expect(() => parseBuilders("ssh://host x86_64 2")).toThrow(/"x86_64" is not a Nix system double/);
  expect(() => parseBuilders("ssh://host x86_64-linux 2 extra")).toThrow(/4 fields; write URI \[SYSTEMS \[JOBS\]\]/);
  expect(() => configBuilders([{ uri: "ssh://a" }, { url: "ssh://b" }], "/p/crosscheck.config.ts")).toThrow(/^\/p\/crosscheck.config.ts: builders\[1\]: write \{ uri:/);
});

test("the variable replaces the config's builders; neither means the one engine", () => {
  const config = { builders: [{ uri: "ssh://ci@arm1", systems: ["aarch64-linux"], jobs: 3 }], configFile: "/p/crosscheck.config.ts" };
  expect(runBuilders(config, {})).toEqual([{ uri: "ssh://ci@arm1", systems: ["aarch64-linux"], jobs: 3 }]);
  expect(runBuilders(config, { CROSSCHECK_BUILDERS: "tcp://h:2375" })).toEqual([{ uri: "tcp://h:2375", systems: [], jobs: 1 }]);
  expect(runBuilders({ configFile: null }, {})).toEqual([]);
});

test("a derivation no builder can take, or whose builders are all gone, is an infrastructure fault naming them", async () => {
  const gone = "unix:///nonexistent/crosscheck-builder.sock";
  const pool = new BuilderPool([{ uri: gone, systems: ["x86_64-linux"], jobs: 1 }]);
  await expect(pool.run("aarch64-linux", [], async () => "built")).rejects.toThrow(/^no builder left for aarch64-linux \(no builder lists it among its systems\)$/);
  let tries = 0;
  const failed = pool.run("x86_64-linux", [], async () => {
    tries++;
    throw new Error("the engine went away");
  });
  await expect(failed).rejects.toBeInstanceOf(InfrastructureError);
  await expect(failed).rejects.toThrow(new RegExp(`^no builder left for x86_64-linux \\(down: ${gone}: the engine went away\\)$`));
  expect(tries).toBe(1);
});

test("doctor's builder checks: the local engine answers with its version, a closed port is named as not answering with what to do", async () => {
  await provision();
  // A port nothing listens on: bound, then closed.
  const port = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
  const [local, gone] = await builderChecks(parseBuilders(`unix:///var/run/docker.sock x86_64-linux 2; tcp://127.0.0.1:${port} aarch64-linux`));
  expect(local).toMatchObject({ name: "builder unix:///var/run/docker.sock", ok: true });
  expect(local!.detail).toMatch(/^answering: engine \S+, API [0-9.]+ \(x86_64-linux, 2 jobs\)$/);
  expect(gone).toMatchObject({ name: `builder tcp://127.0.0.1:${port}`, ok: false });
  expect(gone!.detail).toMatch(/^nothing answers \(.*ECONNREFUSED.*\); a run marks it down and builds on the others$/);
  expect(gone!.fix).toBe(`start the engine at tcp://127.0.0.1:${port}, or take it out of CROSSCHECK_BUILDERS or the config's builders`);
  expect(await builderChecks([])).toEqual([expect.objectContaining({ name: "builders", ok: true })]);
}, provisioningTimeoutMs);
