import { describe, expect, it } from "vitest";
import { categories, diagnose, type FailureEvidence } from "../diagnosis/index.ts";

// Excerpts written after real autoconf/make/gcc/qemu output (the real ones, produced live, are in
// classify.real.test.ts); each one also carries the noise that follows the cause in a real log,
// so that the order of the table is exercised, not just one pattern.
const cases: { name: string; evidence: FailureEvidence; category: string; line: RegExp }[] = [
  {
    name: "judy: a table generator compiled for the host, run during the build",
    evidence: {
      phase: "buildPhase",
      log: [
        "make[2]: Entering directory '/build/judy-1.0.5/src/JudyCommon'",
        "aarch64-unknown-linux-gnu-gcc -O2 -o JudyTablesGen JudyTables.c",
        "./JudyTablesGen",
        "/bin/sh: 1: ./JudyTablesGen: Exec format error",
        "make[2]: *** [Makefile:512: Judy1Tables.c] Error 126",
      ].join("\n"),
      exit: { code: 2 },
    },
    category: "host-binary-at-build-time",
    line: /JudyTablesGen: Exec format error/,
  },
  {
    // Real log (seed-regressions, judy-unfixed on aarch64): binfmt's QEMU reaches into the build
    // container, so the host binary starts and fails on the missing loader instead of ENOEXEC.
    name: "judy (real log): JudyLTablesGen run through binfmt in the build container",
    evidence: {
      phase: "buildPhase",
      log: [
        "cp -f ../JudyCommon/JudyTables.c       \t \tJudyLTablesGen.c",
        "aarch64-unknown-linux-gnu-cc -I. -I.. -I../JudyCommon/  -DJUDYL   -DJU_64BIT -g -O2 -o JudyLTablesGen JudyLTablesGen.c; ./JudyLTablesGen ",
        "aarch64-binfmt-P: Could not open '/lib/ld-linux-aarch64.so.1': No such file or directory",
        "make[3]: *** [Makefile:563: JudyLTables.c] Error 255",
        "make[3]: Leaving directory '/build/source/judy-1.0.5/src/JudyL'",
        "make[2]: *** [Makefile:219: all-recursive] Error 1",
      ].join("\n"),
      exit: { code: 2 },
    },
    category: "host-binary-at-build-time",
    line: /aarch64-binfmt-P: Could not open '\/lib\/ld-linux-aarch64\.so\.1'/,
  },
  {
    // Real log (sanity, gmp on aarch64): Debian's +dfsg tarball has no doc/, configure still makes doc/Makefile.
    name: "gmp (real log): config.status cannot find an input file; the line shown is its error, not the last one",
    evidence: {
      phase: "configurePhase",
      log: [
        "config.status: creating tests/cxx/Makefile",
        "config.status: error: cannot find input file: `doc/Makefile.in'",
        "config.status: creating tests/misc/Makefile",
      ].join("\n"),
      exit: { code: 1 },
    },
    category: "configure-error",
    line: /config\.status: error: cannot find input file: `doc\/Makefile\.in'/,
  },
  {
    name: "the same binfmt message while the harness runs the outputs means a missing loader prefix",
    evidence: { phase: "installCheckPhase", log: "aarch64-binfmt-P: Could not open '/lib/ld-linux-aarch64.so.1': No such file or directory", exit: { code: 255 } },
    category: "emulator-missing",
    line: /Could not open/,
  },
  {
    // The cell's `checkPhase` check: the test suite runs under QEMU in the build container.
    name: "the same binfmt message from the test suite under the emulator means a missing loader prefix",
    evidence: {
      phase: "checkPhase",
      emulator: "qemu-aarch64",
      log: "./test-suite\naarch64-binfmt-P: Could not open '/lib/ld-linux-aarch64.so.1': No such file or directory",
      exit: { code: 1 },
    },
    category: "emulator-missing",
    line: /Could not open/,
  },
  {
    name: "a syscall QEMU lacks, under its binfmt name, while the test suite runs under the emulator",
    evidence: { phase: "checkPhase", emulator: "qemu-aarch64", log: "PASS: t1\naarch64-binfmt-P: Unsupported syscall: 435\nFAIL: t2", exit: { code: 1 } },
    category: "emulator-crash",
    line: /Unsupported syscall: 435/,
  },
  {
    // Real log (seed-regressions, libvpx-unfixed on aarch64): libvpx's hand-written configure
    // given autoconf's platform flags; it prints the usage and the error after it.
    name: "libvpx (real log): hand-written configure refuses --build/--host",
    evidence: {
      phase: "configurePhase",
      log: [
        "Unknown option \"--build=x86_64-unknown-linux-gnu\".",
        "See ./configure --help for available options.",
      ].join("\n"),
      exit: { code: 1 },
    },
    category: "configure-not-autoconf",
    line: /Unknown option "--build=x86_64-unknown-linux-gnu"/,
  },
  {
    name: "redis: hard-coded ar in deps/Makefile",
    evidence: {
      phase: "buildPhase",
      log: [
        "cd hiredis && make static",
        "aarch64-unknown-linux-gnu-cc -std=c99 -c net.c",
        "ar rcs libhiredis.a net.o hiredis.o sds.o async.o read.o",
        "make[3]: ar: No such file or directory",
        "make[3]: *** [Makefile:171: libhiredis.a] Error 127",
      ].join("\n"),
      exit: { code: 2 },
    },
    category: "unprefixed-binutils",
    line: /make\[3\]: ar: No such file or directory/,
  },
  {
    name: "objects made by the build machine's cc, linked by the cross ld",
    evidence: {
      phase: "buildPhase",
      log: [
        "aarch64-unknown-linux-gnu-gcc -o tool main.o util.o",
        "/nix/store/abc-aarch64-unknown-linux-gnu-binutils/bin/aarch64-unknown-linux-gnu-ld: util.o: Relocations in generic ELF (EM: 62)",
        "/nix/store/abc-aarch64-unknown-linux-gnu-binutils/bin/aarch64-unknown-linux-gnu-ld: util.o: error adding symbols: file in wrong format",
        "collect2: error: ld returned 1 exit status",
      ].join("\n"),
    },
    category: "unprefixed-binutils",
    line: /Relocations in generic ELF/,
  },
  {
    name: "git: curl-config while cross compiling, followed by the missing header",
    evidence: {
      phase: "buildPhase",
      log: [
        "/bin/sh: 1: curl-config: not found",
        "    CC http.o",
        "http.c:2:10: fatal error: curl/curl.h: No such file or directory",
        "make: *** [Makefile:2705: http.o] Error 1",
      ].join("\n"),
    },
    category: "missing-config-script",
    line: /curl-config: not found/,
  },
  {
    name: "apr: AC_TRY_RUN in configure",
    evidence: {
      phase: "configurePhase",
      log: [
        "checking whether we are cross compiling... yes",
        "checking for working PROCESS_SHARED locks... configure: error: in `/build/apr-1.7.4':",
        "configure: error: cannot run test program while cross compiling",
        "See `config.log' for more details",
      ].join("\n"),
      exit: { code: 1 },
    },
    category: "configure-refuses-cross",
    line: /cannot run test program while cross compiling/,
  },
  {
    name: "CMake try_run",
    evidence: {
      phase: "configurePhase",
      log: "CMake Error: TRY_RUN() invoked in cross-compiling mode, please set the following cache variables appropriately:\n   HAVE_POLL_FINE_EXITCODE (advanced)",
    },
    category: "configure-refuses-cross",
    line: /TRY_RUN/,
  },
  {
    name: "closure drags in the build platform's gcc",
    evidence: {
      phase: "closure",
      log: "closure of out differs from the snapshot",
      closureFindings: [
        { kind: "build-reference", path: "/nix/store/5x1k-gcc-12.2.0", file: "lib/libz.la", chain: ["zlib-1.3", "gcc-12.2.0"] },
      ],
    },
    category: "build-reference-in-closure",
    line: /gcc-12\.2\.0 \(referenced from lib\/libz\.la\) via zlib-1\.3 → gcc-12\.2\.0/,
  },
  {
    name: "an installed program for the build machine",
    evidence: {
      phase: "closure",
      log: "",
      elfFindings: [{ file: "bin/hello", expected: "AArch64", actual: "Advanced Micro Devices X86-64" }],
    },
    category: "wrong-elf-machine",
    line: /bin\/hello: ELF machine Advanced Micro Devices X86-64, expected AArch64/,
  },
  {
    name: "a segfault under qemu",
    evidence: {
      phase: "installCheckPhase",
      log: "running ./bin/hello --version\nqemu: uncaught target signal 11 (Segmentation fault) - core dumped\nSegmentation fault (core dumped)",
      exit: { code: 139 },
    },
    category: "emulator-crash",
    line: /uncaught target signal 11/,
  },
  {
    name: "Exec format error while the harness runs the outputs means no emulator",
    evidence: { phase: "installCheckPhase", log: "sh: 1: ./result/bin/hello: Exec format error", exit: { code: 126 } },
    category: "emulator-missing",
    line: /Exec format error/,
  },
  {
    name: "a full disk makes gcc fail too, but it is the disk",
    evidence: {
      phase: "buildPhase",
      log: "gcc -c big.c\n/tmp/ccX.s: Assembler messages:\n/tmp/ccX.s: Fatal error: can't write 12 bytes to section .text of big.o: 'No space left on device'\nbig.c:1:1: error: something",
    },
    category: "infrastructure",
    line: /No space left on device/,
  },
  {
    name: "cc1plus killed for memory",
    evidence: { phase: "buildPhase", log: "g++: fatal error: Killed signal terminated program cc1plus\ncompilation terminated." },
    category: "infrastructure",
    line: /Killed signal terminated program cc1plus/,
  },
  {
    name: "engine gone, reported by the engine module",
    evidence: { phase: "buildPhase", log: "", infrastructureErrors: ["engine-gone"] },
    category: "infrastructure",
    line: /engine-gone/,
  },
  {
    name: "timeout wins over the test output that preceded it",
    evidence: { phase: "checkPhase", log: "PASS: t1\nrunning t2 under emulation", exit: { signal: "SIGKILL", timedOut: true } },
    category: "timeout",
    line: /running t2 under emulation/,
  },
  {
    name: "meson dependency missing",
    evidence: { phase: "configurePhase", log: "meson.build:40:0: ERROR: Dependency \"glib-2.0\" not found, tried pkgconfig", exit: { code: 1 } },
    category: "configure-error",
    line: /Dependency "glib-2\.0" not found/,
  },
  {
    name: "a library only for the build machine",
    evidence: {
      phase: "buildPhase",
      log: "aarch64-unknown-linux-gnu-ld: skipping incompatible /usr/lib/x86_64-linux-gnu/libssl.so when searching for -lssl\naarch64-unknown-linux-gnu-ld: cannot find -lssl: No such file or directory\ncollect2: error: ld returned 1 exit status",
    },
    category: "link-error",
    line: /skipping incompatible/,
  },
  {
    name: "x86 intrinsics in a cross build",
    evidence: {
      phase: "buildPhase",
      log: "src/simd.c:3:10: fatal error: immintrin.h: No such file or directory\n    3 | #include <immintrin.h>\ncompilation terminated.",
    },
    category: "compile-error",
    line: /immintrin\.h/,
  },
  {
    name: "a failing test suite",
    evidence: { phase: "checkPhase", log: "PASS: test-a\nFAIL: test-b\n# FAIL:  1", exit: { code: 2 } },
    category: "test-failure",
    line: /^FAIL: test-b$/,
  },
  {
    name: "a cross build that differs from the native one, though its report quotes a program's own infrastructure-like string",
    evidence: {
      phase: "equivalence",
      log: 'differences:\n  ✗ out/bin/cp\n      section .rodata: string "No space left on device" only in cross\n',
      equivalenceFindings: [{ file: "out/bin/cp", difference: 'section .rodata: string "No space left on device" only in cross' }],
    },
    category: "cross-differs-from-native",
    line: /^1 file differs from the native build: out\/bin\/cp$/,
  },
  {
    name: "anything else lands in the catch-all with the log tail",
    evidence: { phase: "installPhase", log: "installing\nsomething odd happened", exit: { code: 1 } },
    category: "unclassified",
    line: /something odd happened/,
  },
];

