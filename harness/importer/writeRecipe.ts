/**
 * The recipe writer every source of recipes shares: a draft (draft.ts) as a recipe module, the
 * way recipes are written by hand (docs/recipes.md): `import type` from "crosscheck", a default
 * export taking its callPackage arguments with their types, `stdenv.mkDerivation({...})`. Each
 * value carries its origin as a comment; a dependency the package set lacks is a comment where
 * it would go; conditions are `lib.optionals(stdenv.isCross, [...])` spread into the list, so
 * every element stays spliced.
 */
import type { DraftFlag, DraftInput, DraftList, RecipeDraft, When } from "./draft.ts";

const reserved = new Set(
  "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await".split(" "),
);

/** An attribute as a JavaScript identifier: `pkg-config` → pkgConfig, `libpng1.6` → libpng16. */
export function identifierOf(attr: string): string {
  const parts = attr.split(/[^A-Za-z0-9_$]+/).filter(Boolean);
  let name = parts.map((p, i) => (i === 0 ? p : p[0]!.toUpperCase() + p.slice(1))).join("") || "recipe";
  if (/^\d/.test(name)) name = `_${name}`;
  return reserved.has(name) ? `${name}Package` : name;
}

const isPlainKey = (attr: string) => /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(attr) && !reserved.has(attr);
const str = (value: string) => JSON.stringify(value);
/** Comment text on one line. */
const oneLine = (text: string) => text.replace(/\s*\n\s*/g, " ").trim();

function condition(when: When): string {
  return when === "cross" ? "stdenv.isCross" : "!stdenv.isCross";
}

function whenNote(when: When): string {
  return when === "always" ? "" : when === "cross" ? " (only when cross-compiling)" : " (only when not cross-compiling)";
}

function renderInputs(list: DraftList, inputs: DraftInput[], ident: (attr: string) => string, indent: string): string[] {
  if (inputs.length === 0) return [];
  const lines = [`${indent}${list}: [`];
  for (const input of inputs) {
    const note = `${input.names.join(", ")}: ${input.why}${whenNote(input.when)}`;
    if (input.attr === null) {
      lines.push(`${indent}  // no recipe in the package set: ${oneLine(note)}${input.identity === null ? "" : ` [${input.identity}]`}`);
      continue;
    }
    const element = input.when === "always" ? ident(input.attr) : `...lib.optionals(${condition(input.when)}, [${ident(input.attr)}])`;
    lines.push(`${indent}  ${element}, // ${oneLine(note)}`);
  }
  lines.push(`${indent}],`);
  return lines;
}

function renderFlags(name: string, flags: DraftFlag[], indent: string): string[] {
  if (flags.length === 0) return [];
  const lines = [`${indent}${name}: [`];
  for (const flag of flags) {
    const value = flag.expression ?? str(flag.value);
    const element = flag.when === "always" ? value : `...lib.optionals(${condition(flag.when)}, [${value}])`;
    lines.push(`${indent}  ${element}, // ${oneLine(flag.from)}${whenNote(flag.when)}`);
  }
  lines.push(`${indent}],`);
  return lines;
}

