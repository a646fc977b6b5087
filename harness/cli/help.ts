/**
 * Every usage text, generated from the command table: the usage lines of errors, `crosscheck
 * --help`, `crosscheck <command> --help`, and the README's command table (`help --markdown`).
 */
import type { OptionSpec, PositionalSpec } from "./commandSpec.ts";
import { commands, helpOption, type CommandName, type Invocation } from "./commands.ts";
import { commandNamed } from "./parse.ts";

const names = Object.keys(commands) as CommandName[];

function placeholder(p: PositionalSpec): string {
  if (p.variadic === true) return `[${p.name}...]`;
  return p.optional === true ? `[${p.name}]` : p.name;
}

function flag(name: string, spec: OptionSpec): string {
  return spec.type === "boolean" ? `--${name}` : `--${name} ${spec.value}`;
}

const repeatable = (spec: OptionSpec) => (spec.type === "string" && spec.multiple === true ? "..." : "");

/** `crosscheck run [MATRIX] [--cell GLOB] ...`: the positionals, then every option but --help. */
function synopsis(name: CommandName): string {
  const { positionals, options } = commands[name];
  const optional = Object.entries(options).map(([option, spec]: [string, OptionSpec]) => `[${flag(option, spec)}]${repeatable(spec)}`);
  return ["crosscheck", name, ...positionals.map(placeholder), ...optional].join(" ");
}

/** What main prints after a UsageError: the command's synopsis, or how to name a command. */
export function usageLine(name: CommandName | undefined): string {
  return name === undefined ? `usage: crosscheck <command> [options], a command of: ${names.join(", ")}` : `usage: ${synopsis(name)}`;
}

function columns(rows: [string, string][]): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
}

export function overview(): string {
  return [
    "usage: crosscheck <command> [options]",
    "",
    "commands:",
    ...columns(names.map((name) => [name, commands[name].summary])),
    "",
    "crosscheck <command> --help shows a command's arguments and options.",
  ].join("\n");
}

export function commandHelp(name: CommandName): string {
  const { summary, positionals, options } = commands[name];
  const optionRows = Object.entries({ ...options, ...helpOption }).map(([option, spec]: [string, OptionSpec]): [string, string] => [
    `${spec.short === undefined ? "" : `-${spec.short}, `}${flag(option, spec)}${repeatable(spec)}`,
    spec.type === "string" && spec.default !== undefined ? `${spec.description} (default: ${spec.default})` : spec.description,
  ]);
  return [
    usageLine(name),
    "",
    summary,
    ...(positionals.length === 0 ? [] : ["", "arguments:", ...columns(positionals.map((p): [string, string] => [p.name, p.description]))]),
    "",
    "options:",
    ...columns(optionRows),
  ].join("\n");
}

/** The README's command table (between its `commands` markers). */
export function markdownTable(only: readonly CommandName[]): string {
  return ["| command | what |", "|---|---|", ...only.map((name) => `| \`npx ${synopsis(name)}\` | ${commands[name].summary} |`)].join("\n");
}

/** `crosscheck help [COMMAND] [--markdown]`. */
export async function help({ values, positionals: [command] }: Invocation<"help">): Promise<number> {
  const name = command === undefined ? undefined : commandNamed(command);
  if (values.markdown) console.log(markdownTable(name === undefined ? names : [name]));
  else console.log(name === undefined ? overview() : commandHelp(name));
  return 0;
}
