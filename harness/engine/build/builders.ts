/**
 * Remote builders, as Nix's `builders` setting and Hydra's machines file: Docker-API engines
 * (the local socket, `ssh://user@host`, `tcp://host:2376` with TLS, Podman's compatible service),
 * each with the systems it builds for and how many builds it runs at once. The scheduler
 * dispatches derivations across them (BuilderPool); inputs reach an engine as a step's inputs
 * always do (bound on a local socket, copied to a remote one) and outputs come back into the
 * local store.
 *
 * From CROSSCHECK_BUILDERS, else the project config's `builders`. The variable's syntax is Nix's
 * machine lines cut to what an engine needs: entries separated by `;` (or new lines), each
 * `URI [SYSTEMS [JOBS]]`, SYSTEMS comma-separated Nix system doubles (`x86_64-linux,aarch64-linux`),
 * `-` for a default: any system, one job.
 *
 *   CROSSCHECK_BUILDERS="unix:///var/run/docker.sock x86_64-linux 2; ssh://ci@arm1 aarch64-linux,x86_64-linux 4"
 */
import type Dockerode from "dockerode";
import { UserError } from "../../userError.ts";
import { engineStatus, onEngine, type EngineConnection } from "../machine/dockerEngine.ts";
import { connectEngine, engineUriProblem } from "../machine/engineConnection.ts";
import { InfrastructureError } from "../machine/infrastructureError.ts";
import type { Check } from "../machine/prerequisites.ts";
import { localImage } from "../images/images.ts";

export interface BuilderSpec {
  uri: string;
  /** Nix system doubles it builds for; empty: any. */
  systems: string[];
  /** Builds at once. */
  jobs: number;
}

export const buildersEnvVar = "CROSSCHECK_BUILDERS";

const syntax = "URI [SYSTEMS [JOBS]], e.g. ssh://ci@arm1 aarch64-linux 4";

function checked(where: string, uri: string, systems: string[], jobs: number | string | undefined): BuilderSpec {
  const problem = engineUriProblem(uri);
  if (problem !== undefined) throw new UserError(`${where}: ${JSON.stringify(uri)} ${problem}`);
  const bad = systems.find((s) => !/^[a-z0-9_]+-[a-z0-9_]+$/.test(s));
  if (bad !== undefined) throw new UserError(`${where}: ${JSON.stringify(bad)} is not a Nix system double (write e.g. x86_64-linux,aarch64-linux)`);
  const count = jobs === undefined || jobs === "-" ? 1 : Number(jobs);
  if (!Number.isInteger(count) || count < 1) throw new UserError(`${where}: jobs ${JSON.stringify(jobs)} is not a whole number of at least 1`);
  return { uri, systems, jobs: count };
}

/** CROSSCHECK_BUILDERS's entries. */
export function parseBuilders(text: string, source = buildersEnvVar): BuilderSpec[] {
  const entries = text.split(/[;\n]/).map((e) => e.trim()).filter((e) => e !== "" && !e.startsWith("#"));
  return entries.map((entry, i) => {
    const where = `${source}, entry ${i + 1} (${JSON.stringify(entry)})`;
    const fields = entry.split(/\s+/);
    if (fields.length > 3) throw new UserError(`${where}: ${fields.length} fields; write ${syntax}`);
    const [uri, systems, jobs] = fields as [string, string?, string?];
    return checked(where, uri, systems === undefined || systems === "-" ? [] : systems.split(","), jobs);
  });
}

/** The config's `builders` (project/config.ts's BuilderConfig list, or a string), checked. */
export function configBuilders(builders: unknown, configFile: string): BuilderSpec[] {
  if (typeof builders === "string") return parseBuilders(builders, `${configFile}: builders`);
  if (!Array.isArray(builders)) throw new UserError(`${configFile}: 'builders' must be a list of { uri, systems, jobs } or a string of ${syntax}`);
  return (builders as unknown[]).map((value, i) => {
    const where = `${configFile}: builders[${i}]`;
    const entry = value as { uri?: unknown; systems?: unknown; jobs?: unknown } | null;
    if (entry === null || typeof entry !== "object" || typeof entry.uri !== "string") throw new UserError(`${where}: write { uri: "ssh://user@host", systems: ["x86_64-linux"], jobs: 2 }`);
    const systems = entry.systems ?? [];
    if (!Array.isArray(systems) || !systems.every((s) => typeof s === "string")) throw new UserError(`${where}: systems must be a list of Nix system doubles`);
    if (entry.jobs !== undefined && typeof entry.jobs !== "number") throw new UserError(`${where}: jobs must be a number`);
    return checked(where, entry.uri, systems as string[], entry.jobs);
  });
}

/** The run's builders: CROSSCHECK_BUILDERS, else the config's; none means the process's one engine. */
export function runBuilders(config: { builders?: unknown; configFile: string | null }, env: NodeJS.ProcessEnv = process.env): BuilderSpec[] {
  const text = env[buildersEnvVar];
  if (text !== undefined && text.trim() !== "") return parseBuilders(text);
  if (config.builders === undefined || config.builders === null) return [];
  return configBuilders(config.builders, config.configFile ?? "crosscheck.config.ts");
}

