/**
 * A Debian source package as a draft recipe: the upstream tarball pinned by the sha256 its
 * .dsc gives; the build system from the tarball (Debian's own choice when the tarball supports
 * it); Build-Depends sorted into the dependency lists; Debian's configure, cmake, meson or make
 * arguments from debian/rules (what it sets only for cross builds under `stdenv.isCross`);
 * meta from debian/control and debian/copyright; and for a reviewer what Debian's packaging
 * knows about cross builds: build profiles, the rules' cross lines, the patches not applied.
 */
import type { BuildSystem } from "../../planner/index.ts";
import { detectBuildSystem, makefileHints } from "../buildSystem.ts";
import type { CatalogIndex } from "../catalogIndex.ts";
import type { DraftFlag, RecipeDraft, ReviewNote, When } from "../draft.ts";
import type { DebianArchive } from "./archive.ts";
import { sortBuildDepends, type SortedDependency } from "./buildDepends.ts";
import { upstreamLicense } from "./copyright.ts";
import { folded, parseParagraphs, type Paragraph } from "./deb822.ts";
import { readRules, type Condition, type RuleArgument, type RulesFacts } from "./rules.ts";
import type { SourcePackage } from "./sourcePackage.ts";
import { recipeVersion } from "./version.ts";

/** The attribute a Debian source package gets by default: its name. */
export function attrOfSource(source: string): string {
  return source;
}

/** Debian's configure arguments that only say where Debian installs, or what the recipe sets itself. */
const autotoolsLayout =
  /^--(prefix|exec-prefix|bindir|sbindir|libdir|libexecdir|includedir|oldincludedir|datarootdir|datadir|sysconfdir|sharedstatedir|localstatedir|runstatedir|mandir|infodir|docdir|htmldir|localedir|build|host|target|(en|dis)able-silent-rules|disable-maintainer-mode|disable-dependency-tracking|disable-option-checking)(=|$)/;
const cmakeLayout = /^-DCMAKE_(INSTALL_[A-Z_]+|BUILD_TYPE|VERBOSE_MAKEFILE|C_COMPILER|CXX_COMPILER|SYSTEM_NAME|SYSTEM_PROCESSOR|FIND_[A-Z_]+|EXPORT_NO_PACKAGE_REGISTRY|SKIP_INSTALL_ALL_DEPENDENCY|AUTOGEN_VERBOSE)(:[A-Z]+)?=|^-G/;
const mesonLayout = /^(--(prefix|bindir|libdir|libexecdir|includedir|sysconfdir|localstatedir|datadir|mandir|buildtype|wrap-mode|auto-features|cross-file|native-file)(=|$)|-D(prefix|bindir|libdir|libexecdir|includedir|sysconfdir|localstatedir|datadir|mandir|buildtype)=)/;
/** Make variables Debian sets for its own layout (the recipe's prefix replaces them). */
const makeLayout = /^(DESTDIR|PREFIX|prefix|LIBDIR|libdir|BINDIR|bindir|INCLUDEDIR|includedir|MANDIR|mandir|DATADIR|datadir|SYSCONFDIR|sysconfdir|LIBEXECDIR|libexecdir|PKGCONFIGDIR|DOCDIR|docdir)=/;
/** Tool variables a Makefile may need on its command line: the recipe knows them by the host's prefix. */
const makeTools: Record<string, string> = { CC: "cc", CXX: "c++", AR: "ar", RANLIB: "ranlib", STRIP: "strip", LD: "ld", NM: "nm", OBJCOPY: "objcopy" };

const dhBuildSystems: Record<string, BuildSystem> = {
  autoconf: "autotools",
  cmake: "cmake",
  "cmake+makefile": "cmake",
  "cmake+ninja": "cmake",
  meson: "meson",
  "meson+ninja": "meson",
  makefile: "make",
};

function when(condition: Condition): When | null {
  return condition.kind === "always" ? "always" : condition.kind === "cross" ? "cross" : condition.kind === "native" ? "native" : null;
}

function conditionText(condition: Condition): string {
  return condition.kind === "other" ? ` [${condition.text}]` : condition.kind === "always" ? "" : ` [${condition.kind} only]`;
}

/** The binary paragraphs of debian/control (the first is the source's). */
function binaries(control: Paragraph[]): Paragraph[] {
  return control.slice(1).filter((p) => p["package"] !== undefined);
}

