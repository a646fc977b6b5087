/** The command line as the table defines it: typos, parse errors, and the generated help. */
import { describe, expect, test } from "vitest";
import { commands, type CommandName } from "./commands.ts";
import { crosscheck, crosscheckBinary } from "./cli.testutil.ts";

const names = Object.keys(commands) as CommandName[];
const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The long flags a help text lists under "options:". */
function listedOptions(help: string): string[] {
  const section = help.split("\noptions:\n")[1] ?? "";
  return section.split("\n").map((line) => /--([\w-]+)/.exec(line)?.[1] ?? `unparsed: ${line}`);
}

describe("typos get a suggestion, status 2 and no stack trace", () => {
  test("an unknown command", async () => {
    const { code, stdout, stderr } = await crosscheckBinary(["rnu"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^crosscheck: unknown command 'rnu'; did you mean 'run'\?\nusage: crosscheck <command> \[options\], a command of: init, import, run, /);
    expect(stderr).not.toMatch(/\n\s+at /);
  }, 20_000);

  test("an unknown option, for the command it was given to", async () => {
    const { code, stderr } = await crosscheckBinary(["run", "matrices/smoke.yaml", "--update-snapshot"]);
    expect(code).toBe(2);
    expect(stderr).toBe("crosscheck run: unknown option '--update-snapshot'; did you mean '--update-snapshots'?\nusage: crosscheck run [MATRIX] [--cell GLOB] [--shard i/n] [--update-snapshots] [--rerun-checks] [--reporter FORMAT] [--max-matrix-size SIZE] [--max-aliases N] [--max-depth N] [--max-cells N]\n");
  }, 20_000);

  test("an option of another command is unknown here, and nonsense gets no suggestion", async () => {
    expect((await crosscheck("gc", "--dryrun")).stderr).toMatch(/^crosscheck gc: unknown option '--dryrun'; did you mean '--dry-run'\?\n/);
    expect((await crosscheck("doctor", "--matrix")).stderr).toMatch(/^crosscheck doctor: unknown option '--matrix'\nusage: crosscheck doctor /);
  });

  test("an unknown command named to help", async () => {
    const { code, stderr } = await crosscheck("help", "plna");
    expect(code).toBe(2);
    expect(stderr).toMatch(/^crosscheck help: unknown command 'plna'; did you mean 'plan'\?\nusage: crosscheck help \[COMMAND\]/);
  });
});

describe("parse errors name the command and show its usage line", () => {
  test.each([
    [["repro", "hello@x86_64-linux~riscv64", "--matrix"], "crosscheck repro: --matrix needs a value: --matrix FILE\nusage: crosscheck repro CELL [--matrix FILE] [--shell] [--max-matrix-size SIZE] [--max-aliases N] [--max-depth N] [--max-cells N]"],
    [["why", "smoke/hello-riscv64"], "crosscheck why: missing DEPENDENCY\nusage: crosscheck why CELL DEPENDENCY"],
    [["why"], "crosscheck why: missing CELL and DEPENDENCY\nusage: crosscheck why CELL DEPENDENCY"],
    [["run", "a.yaml", "b.yaml"], "crosscheck run: unexpected argument 'b.yaml'\nusage: crosscheck run [MATRIX] [--cell GLOB] [--shard i/n] [--update-snapshots] [--rerun-checks] [--reporter FORMAT] [--max-matrix-size SIZE] [--max-aliases N] [--max-depth N] [--max-cells N]"],
    [["init", "here"], "crosscheck init: unexpected argument 'here'\nusage: crosscheck init"],
    [["doctor", "--fix=yes"], "crosscheck doctor: --fix takes no value: it is on when given, off when not\nusage: crosscheck doctor [--fix] [--json]"],
    [["gc"], "crosscheck gc: say what to trim: --older-than and/or --max-size\nusage: crosscheck gc [--older-than AGE] [--max-size SIZE] [--dry-run]"],
    [["plan", "--stages"], /^crosscheck plan: --stages needs --local, or a cell's --build and --host\nusage: crosscheck plan \[PACKAGE\] /],
    [["plan", "--stages", "--host", "riscv64"], /^crosscheck plan: --stages of a cell needs --build and --host\nusage: crosscheck plan \[PACKAGE\] /],
    [["plan", "--stages", "--build", "x86_64-linux", "--host", "riscv64", "--local", "x86_64-linux"], /^crosscheck plan: --stages takes a cell \(--build, --host\) or an import \(--local, --cross\), not both\nusage: /],
  ] as const)("%j", async (argv, message) => {
    const { code, stdout, stderr } = await crosscheck(...argv);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    if (typeof message === "string") expect(stderr).toBe(message);
    else expect(stderr).toMatch(message);
  });
});

describe("the help comes from the table", () => {
  test.each(names)("crosscheck %s --help lists exactly the table's options and arguments", async (name) => {
    const { code, stdout } = await crosscheck(name, "--help");
    expect(code).toBe(0);
    expect(listedOptions(stdout)).toEqual([...Object.keys(commands[name].options), "help"]);
    for (const positional of commands[name].positionals) expect(stdout).toMatch(new RegExp(`^  ${positional.name}\\s+${literally(positional.description)}$`, "m"));
    expect(stdout.split("\n").slice(0, 3)).toEqual([expect.stringMatching(`^usage: crosscheck ${name}\\b`), "", commands[name].summary]);
    expect((await crosscheck("help", name)).stdout).toBe(stdout);
    expect((await crosscheck(name, "-h")).stdout).toBe(stdout);
  });

  test("an option's placeholder, default and repeatability show", async () => {
    expect((await crosscheck("report", "--help")).stdout).toMatch(/^  --port N +the port --open serves on; 0 picks a free one \(default: 0\)$/m);
    expect((await crosscheck("plan", "--help")).stdout).toMatch(/^usage: crosscheck plan \[PACKAGE\] .*\[--path P\]\.\.\.$/m);
  });

  test("crosscheck --help lists every command with its summary; with no command at all it is the answer too, status 2", async () => {
    const help = await crosscheck("--help");
    expect(help.code).toBe(0);
    const listed = help.stdout.split("\ncommands:\n")[1]!.split("\n\n")[0]!.split("\n");
    expect(listed).toEqual(names.map((name) => expect.stringMatching(`^  ${name} +${literally(commands[name].summary)}$`)));
    expect(await crosscheck()).toEqual({ code: 2, stdout: help.stdout, stderr: "" });
    expect((await crosscheck("help")).stdout).toBe(help.stdout);
  });
});