/** Whether each builder's engine answers, for `doctor`: asked as a run would ask it, at once. */
export async function builderChecks(specs: readonly BuilderSpec[]): Promise<Check[]> {
  if (specs.length === 0) return [{ name: "builders", ok: true, detail: `none: builds run on the Docker engine (${buildersEnvVar} and the config's builders are unset)` }];
  return Promise.all(
    specs.map(async (spec) => {
      const status = await onEngine(connectEngine(spec.uri), () => engineStatus(10_000));
      const serves = `${spec.systems.length > 0 ? spec.systems.join(",") : "any system"}, ${spec.jobs} job${spec.jobs === 1 ? "" : "s"}`;
      return {
        name: `builder ${spec.uri}`,
        ok: status.answering,
        detail: status.answering ? `answering: engine ${status.serverVersion}, API ${status.apiVersion} (${serves})` : `nothing answers${status.reason ? ` (${status.reason})` : ""}; a run marks it down and builds on the others`,
        fix: `start the engine at ${spec.uri}, or take it out of ${buildersEnvVar} or the config's builders`,
      };
    }),
  );
}

interface Builder {
  spec: BuilderSpec;
  connection: EngineConnection;
  running: number;
  /** Why it is out of the run, once it is. */
  down: string | null;
  /** Images known to be there. */
  images: Set<string>;
}

/** Whether a builder's engine is gone (asked again after a fault, it does not answer). */
async function engineLost(builder: Builder): Promise<boolean> {
  const status = await onEngine(builder.connection, () => engineStatus(10_000));
  return !status.answering;
}

/**
 * The builders of a run and their free jobs. `acquire` gives a derivation a builder for its
 * system with a free job, preferring one that holds its images; `provide` gets a builder the
 * images it lacks, copied from a builder that holds them (an image export into an import, as
 * `docker save | docker load`), else its own engine pulls them from the shared cache's registry
 * or builds them, as the one engine would. A builder whose engine stops answering is marked down
 * for the rest of the run and its derivation retried elsewhere (`run`); only when no builder for
 * the system is left does the derivation fail, as infrastructure.
 */
export class BuilderPool {
  private readonly builders: Builder[];
  private waiting: (() => void)[] = [];

  constructor(specs: BuilderSpec[], connect: (uri: string) => EngineConnection = connectEngine) {
    this.builders = specs.map((spec) => ({ spec, connection: connect(spec.uri), running: 0, down: null, images: new Set() }));
  }

  get jobs(): number {
    return this.builders.reduce((sum, b) => sum + b.spec.jobs, 0);
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resume of waiting) resume();
  }

  private async holds(builder: Builder, images: string[]): Promise<boolean> {
    for (const image of images) {
      if (builder.images.has(image)) continue;
      const present = await onEngine(builder.connection, () => localImage(image)).catch(() => undefined);
      if (present === undefined) return false;
      builder.images.add(image);
    }
    return true;
  }

  private able(system: string): Builder[] {
    return this.builders.filter((b) => b.down === null && (b.spec.systems.length === 0 || b.spec.systems.includes(system)));
  }

  private async acquire(system: string, images: string[]): Promise<Builder> {
    for (;;) {
      const able = this.able(system);
      if (able.length === 0) {
        const down = this.builders.filter((b) => b.down !== null).map((b) => `${b.spec.uri}: ${b.down}`);
        throw new InfrastructureError("engine", `no builder left for ${system}${down.length > 0 ? ` (down: ${down.join("; ")})` : " (no builder lists it among its systems)"}`);
      }
      const free = able.filter((b) => b.running < b.spec.jobs);
      const holding = await Promise.all(free.map((b) => this.holds(b, images)));
      const open = (b: Builder) => b.down === null && b.running < b.spec.jobs;
      const load = (b: Builder) => b.running / b.spec.jobs;
      const choice = free.filter((b, i) => holding[i] && open(b)).sort((a, b) => load(a) - load(b))[0] ?? free.filter(open).sort((a, b) => load(a) - load(b))[0];
      if (choice !== undefined) {
        choice.running++;
        return choice;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  /** Copies the images a builder lacks from one that holds them, when one does. */
  private async provide(builder: Builder, images: string[]): Promise<void> {
    const missing: string[] = [];
    for (const image of images) if (!(await this.holds(builder, [image]))) missing.push(image);
    if (missing.length === 0) return;
    for (const peer of this.builders) {
      if (peer === builder || peer.down !== null || !(await this.holds(peer, missing))) continue;
      const exported = (await (peer.connection.dockerode as unknown as { getImages(o: { names: string[] }): Promise<NodeJS.ReadableStream> }).getImages({ names: missing })) as NodeJS.ReadableStream;
      await follow(builder.connection.dockerode, await builder.connection.dockerode.loadImage(exported, { quiet: true }));
      for (const image of missing) builder.images.add(image);
      return;
    }
  }

  /**
   * Runs `work` (one derivation's realization) on a builder for `system`, against its engine;
   * `work` calls `provide` before it needs `images` (not when the store or the shared cache has
   * the derivation). Retried on another builder when the engine is lost meanwhile.
   */
  async run<T>(system: string, images: string[], work: (provide: () => Promise<void>) => Promise<T>): Promise<T> {
    for (;;) {
      const builder = await this.acquire(system, images);
      try {
        const result = await onEngine(builder.connection, () => work(() => this.provide(builder, images)));
        for (const image of images) builder.images.add(image);
        return result;
      } catch (error) {
        if (!(await engineLost(builder))) throw error;
        builder.down = error instanceof Error ? error.message : String(error);
        console.error(`warning: builder ${builder.spec.uri} stopped answering; it is out of this run, its builds go to the others (${builder.down})`);
      } finally {
        builder.running--;
        this.wake();
      }
    }
  }
}

async function follow(docker: Dockerode, stream: NodeJS.ReadableStream): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(stream, (error: Error | null, output: Array<{ error?: string }>) => {
      const failed = output?.find((o) => o.error);
      if (error || failed) reject(new InfrastructureError("image", `image copy between builders failed: ${error?.message ?? failed?.error}`));
      else resolve();
    });
  });
}