const notTheProgram = /-(dev|doc|dbg|dbgsym|data|common|udeb|bin-dbg)$|^lib/;

/** The part of a synopsis before its ` - what this binary package holds` (`XML parsing C library - runtime library`). */
const beforeDash = (synopsis: string) => synopsis.replace(/\s+[-–—]\s+(?!.*\s[-–—]\s).*$/, "").trim();

function description(source: string, packages: Paragraph[]): string | null {
  const synopses = packages.map((p) => p["description"]?.split("\n")[0]?.trim() ?? "").filter(Boolean);
  // What the binary packages' synopses share: the project, not one of its parts.
  const shared = synopses.map(beforeDash).filter((s, _, all) => s !== "" && all.filter((x) => x === s).length >= 2);
  if (shared.length > 0 && synopses.length > 1) return shared[0]!.charAt(0).toUpperCase() + shared[0]!.slice(1);
  const chosen =
    packages.find((p) => p["package"] === source) ??
    packages.find((p) => !/-(dev|doc|dbg|udeb|data|common)$/.test(p["package"]!) && p["section"] !== "oldlibs") ??
    packages[0];
  const synopsis = chosen?.["description"]?.split("\n")[0]?.trim();
  if (!synopsis) return null;
  const cleaned = synopsis.replace(/\s*(?:[-–—]\s*|\()\s*(runtime|shared librar(?:y|ies)|librar(?:y|ies)|tools?|utilit(?:y|ies)|development files?|headers?|binar(?:y|ies)|programs?)(?:\s+files)?\)?\s*$/i, "");
  return cleaned.charAt(0).toUpperCase() + cleaned.slice(1);
}

function platformsOf(architecture: string): "all" | "unix" | "linux" {
  const archs = architecture.split(/\s+/).filter(Boolean);
  if (archs.length > 0 && archs.every((a) => a === "all")) return "all";
  if (archs.includes("any")) return "unix";
  return "linux";
}

/** Debian's build system for the package, when its rules or Build-Depends say. */
function debianBuildSystem(rules: RulesFacts, buildDepends: string): { system: BuildSystem; why: string } | null {
  if (rules.buildsystem !== null && dhBuildSystems[rules.buildsystem] !== undefined) {
    return { system: dhBuildSystems[rules.buildsystem]!, why: `Debian builds it with dh --buildsystem=${rules.buildsystem}` };
  }
  if (/(^|[\s,])meson\b/.test(buildDepends)) return { system: "meson", why: "Debian build-depends on meson" };
  if (/(^|[\s,])cmake\b/.test(buildDepends)) return { system: "cmake", why: "Debian build-depends on cmake" };
  return null;
}

/** The build system Debian's rules arguments are for (so they are used only for the same one). */
function rulesSystem(rules: RulesFacts, files: ReadonlySet<string>, preferred: { system: BuildSystem } | null): BuildSystem | null {
  if (!rules.usesDh) return null; // rules of their own: what they run is for a reader
  if (preferred !== null) return preferred.system;
  if (files.has("configure") || files.has("configure.ac") || files.has("configure.in")) return "autotools";
  if (files.has("CMakeLists.txt")) return "cmake";
  return "make";
}

interface FlagSort {
  flags: DraftFlag[];
  unresolved: string[];
  dropped: string[];
}

function sortArguments(args: RuleArgument[], layout: RegExp, accept: (value: string) => boolean): FlagSort {
  const out: FlagSort = { flags: [], unresolved: [], dropped: [] };
  for (const arg of args) {
    const at = `debian/rules:${arg.line}`;
    if (layout.test(arg.value)) {
      out.dropped.push(arg.value);
      continue;
    }
    const applies = when(arg.condition);
    if (!arg.resolved || applies === null || !accept(arg.value)) {
      out.unresolved.push(`${at}: ${arg.value}${conditionText(arg.condition)}`);
      continue;
    }
    out.flags.push({ value: arg.value, when: applies, from: at });
  }
  return out;
}

function dependencyNote(title: string, deps: SortedDependency[]): ReviewNote | null {
  if (deps.length === 0) return null;
  return {
    title,
    lines: deps.map((d) => `${d.relation.text} (${d.role}: ${d.roleWhy}; source ${d.binary?.source ?? "?"})`),
  };
}

/**
 * Where in the tree the build runs: dh's --sourcedirectory, else the top, else the one
 * subdirectory with a build system (a tag's tarball of a repository that keeps the project in
 * `expat/`), preferring one named like the package.
 */
