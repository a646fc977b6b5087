import type { FailureEvidence } from "./evidence.ts";
import { phases, type Phase } from "./phase.ts";

/**
 * Whose fault a failure is. It decides the cell's state (the package's: failed, the emulator's:
 * emulator, the machine's: infrastructure) and so Allure's status (failed for the package,
 * broken otherwise): the state and the category cannot disagree.
 */
export type Blame = "package" | "emulator" | "machine";

/**
 * The classes of cross-build breakage, in the order the diagnosis tries them. Order matters:
 * a full disk makes a compiler fail too, so infrastructure comes before compile errors; `Exec
 * format error` while the harness runs the outputs means a missing emulator, while the build
 * itself means a host binary run at build time; `file in wrong format` from ld is the symptom of
 * an unprefixed tool and must win over the generic link error that follows it in the log.
 */
export interface FailureCategory {
  /** Stable id: used in the Allure label, the failure message prefix and the history file. */
  id: string;
  /** Shown as the Allure category. */
  name: string;
  /** The usual fix, in Nixpkgs terms. */
  hint: string;
  blame: Blame;
  /** Only failures in these phases can fall into this category. */
  phases?: readonly Phase[];
  /** Any log line matching any pattern puts the failure into this category. */
  logPatterns?: readonly LogRule[];
  /** Structured evidence: returns the lines that explain the match, or none. */
  evidence?: (e: FailureEvidence) => string[];
}

/** A log pattern, optionally only for some failures (where the same message means different things). */
export type LogRule = RegExp | { pattern: RegExp; onlyIf: (e: FailureEvidence) => boolean };

/** Where the harness runs the host platform's binaries itself: the installCheck, and the `checkPhase` check under its emulator. */
const runsOutputs = (e: FailureEvidence): boolean => e.phase === "installCheckPhase" || e.emulator !== undefined;
const whileRunningOutputs = (pattern: RegExp): LogRule => ({ pattern, onlyIf: runsOutputs });

/**
 * Every phase but the closure and equivalence checks, whose logs are the checks' reports rather
 * than a program's output. Where the harness runs the outputs, the emulator categories come first.
 */
const notClosure: readonly Phase[] = phases.filter((p) => p !== "closure" && p !== "equivalence");

const nonEmptyLines = (log: string): string[] =>
  log
    .split("\n")
    .map((l) => l.trimEnd())
    .filter((l) => l.length > 0);

const tail = (log: string, n: number): string[] => nonEmptyLines(log).slice(-n);

const failedExit = (e: FailureEvidence): boolean =>
  (e.exit?.code !== undefined && e.exit.code !== 0) || e.exit?.signal !== undefined;

/**
 * CMake 3.25.1 (Debian 12's) crashes in try_run when cross compiling without an emulator: a
 * segfault or an uncaught std::bad_alloc right after `-- Performing Test NAME`, where other
 * versions stop with "TRY_RUN() invoked in cross-compiling mode" (DynamoRIO #6327 met the same
 * crash). The check never finished: no cmake status line follows it, and cmake died.
 */
function cmakeTryRunCrash(e: FailureEvidence): string[] {
  if (e.phase !== "configurePhase") return [];
  const lines = nonEmptyLines(e.log);
  const lastStatus = lines.map((l) => l.startsWith("-- ")).lastIndexOf(true);
  const test = lines[lastStatus]?.match(/^-- Performing Test (\S+)$/);
  if (test === null || test === undefined) return [];
  const crash = lines.slice(lastStatus + 1).find((l) => /Segmentation fault|terminate called after throwing|\bAborted\b.*\bcmake\b/.test(l));
  if (crash === undefined) return [];
  return [
    `cmake crashed in the try_run of ${test[1]}: a cross build cannot run its test program; set ${test[1]}_EXITCODE`,
    lines[lastStatus]!,
    crash,
  ];
}

/**
 * A command the shell could not find among the last lines of a failed phase: what a build that
 * runs an undeclared tool ends with (`sh: 1: pkg-config: not found`, `make: *** ... Error 127`).
 * Only the end counts: configure scripts probe for many tools and say "not found" harmlessly.
 */
