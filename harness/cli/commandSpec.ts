/**
 * What the command table (commands.ts) says of a command, and the types of what its parser
 * hands the command's function: the table is the one source of the parser, the help and the
 * README's command table, so a command's function is typed by its own table entry.
 */

export type OptionSpec =
  | {
      type: "boolean";
      short?: string;
      /** One line, for the help. */
      description: string;
    }
  | {
      type: "string";
      short?: string;
      /** The value's placeholder in the usage line and the help: `--cell GLOB`. */
      value: string;
      /** Given more than once, every value is kept, in order. */
      multiple?: boolean;
      default?: string;
      description: string;
    };

export type Options = Readonly<Record<string, OptionSpec>>;

/** Required positionals come first, then optional ones, then at most one variadic (zero or more). */
export interface PositionalSpec {
  /** Its placeholder: `CELL`. */
  name: string;
  optional?: boolean;
  variadic?: boolean;
  description: string;
}

export interface CommandSpec {
  /** One line, for `crosscheck --help` and the README. */
  summary: string;
  positionals: readonly PositionalSpec[];
  options: Options;
}

/** A boolean is false unless given, a multiple option [] unless given (the parser's defaults). */
type OptionValue<S extends OptionSpec> = S extends { type: "boolean" }
  ? boolean
  : S extends { multiple: true }
    ? string[]
    : S extends { default: string }
      ? string
      : string | undefined;

export type Values<O extends Options> = { -readonly [K in keyof O]: OptionValue<O[K]> };

export type PositionalValues<P extends readonly PositionalSpec[]> = P extends readonly [infer First extends PositionalSpec, ...infer Rest extends readonly PositionalSpec[]]
  ? First extends { variadic: true }
    ? string[]
    : [First extends { optional: true } ? string | undefined : string, ...PositionalValues<Rest>]
  : [];
