import { UserError } from "../userError.ts";

type Command = (args: string[]) => Promise<number>;

/** Each subcommand lives in its own module and is loaded only when used. */
const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  init: {
    summary: "scaffold a project here: config, a recipe, a matrix, a CI workflow",
    load: async () => (await import("./init.ts")).init,
  },
  run: {
    summary: "run a matrix (default matrices/smoke.yaml): [--cell GLOB] [--shard i/n] [--update-snapshots]",
    load: async () => (await import("./run.ts")).run,
  },
  platforms: {
    summary: "list Nixpkgs' example platforms, or elaborate SPECs (--json, --can-execute)",
    load: async () => (await import("./platforms.ts")).platforms,
  },
  plan: {
    summary: "plan one cell (--build B --host H [--target T] PACKAGE), or show the stages (--stages)",
    load: async () => (await import("./plan.ts")).plan,
  },
  repro: {
    summary: "rebuild one cell here, phases live (CELL [--matrix FILE] [--shell]: a shell at the failing phase)",
    load: async () => (await import("./repro.ts")).repro,
  },
  why: {
    summary: "show why a built cell's output refers to a dependency (CELL DEPENDENCY), like nix why-depends",
    load: async () => (await import("./why.ts")).why,
  },
  report: {
    summary: "generate the HTML report (Allure 3) from reports/allure-results*; --open serves it",
    load: async () => (await import("./report.ts")).report,
  },
  gc: {
    summary: "trim the local store: --older-than AGE, --max-size SIZE, --dry-run",
    load: async () => (await import("./gc.ts")).gc,
  },
  doctor: {
    summary: "show each prerequisite (Docker engine, QEMU binfmt, base image) and its state; --fix repairs",
    load: async () => (await import("./doctor.ts")).doctor,
  },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`);
  return ["usage: crosscheck <command> [options]", "", "commands:", ...lines].join("\n");
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    console.log(usage());
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (command === undefined) {
    console.error(`crosscheck: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  try {
    return await (await command.load())(rest);
  } catch (error) {
    if (error instanceof UserError) {
      console.error(`crosscheck ${name}: ${error.message}`);
      return 2;
    }
    throw error;
  }
}
