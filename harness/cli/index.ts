/** The `crosscheck` command line: `main(argv)` reads it against the command table and runs the command. */
export { main } from "./main.ts";