describe("classify", () => {
  it.each(cases)("$name → $category", ({ evidence, category, line }) => {
    const result = diagnose(evidence);
    expect(result.category.id).toBe(category);
    expect(result.lines.map((l) => l.text)).toContainEqual(expect.stringMatching(line));
  });

  it("gives log lines their 1-based line numbers", () => {
    const result = diagnose({ phase: "buildPhase", log: "a\nb\n/bin/sh: 1: ranlib: not found\n" });
    expect(result.category.id).toBe("unprefixed-binutils");
    expect(result.lines).toEqual([{ lineNumber: 3, text: "/bin/sh: 1: ranlib: not found" }]);
  });

  it("sees through colour codes and carriage-return progress output", () => {
    const log = "progress 10%\rprogress 100%\r\u001b[31mconfigure: error: cannot run test program while cross compiling\u001b[0m\r\n";
    const result = diagnose({ phase: "configurePhase", log });
    expect(result.category.id).toBe("configure-refuses-cross");
    expect(result.lines[0]?.text).toBe("configure: error: cannot run test program while cross compiling");
  });

  it("keeps at most five matched lines", () => {
    const log = Array.from({ length: 20 }, (_, i) => `x.c:${i + 1}:1: error: nope`).join("\n");
    expect(diagnose({ phase: "buildPhase", log }).lines).toHaveLength(5);
  });

  it("has unique ids, a hint for each category and a catch-all last", () => {
    const ids = categories.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of categories) expect(c.hint.length, c.id).toBeGreaterThan(40);
    expect(categories.at(-1)?.id).toBe("unclassified");
  });

  it("blames the package only for the package's own classes", () => {
    const notPackage = categories.filter((c) => c.blame !== "package").map((c) => c.id);
    expect(notPackage).toEqual(["infrastructure", "timeout", "emulator-missing", "emulator-crash"]);
  });
});
