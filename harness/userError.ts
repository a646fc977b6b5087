/**
 * A mistake in what the user gave us (a spec, a matrix, a recipe name). The CLI prints its
 * message without a stack trace and exits with status 2; everything else is a bug or a fault.
 */
export class UserError extends Error {
  override readonly name = "UserError";
}
