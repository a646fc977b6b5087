/**
 * `crosscheck init`: scaffolds a project in the working directory (see project/scaffold.ts)
 * and prints what to run next. It never overwrites: a file that exists already stops it before
 * anything is written, except .gitignore, which gets the lines it lacks.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { UserError } from "../userError.ts";
import { findConfigFile, displayPath } from "../project/index.ts";
import { scaffoldFiles } from "../project/scaffold.ts";

/** It takes no arguments: the parser has refused any. */
export async function init(): Promise<number> {
  const existingConfig = findConfigFile(process.cwd());
  if (existingConfig !== null) throw new UserError(`this is a crosscheck project already (${displayPath(existingConfig)}); nothing written`);
  const clashes = scaffoldFiles.filter((f) => !f.append && existsSync(f.path)).map((f) => f.path);
  if (clashes.length > 0) throw new UserError(`${clashes.join(", ")} exist${clashes.length === 1 ? "s" : ""} already; move ${clashes.length === 1 ? "it" : "them"} away or write the project file by hand; nothing written`);

  for (const file of scaffoldFiles) {
    const path = resolve(file.path);
    mkdirSync(dirname(path), { recursive: true });
    if (file.append && existsSync(path)) {
      const present = new Set(readFileSync(path, "utf8").split("\n").map((l) => l.trim()));
      const missing = file.text.split("\n").filter((l) => l !== "" && !present.has(l));
      if (missing.length === 0) continue;
      const text = readFileSync(path, "utf8");
      writeFileSync(path, `${text}${text.endsWith("\n") || text === "" ? "" : "\n"}${missing.join("\n")}\n`);
      console.log(`updated ${file.path} (+${missing.join(" ")})`);
      continue;
    }
    writeFileSync(path, file.text);
    console.log(`wrote   ${file.path}`);
  }
  const installed = existsSync("node_modules/crosscheck/package.json");
  console.log(
    [
      "",
      "next:",
      ...(installed ? [] : ["  npm install --save-dev crosscheck      # crosscheck isn't in node_modules here yet"]),
      "  npx crosscheck run                     # cross-builds greet for aarch64, armv7l and riscv64 (as root: it starts Docker and QEMU)",
      "  npx crosscheck report --open           # the Allure report",
      "  git add . && git commit                # snapshots/ holds the closures to keep",
      "",
      "a recipe of your own: recipes/NAME.ts; the guide: node_modules/crosscheck/docs/recipes.md",
    ].join("\n"),
  );
  return 0;
}
