/**
 * `crosscheck <command> ...`: the command line read against the command table (commands.ts),
 * then the command's function with the typed values. A UserError is the user's to fix: its
 * message, without a stack trace, and status 2. An InfrastructureError is the machine's (the
 * network, the engine, the disk): said as that, without a stack trace, and status 3.
 */
import { limitNames, limitSettings, parseLimit } from "../matrix/index.ts";
import { UserError } from "../userError.ts";
import type { CommandName, Invocation } from "./commands.ts";
import { commandHelp, help, overview, usageLine } from "./help.ts";
import { commandNamed, parseCommand } from "./parse.ts";
import { UsageError } from "./usageError.ts";

type Command<N extends CommandName> = (invocation: Invocation<N>) => Promise<number>;

/** Each command's function; its module is loaded only when used. */
const load: { [N in CommandName]: () => Promise<Command<N>> } = {
  init: async () => (await import("./init.ts")).init,
  import: async () => (await import("./import.ts")).importCommand,
  run: async () => (await import("./run.ts")).run,
  platforms: async () => (await import("./platforms.ts")).platforms,
  plan: async () => (await import("./plan.ts")).plan,
  repro: async () => (await import("./repro.ts")).repro,
  why: async () => (await import("./why.ts")).why,
  report: async () => (await import("./report.ts")).report,
  gc: async () => (await import("./gc.ts")).gc,
  doctor: async () => (await import("./doctor.ts")).doctor,
  help: async () => help,
};

async function call<N extends CommandName>(name: N, values: Record<string, unknown>, positionals: string[]): Promise<number> {
  const command = await load[name]();
  // parseCommand read them against commands[name], with the defaults Values<> assumes.
  return command({ values, positionals } as Invocation<N>);
}

/**
 * The matrix limits given as flags (commands.ts's matrixLimitOptions), set as their environment
 * variables while the command runs: every loadMatrix of the command reads them there, and so do
 * the test workers `run` starts. Returns what puts the environment back.
 */
function exportMatrixLimits(values: Record<string, unknown>): () => void {
  const saved: [string, string | undefined][] = [];
  for (const name of limitNames) {
    const { flag, env } = limitSettings[name];
    const value = values[flag];
    if (typeof value !== "string") continue;
    try {
      parseLimit(name, value, `--${flag}`);
    } catch (error) {
      throw error instanceof UserError ? new UsageError(error.message) : error;
    }
    saved.push([env, process.env[env]]);
    process.env[env] = value;
  }
  return () => {
    for (const [env, value] of saved.reverse()) {
      if (value === undefined) delete process.env[env];
      else process.env[env] = value;
    }
  };
}

export async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    console.log(overview());
    return 2;
  }
  let name: CommandName | undefined;
  try {
    // `crosscheck --help [COMMAND]` is `crosscheck help [COMMAND]`.
    name = commandNamed(first === "--help" || first === "-h" ? "help" : first);
    const parsed = parseCommand(name, rest);
    if (parsed.help) {
      console.log(commandHelp(name));
      return 0;
    }
    const restore = exportMatrixLimits(parsed.values);
    try {
      return await call(name, parsed.values, parsed.positionals);
    } finally {
      restore();
    }
  } catch (error) {
    const command = `crosscheck${name === undefined ? "" : ` ${name}`}`;
    if (error instanceof UserError) {
      const usage = error instanceof UsageError ? `\n${usageLine(name)}` : "";
      console.error(`${command}: ${error.message}${usage}`);
      return 2;
    }
    // Loaded only now: whatever threw one has loaded the engine already, and --help stays quick.
    const { InfrastructureError } = await import("../engine/index.ts");
    if (!(error instanceof InfrastructureError)) throw error;
    console.error(`${command}: a fault of this machine (${error.fault}), not of what you gave: ${error.message}\nfix the machine (or wait for the network) and run it again`);
    return 3;
  }
}
