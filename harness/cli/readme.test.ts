/** The README's command table is the one the command table generates. */
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { crosscheck } from "./cli.testutil.ts";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

test("README.md's command table is `crosscheck help --markdown`", async () => {
  const marked = /\n<!-- commands: [^\n]*-->\n([\s\S]*?)\n<!-- \/commands -->\n/.exec(readme);
  expect(marked, "README.md has no <!-- commands: ... --> ... <!-- /commands --> markers").not.toBeNull();
  const generated = await crosscheck("help", "--markdown");
  expect(generated.code).toBe(0);
  expect(marked![1]!.trim(), "the README's table is stale: paste `node bin/crosscheck.mjs help --markdown` between its markers").toBe(generated.stdout);
});
