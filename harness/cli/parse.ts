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
  if (name.startsWith("-")) {
    // `crosscheck --cell x run`: an option before any command.
    const option = name.replace(/^-+/, "").split("=")[0]!;
    const owners = (Object.keys(commands) as CommandName[]).filter((command) => Object.hasOwn(commands[command].options, option));
    const where = owners.length === 0 ? "" : `; it is an option of ${owners.map((command) => `'crosscheck ${command} --${option}'`).join(", ")}`;
    throw new UsageError(`expected a command first, then its options; got '${name}'${where}`);
  }
  if (/\.ya?ml$/.test(name)) throw new UsageError(`unknown command '${name}'; to run that matrix: crosscheck run ${name}`);
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
    const spec = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    if (spec === undefined) {
      const flags = Object.keys(options).map((name) => `--${name}`);
      // `-cell` reads as -c -e -l -l: name the argument as written, and the long option it resembles.
      const written = args[token.index]!.split("=")[0]!;
      if (/^-[^-]{2,}/.test(written)) {
        const long = `-${written}`;
        return new UsageError(`unknown option '${written}'${didYouMean(long, flags) || didYouMean(written, flags)}`);
      }
      return new UsageError(`unknown option '${token.rawName}'${didYouMean(token.rawName, flags)}`);
    }
    if (spec.type === "string") {
      if (token.value === undefined) return new UsageError(`${token.rawName} needs a value: ${token.rawName} ${spec.value}`);
      // parseArgs won't take `--cell -x` as a value: it might be a forgotten value before an option.
      if (token.inlineValue === false && token.value.startsWith("-")) {
        const hint = token.value.startsWith("--") ? "" : ` (a value starting with '-' is written ${token.rawName}=${token.value})`;
        return new UsageError(`${token.rawName} needs a value: ${token.rawName} ${spec.value}${hint}`);
      }
    }
    if (spec.type === "boolean" && token.value !== undefined) return new UsageError(`${token.rawName} takes no value: it is on when given, off when not`);
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

/**
 * A string option followed by a negative number (`--max-size -5G`) as `--max-size=-5G`: parseArgs
 * would take the number for an option and say so in words of its own; no option is a digit, so
 * the number can only be the value, which the command then judges (a size can't be negative).
 */
function joinNegativeValues(args: string[], options: Options): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") {
      joined.push(...args.slice(i));
      break;
    }
    const next = args[i + 1];
    const spec = arg.startsWith("--") && Object.hasOwn(options, arg.slice(2)) ? options[arg.slice(2)] : undefined;
    if (spec?.type === "string" && next !== undefined && /^-\d/.test(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

/** The arguments after the command's name, as the table says that command takes them. */
export function parseCommand(name: CommandName, given: string[]): Parsed {
  const { options, positionals } = commands[name];
  const all: Options = { ...options, ...helpOption };
  const args = joinNegativeValues(given, all);
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