function undeclaredTool(e: FailureEvidence): string[] {
  if (!failedExit(e)) return [];
  const lines = tail(e.log, 8);
  for (const line of [...lines].reverse()) {
    const found = line.match(/(?:^|[\s:])([\w.+-]+): (?:line \d+: |\d+: )?(?:command )?not found$/);
    if (found) return [`the build ran \`${found[1]}\`, which none of its inputs provides`, line];
  }
  return [];
}

/** Binutils and compiler driver names that a cross build must only call with their prefix. */
const tools = "ar|ranlib|strip|nm|objcopy|objdump|ld|as|cc|c\\+\\+|gcc|g\\+\\+|cpp|windres|readelf|dlltool|size";

export const categories: readonly FailureCategory[] = [
  {
    // First: its log is a comparison of two builds, which quotes strings of the outputs (a
    // program's own "No space left on device" among them), never a program's output.
    id: "cross-differs-from-native",
    name: "Cross build differs from the native build",
    hint:
      "The cross build cannot be substituted for a native one: the files named differ once " +
      "store paths are set aside (see the equivalence report: files, ELF sections and symbols, " +
      "the installChecks). Usually configure guessed what it could not run when cross " +
      "(an ac_cv_ cache variable, or a configureFlags entry, tells it the host's answer), or the " +
      "recipe treats cross builds otherwise (stdenv.buildPlatform != stdenv.hostPlatform).",
    blame: "package",
    phases: ["equivalence"],
    evidence: (e) => {
      const findings = e.equivalenceFindings ?? [];
      if (findings.length === 0) return [];
      const files = findings.map((f) => f.file);
      const named = files.length > 10 ? `${files.slice(0, 10).join(", ")} and ${files.length - 10} more` : files.join(", ");
      return [`${files.length} ${files.length === 1 ? "file differs" : "files differ"} from the native build: ${named}`, ...findings.map((f) => `${f.file}: ${f.difference}`)];
    },
  },
  {
    id: "infrastructure",
    name: "Infrastructure fault",
    hint:
      "Not the package: the engine, the disk, memory or the network failed. Re-run the cell; " +
      "if it repeats, free space (docker system prune, the store cache), give the engine more " +
      "memory (or lower the build's parallelism), or check the source mirror.",
    blame: "machine",
    evidence: (e) =>
      (e.infrastructureErrors ?? [])
        .filter((k) => k !== "timeout" && k !== "no-emulator")
        .map((k) => `infrastructure error: ${k}`),
    logPatterns: [
      /No space left on device/,
      /Cannot connect to the Docker daemon/,
      /Is the docker daemon running\?/,
      /connect E(CONNREFUSED|NOENT) .*docker\.sock/,
      /Killed signal terminated program (cc1|cc1plus|lto1|ld)/,
      /virtual memory exhausted: Cannot allocate memory/,
      /Out of memory: Killed process/,
      /Could not resolve host/,
      /Temporary failure in name resolution/,
      /\bfetch failed\b/,
      /curl: \(\d+\) /,
    ],
  },
  {
    id: "timeout",
    name: "Timeout",
    hint:
      "The phase ran past its time limit. The last lines show what it was doing: a configure " +
      "test or a test suite hanging under emulation, or a prompt waiting for input. If the build " +
      "is merely slow under QEMU, raise the cell's timeout.",
    blame: "machine",
    evidence: (e) =>
      e.exit?.timedOut === true || (e.infrastructureErrors ?? []).includes("timeout")
        ? ["stopped by the harness after its time limit; last lines:", ...tail(e.log, 3)]
        : [],
  },
  {
    id: "emulator-missing",
    name: "Emulator missing or misconfigured",
    hint:
      "The host platform's binaries cannot run on this machine and no working emulator is " +
      "registered. Install qemu-user-static and binfmt-support (crosscheck doctor --fix), and for " +
      "dynamically linked binaries point QEMU_LD_PREFIX at the host's libc (/usr/<triple>); " +
      "Windows needs wine, wasm32-wasi the binfmt entry of crosscheck's WASI runner (crosscheck doctor --fix).",
    blame: "emulator",
    evidence: (e) =>
      (e.infrastructureErrors ?? []).includes("no-emulator") ? ["no emulator registered for the host platform"] : [],
    logPatterns: [
      // Under binfmt, QEMU names itself after the binfmt entry (`aarch64-binfmt-P: ...`). Only
      // where the harness runs the outputs: in a build container (binfmt with the F flag reaches
      // into it) QEMU failing to find the host's loader means the build ran a host binary.
      whileRunningOutputs(/(?:qemu-[\w-]+|[\w-]+-binfmt-P): Could not open /),
      /(?:qemu-[\w-]+|[\w-]+-binfmt-P): .*Invalid ELF image for this architecture/,
      /qemu-[\w-]+(-static)?: (command )?not found/,
      /\b(wine|wine64|wasmtime): (command )?not found/,
      // Only where the harness runs the outputs: during the build the same message means the
      // build ran a host binary (a category further down).
      whileRunningOutputs(/Exec format error/),
      whileRunningOutputs(/cannot execute binary file/),
    ],
  },
  {
    id: "emulator-crash",
    name: "Emulator crash or unsupported feature",
    hint:
      "The program died under QEMU user-mode emulation, or asked for a syscall or instruction " +
      "QEMU does not implement. A segfault can still be the package's own bug: confirm on real " +
      "hardware or with a newer qemu-user. If only emulation fails, skip the check under " +
      "emulation (doCheck = stdenv.buildPlatform.canExecute stdenv.hostPlatform).",
    blame: "emulator",
    logPatterns: [
      /qemu: uncaught target signal \d+/,
      /Unsupported syscall: \d+/,
      /qemu: unhandled CPU exception/,
      /(?:qemu-[\w-]+|[\w-]+-binfmt-P): .*(?:unsupported|unimplemented|not supported)/i,
    ],
  },
  {
    // The engine's words (harness/engine/store/source.ts): the bytes fetched, or a path
    // source's, hashed against the recipe's pin. The pin is the recipe's: the package's fault.
    id: "source-checksum-mismatch",
    name: "Source checksum mismatch",
    hint:
      "The source's bytes are not what the recipe's sha256 pins. If the recipe moved to a new " +
      "version or upstream re-rolled the tarball, check the new bytes (compare them with the " +
      "release you meant) and then update the pin: set the recipe's src.sha256 to the hash got. " +
      "If the pin is right, the mirror or URL served other bytes: fix the URL, or try again later.",
    blame: "package",
    phases: ["fetch"],
    logPatterns: [/: source checksum mismatch: pinned [0-9a-f]+, got [0-9a-f]+$/],
  },
  {
    // The engine's words for a path source that is not there (harness/engine/store/source.ts).
    id: "source-missing",
    name: "Source path missing",
    hint:
      "The recipe's src is a path that does not exist on this machine: check the path the " +
      "message names (a typo, a directory not committed, or one made by a step that did not run).",
    blame: "package",
    phases: ["fetch"],
    logPatterns: [/source path .* does not exist$/],
  },
  {
    id: "host-binary-at-build-time",
    name: "Host binary run at build time",
    hint:
      "The build compiled a helper for the host platform and then ran it on the build machine. " +
      "Build the helper with the build platform's compiler: add buildPackages.stdenv.cc to " +
      "depsBuildBuild and use CC_FOR_BUILD (or HOSTCC/BUILD_CC) for it; for meson test programs " +
      "add mesonEmulatorHook to nativeBuildInputs; or, when the package runs itself (a generator " +
      "or compiler), put a native build of itself in nativeBuildInputs (buildPackages.<pkg>).",
    blame: "package",
    phases: notClosure,
    logPatterns: [
      /Exec format error/,
      /cannot execute binary file/,
      /cannot execute: required file not found/,
      // The same through binfmt_misc (QEMU registered with the F flag works inside containers):
      // the host binary starts under QEMU, which cannot find the host's dynamic loader.
      /(?:qemu-[\w-]+|[\w-]+-binfmt-P): Could not open '\/lib[^']*\/ld-[^']+': No such file or directory/,
      // dash reading an ELF file as a script: the classic look of running a foreign binary.
      /: \d+: Syntax error: .*unexpected/,
      /: \d+: .*ELF.*: not found/,
    ],
  },
  {
    id: "build-interpreter-without-extensions",
    name: "Build-time interpreter cannot load extensions",
    hint:
      "The interpreter that runs the build (Build.PL, Makefile.PL, a generator script) is a " +
      "minimal one without dynamic loading, such as Nixpkgs' perl.mini, and the build loads an " +
      "XS module (List::Util, Fcntl, POSIX). Give the build a full interpreter for the build " +
      "machine: nativeBuildInputs = [ buildPackages.perl ], or avoid the module in the build step. " +
      "`Attempt to reload X.pm aborted` means an earlier load of X failed inside an eval: run " +
      "the build's perl with -MX -e1 to see why.",
    blame: "package",
    phases: notClosure,
    logPatterns: [
      /Can't load module [\w:]+, dynamic loading not available in this perl/,
      // The same failure once an eval swallowed it (Module::Build's prerequisite check does):
      // the module's compilation failed, and the next require refuses to try again.
      /^Attempt to reload [\w/]+\.pm aborted\.$/m,
    ],
  },
  {
    id: "configure-not-told-cross",
    name: "Configure not told it is cross compiling",
    hint:
      "configure compiled a test program and could not run it, so it never learnt it is cross " +
      "compiling. Pass --build and --host (Nixpkgs does for autoconf; a hand-written configure " +
      "needs configurePlatforms = [ \"build\" \"host\" ] or configureFlags = [ " +
      "\"--host=${stdenv.hostPlatform.config}\" ]) so it switches to its cross mode.",
    blame: "package",
    logPatterns: [/cannot run C(\+\+)? compiled programs/, /If you meant to cross compile, use `--host'/],
  },
  {
    id: "configure-not-autoconf",
    name: "Configure does not take autoconf's platform flags",
    hint:
      "A hand-written configure (libvpx, ffmpeg, openssl's Configure, zlib, tcc) got autoconf's " +
      "--build/--host and refused them. Set configurePlatforms = [ ] and tell it the host its own " +
      "way: libvpx --target=arm64-linux-gcc, ffmpeg --enable-cross-compile --cross-prefix=" +
      "${stdenv.cc.targetPrefix} --arch=..., zlib CHOST=...; the prefixed CC, AR, ... are in the " +
      "environment for those that read it.",
    blame: "package",
    phases: ["configurePhase"],
    logPatterns: [
      /^Unknown option "?--(?:build|host)=/m,
      /(?:[Uu]nknown|[Uu]nrecognized|[Ii]nvalid) (?:option|argument)[: ]+'?"?--(?:build|host)=/,
    ],
  },
  {
    id: "configure-refuses-cross",
    name: "Configure refuses to cross-compile",
    hint:
      "configure wants to run a test program (AC_RUN_IFELSE/AC_TRY_RUN, AC_CHECK_FILE, CMake " +
      "try_run, meson run()) and cannot while cross compiling. Pre-seed the answer with a cache " +
      "variable: configureFlags = [ \"ac_cv_func_malloc_0_nonnull=yes\" \"ac_cv_file__dev_urandom=yes\" ] " +
      "(read config.log for the ac_cv_ name); for CMake set the try_run result variables " +
      "(-D<VAR>_EXITCODE=0); for meson add mesonEmulatorHook; or patch the check to a default.",
    blame: "package",
    logPatterns: [
      /cannot run test program while cross compiling/,
      /cannot check for file existence when cross compiling/,
      /TRY_RUN\(\) invoked in cross-compiling mode/,
      /[Cc]an ?not run test applications in this cross environment/,
    ],
    evidence: cmakeTryRunCrash,
  },
  {
    id: "missing-config-script",
    name: "Missing *-config script",
    hint:
      "The build calls a library's config script (curl-config, xml2-config, pcap-config, ...), " +
      "which is a build-time program and is not there (or would describe the build machine). " +
      "Use pkg-config instead (patch the call, or set the variable the build reads, e.g. " +
      "CURL_CONFIG or XML2_CONFIG, to a pkg-config based script) and add pkg-config to " +
      "nativeBuildInputs.",
    blame: "package",
    // pkg-config is a tool, not a config script (undeclared-tool, below, when it is missing).
    logPatterns: [/\b(?!pkg-config\b)([\w.+-]+-config)(?:: (?:\d+: )?(?:command )?not found| ?: No such file or directory)/],
  },
  {
    id: "unprefixed-binutils",
    name: "Unprefixed binutils",
    hint:
      "The build calls bare ar, cc, ranlib, strip, ... which do not exist for a cross build or " +
      "are the build machine's. Pass the prefixed tools: makeFlags = [ " +
      "\"CC=${stdenv.cc.targetPrefix}cc\" \"AR=${stdenv.cc.targetPrefix}ar\" " +
      "\"RANLIB=${stdenv.cc.targetPrefix}ranlib\" ], or patch the Makefile to use $(CC)/$(AR) " +
      "from the environment (stdenv exports them prefixed).",
    blame: "package",
    logPatterns: [
      new RegExp(`(?:^|[\\s:])(?:${tools}): (?:\\d+: )?(?:command )?not found`),
      new RegExp(`make(?:\\[\\d+\\])?: (?:${tools}): No such file or directory`),
      /Relocations in generic ELF \(EM: \d+\)/,
      /file in wrong format/,
      /[Ff]ile format not recognized/,
      /architecture of input file .* is incompatible with .* output/,
    ],
  },
  {
    // After the named tools above (a bare `ar`, a `-config` script): any other command the build
    // runs that is not there. The build's PATH holds only its inputs' tools and stdenv's
    // (harness/engine/build/stdenvTools.ts), as in Nixpkgs.
    id: "undeclared-tool",
    name: "Undeclared build tool",
    hint:
      "The build runs a program that none of its inputs provides. A build sees only the tools " +
      "of its inputs and stdenv's own (coreutils, findutils, diffutils, sed, grep, awk, tar, " +
      "gzip, bzip2, xz, make, bash, patch, file, and cmake or meson and ninja for those build " +
      "systems), as in Nixpkgs: add the package that provides the tool to nativeBuildInputs " +
      "(pkg-config: `pkg-config`; perl: `buildPackages.perl`), or, if the build only probes for " +
      "it, tell it the tool is absent.",
    blame: "package",
    phases: ["unpackPhase", "patchPhase", "configurePhase", "buildPhase", "checkPhase", "installPhase", "fixupPhase"],
    evidence: undeclaredTool,
  },
  {
    id: "wrong-elf-machine",
    name: "Wrong ELF machine",
    hint:
      "An output holds a binary for another machine than the host platform: something was " +
      "compiled with the build compiler (bare cc, CC_FOR_BUILD used for an installed program) " +
      "or copied in prebuilt. Compile installed programs with ${stdenv.cc.targetPrefix}cc.",
    blame: "package",
    evidence: (e) => (e.elfFindings ?? []).map((f) => `${f.file}: ELF machine ${f.actual}, expected ${f.expected}`),
  },
  {
    // Before the next: the cell runner hands a broken link to the diagnosis as a closure
    // finding like any other, and the next category's evidence is every closure finding.
    id: "broken-symlink",
    name: "Broken symlink in an output",
    hint:
      "A symlink in the output dangles, leads back to itself, or points outside the output and " +
      "its dependencies (an absolute path like /etc/shadow or /usr/lib/<triple>, `..` out of the " +
      "store, a store path the package does not depend on): on the device it points at nothing " +
      "or at something else. Make it relative within $out (ln -sr), or point it at a " +
      "dependency's store path; drop a dangling one (Nixpkgs' noBrokenSymlinks fails it too). " +
      "If the device really provides the target, allow that one link with its reason: " +
      'allowedSymlinks: { "share/zoneinfo": "the device\'s tzdata" }.',
    blame: "package",
    phases: ["closure"],
    logPatterns: [/^\s*broken-symlink: /],
  },
  {
    id: "build-reference-in-closure",
    name: "Build-platform reference in the closure",
    hint:
      "The runtime closure holds something built for the build platform (its gcc, a build tool), " +
      "a build-machine path, or what the recipe's own output checks forbid. Keep build tools in " +
      "nativeBuildInputs, not buildInputs; drop the embedded path (removeReferencesTo in " +
      "nativeBuildInputs and remove-references-to -t <store path> <file> in postInstall, or patch " +
      "the file that records $CC or configure flags); a script whose #! " +
      "names the build's interpreter gets the host's with patchShebangs --update in postFixup. " +
      "Then guard the fix in mkDerivation: disallowedReferences: [stdenv.cc] (or " +
      "[buildPackages.perl]; disallowedRequisites for the whole closure) fails the cell if it comes back.",
    blame: "package",
    evidence: (e) =>
      (e.closureFindings ?? []).map(
        (f) =>
          `${f.kind}: ${f.path}` +
          (f.file !== undefined ? ` (referenced from ${f.file})` : "") +
          (f.chain !== undefined && f.chain.length > 0 ? ` via ${f.chain.join(" → ")}` : ""),
      ),
  },
  {
    id: "closure-changed",
    name: "Closure differs from its snapshot",
    hint:
      "The runtime closure changed: a reference is new or gone, an ELF file's NEEDED/RUNPATH/interpreter " +
      "changed, or it grew beyond closureGrowth. Read the diff and the chain that leads to each new " +
      "reference (crosscheck why CELL DEP); if the change is intended, accept it with " +
      "crosscheck run MATRIX --update-snapshots (or vitest -u) and commit the snapshot.",
    blame: "package",
    phases: ["closure"],
    logPatterns: [/^\s*✗ /, /no committed snapshot /],
  },
  {
    // make's words when a rule's input is neither in the tree nor made by a rule: a repacked
    // tarball (Debian's +dfsg, its GFDL Texinfo sources taken out) whose Makefile.in still
    // builds from the file, or a generated file whose source was not shipped.
    id: "missing-source-file",
    name: "Missing source file",
    hint:
      "A rule needs a file the source does not have. A distribution's repacked tarball may lack " +
      "files upstream ships (Debian drops GFDL manuals: gawk's gawktexi.in, which.texi): drop the " +
      "target that needs it in postPatch (INFO_DEPS in Makefile.in) or take the upstream tarball.",
    blame: "package",
    phases: ["buildPhase", "installPhase"],
    logPatterns: [/\*\*\* No rule to make target '[^']+', needed by '[^']+'\./],
  },
  {
    id: "configure-error",
    name: "Configure error",
    hint:
      "configure failed for another reason. Read config.log around the failing check; often a " +
      "dependency sits in the wrong list (tools the build runs go in nativeBuildInputs, " +
      "libraries linked into the host program in buildInputs).",
    blame: "package",
    logPatterns: [/configure: error: /, /^config\.status: error: /, /CMake Error/, /meson\.build:\d+:\d+: ERROR: /, /^ERROR: Dependency .* not found/],
    evidence: (e) => (e.phase === "configurePhase" && failedExit(e) ? tail(e.log, 3) : []),
  },
  {
    id: "link-error",
    name: "Link error",
    hint:
      "A library is missing for the host platform, or the linker found the build machine's: " +
      "put the library in buildInputs (not nativeBuildInputs) and make sure the build does not " +
      "hard-code -L/usr/lib or other build-machine paths.",
    blame: "package",
    logPatterns: [
      /undefined reference to/,
      /cannot find -l\S+/,
      /undefined symbol: /,
      /skipping incompatible .* when searching for/,
      /ld returned \d+ exit status/,
    ],
  },
  {
    id: "compile-error",
    name: "Compile error",
    hint:
      "The compiler rejected the code: often host headers are missing (a library in " +
      "nativeBuildInputs that belongs in buildInputs) or the code assumes the build machine " +
      "(x86 inline asm or intrinsics, sizeof(long), endianness).",
    blame: "package",
    logPatterns: [/^\S+:\d+(?::\d+)?: (?:fatal )?error: /, /^(?:cc1|cc1plus|cc|c\+\+|gcc|g\+\+|clang): (?:fatal )?error: /],
  },
  {
    id: "test-failure",
    name: "Test failure",
    hint:
      "The package built but its tests or its run on the host platform failed. Compare with a " +
      "native build; if it fails only under emulation, the test may need a feature QEMU lacks " +
      "(doCheck = stdenv.buildPlatform.canExecute stdenv.hostPlatform).",
    blame: "package",
    phases: ["checkPhase", "installCheckPhase"],
    logPatterns: [/^FAIL\b/, /^# FAIL: +[1-9]/, /\btests? failed\b/i, /^not ok \d+/],
    evidence: (e) => (failedExit(e) ? tail(e.log, 3) : []),
  },
  {
    id: "unclassified",
    name: "Unclassified failure",
    hint: "No known pattern matched: read the tail of the failing phase's log, and if this is a new class of cross breakage, add it to harness/diagnosis/categories.ts.",
    blame: "package",
    evidence: (e) => tail(e.log, 5),
  },
];
