/**
 * The one parser: a command line read against the command table, with node:util's parseArgs in
 * strict mode underneath. Every mistake is a UsageError naming what was wrong and, for a typo,
 * what was probably meant.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { didYouMean } from "../suggest.ts";
import type { Options, PositionalSpec } from "./commandSpec.ts";
import { commands, helpOption, type CommandName } from "./commands.ts";
import { UsageError } from "./usageError.ts";

export type Parsed =
  | { help: true }
  | { help: false; values: Record<string, unknown>; positionals: string[] };

export function commandNamed(name: string): CommandName {
  if (Object.hasOwn(commands, name)) return name as CommandName;
  throw new UsageError(`unknown command '${name}'${didYouMean(name, Object.keys(commands))}`);
}

/** parseArgs' own option config: booleans default to false and multiples to [], so a command's
 * values are as Values<> types them. */
function parseArgsOptions(options: Options): NonNullable<ParseArgsConfig["options"]> {
  return Object.fromEntries(
    Object.entries(options).map(([name, spec]) => {
      const short = spec.short === undefined ? {} : { short: spec.short };
      if (spec.type === "boolean") return [name, { type: "boolean", ...short, default: false }];
      const multiple = spec.multiple === true;
      const fallback = multiple ? { default: [] } : spec.default === undefined ? {} : { default: spec.default };
      return [name, { type: "string", ...short, multiple, ...fallback }];
    }),
  );
}

/** parseArgs names the first problem it meets; the tokens of a lenient parse say which option it was. */
function explain(error: unknown, args: string[], options: Options): unknown {
  if (!(error instanceof Error && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS_"))) return error;
  const { tokens } = parseArgs({ args, options: parseArgsOptions(options), strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind !== "option") continue;
    const spec = options[token.name];
    if (spec === undefined) {
      const flags = Object.keys(options).map((name) => `--${name}`);
      return new UsageError(`unknown option '${token.rawName}'${didYouMean(token.rawName, flags)}`);
    }
    if (spec.type === "string" && token.value === undefined) return new UsageError(`${token.rawName} needs a value: ${token.rawName} ${spec.value}`);
  }
  return new UsageError(error.message);
}

function checkPositionals(specs: readonly PositionalSpec[], given: string[]): void {
  const required = specs.filter((p) => p.optional !== true && p.variadic !== true);
  if (given.length < required.length) {
    throw new UsageError(`missing ${required.slice(given.length).map((p) => p.name).join(" and ")}`);
  }
  const max = specs.some((p) => p.variadic === true) ? Infinity : specs.length;
  if (given.length > max) {
    const extra = given.slice(max).map((a) => `'${a}'`);
    throw new UsageError(`unexpected argument${extra.length === 1 ? "" : "s"} ${extra.join(" ")}`);
  }
}

/** The arguments after the command's name, as the table says that command takes them. */
export function parseCommand(name: CommandName, args: string[]): Parsed {
  const { options, positionals } = commands[name];
  const all: Options = { ...options, ...helpOption };
  let parsed;
  try {
    parsed = parseArgs({ args, options: parseArgsOptions(all), strict: true, allowPositionals: true });
  } catch (error) {
    throw explain(error, args, all);
  }
  const { help, ...values } = parsed.values;
  if (help === true) return { help: true };
  checkPositionals(positionals, parsed.positionals);
  return { help: false, values, positionals: parsed.positionals };
}
