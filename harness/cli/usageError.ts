import { UserError } from "../userError.ts";

/**
 * A command line that doesn't fit the command (an unknown option, a missing argument, options
 * that exclude each other): main prints the command's usage line after the message.
 */
export class UsageError extends UserError {}