function docComment(lines: string[], indent = ""): string[] {
  const safe = lines.flatMap((l) => l.split("\n")).map((l) => l.replace(/\*\//g, "* /"));
  return [`${indent}/**`, ...safe.map((l) => `${indent} *${l === "" ? "" : ` ${l}`}`), `${indent} */`];
}

/** The recipe module for a draft: TypeScript, `import type` only, that the catalog loads as it is. */
export function renderRecipe(draft: RecipeDraft, command: string): string {
  const attrs = [...new Set(draft.inputs.flatMap((i) => (i.attr === null ? [] : [i.attr])))].filter((a) => a !== "stdenv" && a !== "lib" && a !== "buildPackages").sort();
  const taken = new Set(["stdenv", "lib", "prefix", "buildPackages"]);
  const idents = new Map<string, string>();
  for (const attr of attrs) {
    let id = identifierOf(attr);
    while (taken.has(id)) id = `${id}_`;
    taken.add(id);
    idents.set(attr, id);
  }
  const ident = (attr: string) => idents.get(attr)!;
  const binding = (attr: string) => (isPlainKey(attr) && ident(attr) === attr ? attr : `${str(attr)}: ${ident(attr)}`);
  const typing = (attr: string) => `${isPlainKey(attr) ? attr : str(attr)}: Package`;
  const buildPackages = draft.buildCompiler === null ? [] : ["buildPackages"];
  const params = `{ ${["stdenv", "lib", ...buildPackages, ...attrs.map(binding)].join(", ")} }: { ${["stdenv: Stdenv", "lib: Lib", ...(buildPackages.length > 0 ? ["buildPackages: { stdenv: Stdenv }"] : []), ...attrs.map(typing)].join("; ")} }`;
  const types = ["Lib", ...(attrs.length > 0 ? ["Package"] : []), "Stdenv"];
  const usesPrefix = [...draft.configureFlags, ...draft.cmakeFlags, ...draft.mesonFlags, ...draft.makeFlags].some((f) => f.expression?.includes("${prefix}"));

  const i2 = "    ";
  const body: string[] = [];
  body.push(`${i2}pname: ${str(draft.pname)},`, `${i2}version: ${str(draft.version)},`);
  const src = draft.src;
  body.push(`${i2}src: {`);
  for (const [key, value] of Object.entries(src)) {
    if (key === "files") continue;
    body.push(`${i2}  ${key}: ${str(String(value))},${key === "sha256" && draft.srcNote !== "" ? ` // ${oneLine(draft.srcNote)}` : ""}`);
  }
  body.push(`${i2}},`);
  if (draft.sourceRoot !== null) body.push(`${i2}sourceRoot: ${str(draft.sourceRoot)},`);
  body.push(`${i2}// ${oneLine(draft.buildSystemWhy)}`, `${i2}buildSystem: ${str(draft.buildSystem)},`);
  if (draft.buildCompiler !== null) body.push(`${i2}depsBuildBuild: [buildPackages.stdenv.cc], // ${oneLine(draft.buildCompiler)}`);
  for (const list of ["nativeBuildInputs", "buildInputs", "propagatedBuildInputs"] as const) {
    body.push(...renderInputs(list, draft.inputs.filter((i) => i.list === list), ident, i2));
  }
  body.push(...renderFlags("configureFlags", draft.configureFlags, i2));
  body.push(...renderFlags("cmakeFlags", draft.cmakeFlags, i2));
  body.push(...renderFlags("mesonFlags", draft.mesonFlags, i2));
  body.push(...renderFlags("makeFlags", draft.makeFlags, i2));
  for (const hook of draft.hooks) body.push(`${i2}// ${oneLine(hook.why)}`, `${i2}${hook.name}: ${str(hook.text)},`);
  if (draft.outputs.length > 1 || draft.outputs[0] !== "out") body.push(`${i2}outputs: [${draft.outputs.map(str).join(", ")}],`);
  body.push(`${i2}doCheck: ${draft.doCheck}, // ${oneLine(draft.doCheckWhy)}`);
  if (draft.installCheckHint !== null) {
    body.push(`${i2}// An installCheck runs an installed program (under QEMU when cross) and checks what it prints;`, `${i2}// the program's name here is a guess from the package's own (${oneLine(draft.installCheckHint.replace(/^"\$out\/bin\/|".*$/g, ""))}):`);
    body.push(`${i2}// doInstallCheck: true,`, `${i2}// installCheck: ${str(draft.installCheckHint)},`);
  }
  body.push(`${i2}meta: {`);
  if (draft.meta.description !== null) body.push(`${i2}  description: ${str(draft.meta.description)},`);
  if (draft.meta.homepage !== null) body.push(`${i2}  homepage: ${str(draft.meta.homepage)},`);
  if (draft.meta.license !== null) body.push(`${i2}  license: ${str(draft.meta.license)},`);
  body.push(`${i2}  platforms: lib.platforms.${draft.meta.platforms},`, `${i2}},`);

  const review = draft.review.flatMap((note) => ["", `  // ${oneLine(note.title)}`, ...note.lines.map((l) => `  //   ${oneLine(l)}`)]);
  return [
    `// Drafted by \`${command}\`: review it before relying on it.`,
    "// What the importer could not decide is said in comments; the package's own notes for cross",
    "// builds are at the top of the function.",
    `import type { ${types.join(", ")} } from "crosscheck";`,
    "",
    ...docComment(draft.summary),
    `export default function ${identifierOf(draft.attr)}(${params}) {`,
    ...(usesPrefix ? ['  // The host tools\' prefix (stdenv.cc.targetPrefix in Nixpkgs): empty natively.', '  const prefix = stdenv.isCross ? `${stdenv.hostPlatform.config}-` : "";'] : []),
    ...review.slice(review[0] === "" && !usesPrefix ? 1 : 0),
    ...(review.length > 0 ? [""] : []),
    "  return stdenv.mkDerivation({",
    ...body,
    "  });",
    "}",
    "",
  ].join("\n");
}