function sourceRootOf(pkg: SourcePackage, rules: RulesFacts): { root: string | null; files: ReadonlySet<string>; why: string } {
  if (rules.sourceDirectory !== null) {
    const root = rules.sourceDirectory.replace(/^\.\//, "").replace(/\/+$/, "");
    return { root, files: pkg.subdirectories.get(root) ?? new Set(), why: `dh --sourcedirectory=${root}` };
  }
  if (detectBuildSystem(pkg.topLevel).buildSystem !== "custom") return { root: null, files: pkg.topLevel, why: "" };
  const buildable = [...pkg.subdirectories].filter(([, files]) => detectBuildSystem(files).buildSystem !== "custom");
  const chosen = buildable.find(([dir]) => dir === pkg.name) ?? (buildable.length === 1 ? buildable[0] : undefined);
  if (chosen === undefined) return { root: null, files: pkg.topLevel, why: "" };
  return { root: chosen[0], files: chosen[1], why: `the tree's build is in ${chosen[0]}/` };
}

export async function draftFromSourcePackage(pkg: SourcePackage, archive: DebianArchive, catalog: CatalogIndex): Promise<RecipeDraft> {
  const control = parseParagraphs(pkg.debian.get("control") ?? "");
  const sourceParagraph = control[0] ?? {};
  const packages = binaries(control);
  const rules = readRules(pkg.debian.get("rules") ?? "");
  // A package whose binaries are all `Architecture: all` is built from Build-Depends-Indep too
  // (its only build is dpkg-buildpackage's -A): autoconf's m4 is there.
  const archIndependent = packages.length > 0 && packages.every((p) => p["architecture"] === "all");
  const buildDependsFields = [pkg.dsc["build-depends"], pkg.dsc["build-depends-arch"], archIndependent ? pkg.dsc["build-depends-indep"] : undefined]
    .filter((f): f is string => f !== undefined)
    .map(folded);
  const preferred = debianBuildSystem(rules, buildDependsFields.join(", "));
  const root = sourceRootOf(pkg, rules);
  const detected = detectBuildSystem(root.files, preferred);
  if (root.root !== null) detected.why = `${root.why}; ${detected.why.replace(/the tarball has/g, `${root.root}/ has`)}`;
  const debianSystem = rulesSystem(rules, root.files, preferred);
  const sorted = sortBuildDepends(buildDependsFields, archive, catalog, {
    source: pkg.name,
    buildSystem: detected.buildSystem,
    hasConfigure: root.files.has("configure") || detected.buildSystem !== "autotools",
  });

  const review: ReviewNote[] = [];
  if (pkg.packagingMissing !== null) {
    review.push({
      title: `The pool has ${pkg.dscFile} but not ${pkg.packagingMissing}: Debian's debian/ (control, rules, copyright, patches) was not read, so no flags, outputs, meta or cross notes come from it:`,
      lines: ["the lists below are the .dsc's Build-Depends for every binary package it builds: keep what this recipe's build uses"],
    });
  }
  const configureFlags: DraftFlag[] = [];
  const cmakeFlags: DraftFlag[] = [];
  const mesonFlags: DraftFlag[] = [];
  const makeFlags: DraftFlag[] = [];
  const unresolved: string[] = [];

  // Several dh_auto_configure calls are several builds of one tree (xz-utils' shared, static and
  // installer ones; nano's and its tiny one): the first is the package's, the others for review.
  const invocations = [...new Set(rules.configure.map((a) => a.line))];
  const configureArgs = rules.configure.filter((a) => a.line === invocations[0]);
  if (invocations.length > 1) {
    review.push({
      title: `Debian configures ${invocations.length} builds (debian/rules:${invocations.join(", ")}): the flags are the first one's; the others':`,
      lines: rules.configure.filter((a) => a.line !== invocations[0]).map((a) => `debian/rules:${a.line}: ${a.value}${conditionText(a.condition)}`),
    });
  }
  // Debian's arguments, for the build system they were written for.
  if (debianSystem === detected.buildSystem) {
    if (detected.buildSystem === "autotools") {
      const s = sortArguments(configureArgs, autotoolsLayout, (v) => v.startsWith("--") || /^[A-Za-z_][A-Za-z0-9_]*=/.test(v));
      configureFlags.push(...s.flags);
      unresolved.push(...s.unresolved);
    } else if (detected.buildSystem === "cmake") {
      const s = sortArguments(configureArgs, cmakeLayout, (v) => v.startsWith("-D"));
      cmakeFlags.push(...s.flags);
      unresolved.push(...s.unresolved);
    } else if (detected.buildSystem === "meson") {
      const s = sortArguments(configureArgs, mesonLayout, (v) => v.startsWith("-D") || v.startsWith("--"));
      mesonFlags.push(...s.flags);
      unresolved.push(...s.unresolved);
    }
  } else if (rules.configure.length > 0 && debianSystem !== null) {
    review.push({ title: `Debian configures it for ${debianSystem}, which this recipe doesn't use; its arguments were:`, lines: rules.configure.map((a) => `debian/rules:${a.line}: ${a.value}${conditionText(a.condition)}`) });
  }
  // Cache variables the rules export (configure reads them from the environment; as arguments they are the same).
  if (detected.buildSystem === "autotools") {
    for (const e of rules.exported.filter((x) => /_cv_/.test(x.name) && x.value !== null)) {
      const applies = when(e.condition);
      if (applies === null || /\$[({]/.test(e.value!)) unresolved.push(`debian/rules:${e.line}: ${e.name}=${e.value}${conditionText(e.condition)}`);
      else configureFlags.push({ value: `${e.name}=${e.value}`, when: applies, from: `debian/rules:${e.line} (exported)` });
    }
  }

  let makefile: string | null = null;
  if (!rules.usesDh && pkg.packagingMissing === null) review.push({ title: "debian/rules is a Makefile of its own, not dh: read it for how Debian configures and builds the package", lines: [] });
  if (detected.buildSystem === "make") {
    makefile = await pkg.sourceFile(`${root.root === null ? "" : `${root.root}/`}${["GNUmakefile", "makefile", "Makefile"].find((f) => root.files.has(f)) ?? "Makefile"}`);
    const hints = makefile === null ? { prefixVariable: null, setsCC: false } : makefileHints(makefile);
    const exportsPrefix = rules.exported.some((e) => e.name === "PREFIX");
    const prefixVariable = hints.prefixVariable ?? (exportsPrefix ? "PREFIX" : null);
    if (prefixVariable !== null) makeFlags.push({ value: `${prefixVariable}=$(out)`, when: "always", from: `the install prefix (the Makefile's ${prefixVariable}; make expands $(out))` });
    else review.push({ title: "The Makefile has no PREFIX or prefix variable: set where `make install` puts the files (installFlags, or installPhase)", lines: [] });
    const tools = new Set<string>();
    for (const arg of [...rules.build, ...rules.install]) {
      const variable = /^([A-Z]+)=/.exec(arg.value)?.[1];
      if (variable !== undefined && makeTools[variable] !== undefined) {
        tools.add(variable);
        continue;
      }
      if (makeLayout.test(arg.value)) continue;
      const applies = when(arg.condition);
      if (!arg.resolved || applies === null) unresolved.push(`debian/rules:${arg.line}: ${arg.value}${conditionText(arg.condition)}`);
      else if (!makeFlags.some((f) => f.value === arg.value)) makeFlags.push({ value: arg.value, when: applies, from: `debian/rules:${arg.line}` });
    }
    if (hints.setsCC) tools.add("CC");
    for (const variable of [...tools].sort()) {
      makeFlags.push({
        value: `${variable}=${makeTools[variable]}`,
        expression: `\`${variable}=\${prefix}${makeTools[variable]}\``,
        when: "always",
        from: hints.setsCC && variable === "CC" ? "the Makefile sets CC itself: the host's compiler on the command line" : "Debian passes it on make's command line: the host's tool",
      });
    }
  }

  if (unresolved.length > 0) review.push({ title: "Arguments in debian/rules this importer could not turn into flags (make variables, or conditions on the architecture or options):", lines: unresolved });

  const hooks: RecipeDraft["hooks"] = [];
  if (detected.needsAutoreconf) {
    hooks.push({ name: "preConfigure", text: "autoreconf -fi", why: "no configure in the tarball: generate it (autoconf, automake and libtool must be on PATH: the build images have none)" });
    review.push({
      title: "The tarball has no configure script; Debian generates it (dh_autoreconf). This recipe can't build until autoconf, automake and libtool are nativeBuildInputs, or a source that ships configure is used:",
      lines: sorted.autoreconf.length > 0 ? sorted.autoreconf : ["(Debian's build-depends on them come through debhelper)"],
    });
  }

  // Build profiles and the rules' own cross lines: what Debian knows about cross builds.
  const profiled = buildDependsFields
    .flatMap((f) => f.split(","))
    .map((e) => e.trim())
    .filter((e) => /<[^>]+>/.test(e));
  if (profiled.length > 0) review.push({ title: "Build-Depends with build profiles (<!cross>: not needed when cross-compiling; <!nocheck>: for the test suite; <!nodoc>: for the documentation):", lines: profiled });
  if (rules.crossLines.length > 0) {
    review.push({ title: "debian/rules about cross builds (build vs host, *_FOR_BUILD, cache variables, the cross profile):", lines: rules.crossLines.slice(0, 30).map((l) => `debian/rules:${l.line}: ${l.text}${conditionText(l.condition)}`) });
  }
  if (rules.stepCommands.length > 0) {
    review.push({
      title: "debian/rules runs more than dh_auto_* in its step overrides; redo what matters in a hook (postPatch, preConfigure, postInstall):",
      lines: rules.stepCommands.slice(0, 20).map((c) => `debian/rules:${c.line} (${c.target}): ${c.text}${conditionText(c.condition)}`),
    });
  }
  for (const note of [dependencyNote("For the test suite only (<!nocheck>), not in the lists above:", sorted.checkOnly), dependencyNote("For the documentation only (<!nodoc>), left out:", sorted.docOnly)]) {
    if (note !== null) review.push(note);
  }
  if (sorted.needsItself.length > 0) review.push({ title: "Debian build-depends on this package itself (a build of itself for the build machine; see recipes/file.ts for buildPackages.<name>):", lines: sorted.needsItself });
  if (sorted.conditional.length > 0) review.push({ title: "Build-Depends this importer could not decide:", lines: sorted.conditional });
  if (sorted.unknown.length > 0) review.push({ title: "Build-Depends apt's lists don't have:", lines: sorted.unknown });
  const setAside = [
    ...(sorted.packaging.length > 0 ? [`Debian's packaging tools: ${sorted.packaging.join(", ")}`] : []),
    ...(sorted.inImage.length > 0 ? [`in the build image already: ${sorted.inImage.join(", ")}`] : []),
    ...(sorted.toolchain.length > 0 ? [`compilers and C libraries (the stdenv's toolchain, or none crosscheck has): ${sorted.toolchain.join(", ")}`] : []),
    ...(sorted.autoreconf.length > 0 && !detected.needsAutoreconf ? [`for regenerating configure, which the tarball ships: ${sorted.autoreconf.join(", ")}`] : []),
  ];
  if (setAside.length > 0) review.push({ title: "Build-Depends set aside:", lines: setAside });
  if (pkg.patches.length > 0) {
    const cross = pkg.patches.filter((p) => /cross|host|build|configure|triplet|multiarch/i.test(p));
    review.push({
      title: `Debian applies ${pkg.patches.length} patch${pkg.patches.length === 1 ? "" : "es"} (debian/patches/series) that this recipe doesn't; redo one in postPatch where it matters${cross.length > 0 ? ` (these look like build fixes: ${cross.join(", ")})` : ""}:`,
      lines: [pkg.patches.join(", ")],
    });
  }
  if (pkg.components.length > 0) review.push({ title: "Debian also unpacks these upstream tarballs into the tree, which this recipe lacks:", lines: pkg.components.map((c) => c.file) });

  const makefileTargets = makefile === null ? null : new Set([...makefile.matchAll(/^([A-Za-z0-9_.-]+)\s*:(?!=)/gm)].map((m) => m[1]!));
  const checkNeeds = sorted.checkOnly.map((d) => d.relation.name);
  const doCheck = !rules.skipsTests && checkNeeds.length === 0;
  const doCheckWhy = rules.skipsTests
    ? "debian/rules skips the test suite (an empty override_dh_auto_test)"
    : checkNeeds.length > 0
      ? `the test suite needs ${checkNeeds.join(", ")} (<!nocheck>): add them, then turn it on`
      : "Debian runs the test suite (natively; a cross build runs it only under the matrix's run check)";

  if (doCheck && detected.buildSystem === "cmake") {
    // Nixpkgs' checkPhase runs `make check`, or `make test` where there is no check target, as cmake's Makefiles have.
    hooks.push({ name: "checkPhase", text: "ctest --output-on-failure", why: "cmake's tests are ctest's (its Makefiles have a test target, no check)" });
  }
  if (doCheck && detected.buildSystem === "make" && makefileTargets !== null && !makefileTargets.has("check") && makefileTargets.has("test")) {
    hooks.push({ name: "checkPhase", text: 'make -j"$NIX_BUILD_CORES" test', why: "the Makefile's tests are its test target (it has no check)" });
  }

  // A configure (or Makefile) that builds helpers for the build machine needs its compiler (CC_FOR_BUILD).
  let buildCompiler: string | null = null;
  const inRoot = (f: string) => `${root.root === null ? "" : `${root.root}/`}${f}`;
  if (detected.buildSystem === "autotools") {
    // configure.ac, or the package's own macros it calls (gmp's GMP_PROG_CC_FOR_BUILD is in acinclude.m4)
    const script = ["configure.ac", "configure.in"].find((f) => root.files.has(f));
    for (const file of [script, root.files.has("acinclude.m4") ? "acinclude.m4" : undefined]) {
      const text = file === undefined ? null : await pkg.sourceFile(inRoot(file));
      const uses = text === null ? null : /AX_PROG_CC_FOR_BUILD|AX_CC_FOR_BUILD|\bCC_FOR_BUILD\b|\bBUILD_CC\b/.exec(text);
      if (uses !== null) {
        buildCompiler = `${file} uses ${uses[0]}: a compiler for the build machine`;
        break;
      }
    }
  } else if (detected.buildSystem === "make" && makefile !== null) {
    const uses = /\b(CC_FOR_BUILD|BUILD_CC|HOSTCC)\b/.exec(makefile);
    if (uses !== null) buildCompiler = `the Makefile uses ${uses[1]}: a compiler for the build machine`;
  }

  const program = packages.find((p) => !notTheProgram.test(p["package"]!) && !/^(libs|libdevel|oldlibs|doc|debian-installer)$/.test(p["section"] ?? "") && p["architecture"] !== "all");
  const devPackage = packages.some((p) => /-dev$/.test(p["package"]!));
  const homepage = pkg.dsc["homepage"] ?? sourceParagraph["homepage"] ?? null;
  const license = upstreamLicense(pkg.debian.get("copyright"));
  const synopsis = description(pkg.name, packages);
  if (license === null && pkg.packagingMissing === null) review.push({ title: "debian/copyright is not in the machine-readable format: read it for meta.license", lines: [] });

  return {
    attr: attrOfSource(pkg.name),
    identity: `debian:${pkg.name}`,
    pname: attrOfSource(pkg.name),
    version: recipeVersion(pkg.version),
    src: { kind: "debian", package: pkg.name, version: pkg.version, origTarball: pkg.tarball.file, sha256: pkg.tarball.sha256 },
    srcNote: `as ${pkg.dscFile} gives it`,
    summary: [
      ...(synopsis === null ? [] : [`${synopsis}.`, ""]),
      // Without debian/control, the .dsc's Binary field names them.
      `Debian's source package ${pkg.name} ${pkg.version} (format ${pkg.format}), binary packages ${packages.length > 0 ? packages.map((p) => p["package"]).join(", ") : folded(pkg.dsc["binary"] ?? "")}.`,
      pkg.packagingMissing !== null
        ? "How Debian builds it is in its debian/rules, which the pool did not give."
        : rules.usesDh
          ? `Debian builds it with dh${rules.buildsystem === null ? "" : ` --buildsystem=${rules.buildsystem}`}${rules.addons.length > 0 ? ` --with ${rules.addons.join(",")}` : ""}.`
          : "Debian builds it with rules of its own (not dh).",
    ],
    buildSystem: detected.buildSystem,
    buildSystemWhy: detected.why,
    sourceRoot: root.root,
    inputs: sorted.inputs,
    buildCompiler,
    configureFlags,
    cmakeFlags,
    mesonFlags,
    makeFlags,
    hooks,
    outputs: devPackage ? ["out", "dev"] : ["out"],
    doCheck,
    doCheckWhy,
    installCheckHint: program === undefined ? null : `"$out/bin/${program["package"]}" --version`,
    meta: {
      description: synopsis,
      homepage,
      license,
      platforms: platformsOf(pkg.dsc["architecture"] ?? "any"),
    },
    review,
  };
}
