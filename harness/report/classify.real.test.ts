import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { diagnose } from "../diagnosis/index.ts";

// Real output of real tools on this machine, not excerpts typed from memory: if a tool's wording
// changes, the classifier must follow.

const work = mkdtempSync(join(tmpdir(), "crosscheck-classify-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function which(tool: string): string | undefined {
  const r = spawnSync("sh", ["-c", `command -v ${tool}`], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** Runs a command and returns what a build log would hold: stdout and stderr, interleaved. */
function run(command: string, env: NodeJS.ProcessEnv = process.env): { log: string; code: number } {
  const r = spawnSync("sh", ["-c", `${command} 2>&1`], { cwd: work, env, encoding: "utf8" });
  return { log: r.stdout, code: r.status ?? -1 };
}

/**
 * A copy of /bin/true whose ELF header claims another machine: the kernel refuses it exactly as
 * it refuses a real cross-compiled binary. EM_AVR (83) has no QEMU user emulator, so no binfmt
 * entry catches it, even on a machine set up for cross testing.
 */
function foreignElf(name: string, machine: number, interpreter?: string): string {
  const bytes = readFileSync("/bin/true");
  bytes.writeUInt16LE(machine, 18);
  if (interpreter !== undefined) {
    const at = bytes.indexOf("/lib64/ld-linux-x86-64.so.2");
    bytes.write(interpreter.padEnd(28, "\0"), at, "latin1");
  }
  const path = join(work, name);
  writeFileSync(path, bytes);
  chmodSync(path, 0o755);
  return path;
}

const haveBuildTools = ["make", "cc", "as", "ld"].every((t) => which(t) !== undefined);

describe("classify real tool output", () => {
  it("a foreign binary run by make: Exec format error → host binary run at build time", () => {
    foreignElf("gen-tables", 83);
    writeFileSync(join(work, "Makefile.gen"), "tables.h:\n\t./gen-tables > tables.h\n");
    const { log, code } = run("make -f Makefile.gen");
    expect(code).not.toBe(0);
    const result = diagnose({ phase: "buildPhase", log, exit: { code } });
    expect(result.category.id).toBe("host-binary-at-build-time");
    expect(result.lines[0]?.text).toMatch(/gen-tables: Exec format error/);
  });

  it("a rule whose input the tarball lacks: make's No rule to make target → missing source file", () => {
    writeFileSync(join(work, "Makefile.doc"), "all: manual.info\nmanual.texi: manualtexi.in\n\tcp manualtexi.in manual.texi\nmanual.info: manual.texi\n\tmakeinfo manual.texi\n");
    const { log, code } = run("make -f Makefile.doc");
    expect(code).not.toBe(0);
    const result = diagnose({ phase: "buildPhase", log, exit: { code } });
    expect(result.category.id).toBe("missing-source-file");
    expect(result.lines[0]?.text).toMatch(/No rule to make target 'manualtexi\.in', needed by 'manual\.texi'/);
  });

  it("the same binary run by bash while the harness runs the outputs → emulator missing", () => {
    foreignElf("hello", 83);
    const { log, code } = run("bash -c ./hello");
    expect(log).toMatch(/cannot execute binary file: Exec format error/);
    expect(diagnose({ phase: "installCheckPhase", log, exit: { code } }).category.id).toBe("emulator-missing");
  });

  it.skipIf(!existsSync("/proc/sys/fs/binfmt_misc/qemu-aarch64"))(
    "an aarch64 binary under binfmt QEMU without its loader prefix → emulator missing",
    () => {
      foreignElf("hello-arm", 183, "/lib/ld-linux-aarch64.so.1");
      const { log, code } = run("./hello-arm", { ...process.env, QEMU_LD_PREFIX: join(work, "no-such-prefix") });
      expect(log).toMatch(/Could not open '\/lib\/ld-linux-aarch64\.so\.1'/);
      expect(diagnose({ phase: "checkPhase", emulator: "qemu-aarch64", log, exit: { code } }).category.id).toBe("emulator-missing");
    },
  );

  describe.skipIf(!haveBuildTools)("with make and a C toolchain", () => {
    // A PATH holding the compiler but no binutils beyond as/ld: what a cross build sees when it
    // calls bare `ar` in a container that only has the prefixed tools.
    const bin = join(work, "bin");
    mkdirSync(bin, { recursive: true });
    for (const tool of ["make", "sh", "cc", "as", "ld"]) {
      const path = which(tool);
      if (path !== undefined) symlinkSync(path, join(bin, tool));
    }
    writeFileSync(join(work, "f.c"), "int f(void) { return 1; }\n");

    it.each([
      ["make runs ar itself", "libf.a: f.o\n\tar rcs libf.a f.o\nf.o: f.c\n\t$(CC) -c f.c -o f.o\n", /make: ar: No such file or directory/],
      ["make runs ar through sh", "libf.a: f.o\n\tar rcs $@ f.o && ranlib $@\nf.o: f.c\n\t$(CC) -c f.c -o f.o\n", /sh: 1: ar: not found/],
    ])("%s → unprefixed binutils", (_name, makefile, line) => {
      writeFileSync(join(work, "Makefile.ar"), makefile);
      rmSync(join(work, "f.o"), { force: true });
      const { log, code } = run("make -f Makefile.ar", { ...process.env, PATH: bin });
      expect(code).not.toBe(0);
      const result = diagnose({ phase: "buildPhase", log, exit: { code } });
      expect(result.category.id).toBe("unprefixed-binutils");
      expect(result.lines[0]?.text).toMatch(line);
    });

    it("make's $(shell curl-config) → missing config script", () => {
      writeFileSync(join(work, "Makefile.cfg"), "CFLAGS += $(shell crosscheck-absent-config --cflags)\nall:\n\t@echo $(CFLAGS)\n");
      const { log } = run("make -f Makefile.cfg");
      expect(diagnose({ phase: "buildPhase", log }).category.id).toBe("missing-config-script");
    });

    it("sh running a config script → missing config script", () => {
      const { log, code } = run('sh -c \'CFLAGS="$(crosscheck-absent-config --cflags)"; exit 1\'');
      expect(log).toMatch(/crosscheck-absent-config: not found/);
      expect(diagnose({ phase: "configurePhase", log, exit: { code } }).category.id).toBe("missing-config-script");
    });

    it("undefined reference and cannot find -l → link error", () => {
      writeFileSync(join(work, "m.c"), "int g(void);\nint main(void) { return g(); }\n");
      const undefinedRef = run("cc m.c -o m");
      expect(diagnose({ phase: "buildPhase", log: undefinedRef.log }).category.id).toBe("link-error");
      const missingLib = run("cc m.c -o m -lcrosscheck_absent");
      const result = diagnose({ phase: "buildPhase", log: missingLib.log });
      expect(result.category.id).toBe("link-error");
      expect(result.lines[0]?.text).toMatch(/cannot find -lcrosscheck_absent/);
    });

    it("an undeclared identifier → compile error", () => {
      writeFileSync(join(work, "e.c"), "int main(void) { return undeclared_thing; }\n");
      const { log } = run("cc -c e.c");
      const result = diagnose({ phase: "buildPhase", log });
      expect(result.category.id).toBe("compile-error");
      expect(result.lines[0]?.text).toMatch(/^e\.c:1:\d+: error: .*undeclared_thing/);
    });
  });

  it.skipIf(which("cmake") === undefined || which("c++") === undefined)(
    "CMake's try_run in a cross build (CMAKE_SYSTEM_NAME set) → configure refuses to cross-compile",
    () => {
      mkdirSync(join(work, "cmake-try-run"), { recursive: true });
      writeFileSync(
        join(work, "cmake-try-run", "CMakeLists.txt"),
        'cmake_minimum_required(VERSION 3.10)\nproject(probe CXX)\ninclude(CheckCXXSourceRuns)\ncheck_cxx_source_runs("int main() { return 0; }" PROBE_RUNS)\n',
      );
      // Whatever this cmake does (3.25.1 crashes, others ask for PROBE_RUNS_EXITCODE), the class is the same.
      const { log, code } = run("cmake -S cmake-try-run -B cmake-try-run/build -DCMAKE_SYSTEM_NAME=Linux");
      expect(code).not.toBe(0);
      const result = diagnose({ phase: "configurePhase", log, exit: { code } });
      expect(result.category.id).toBe("configure-refuses-cross");
      expect(result.lines.map((l) => l.text).join("\n")).toMatch(/PROBE_RUNS/);
    },
  );

  // autoconf is not on every test machine, nor a perl-mini, so their real output was captured once (see fixtures/README.md).
  it.each([
    ["autoconf-run-test-program.log", "configure-refuses-cross"],
    ["autoconf-check-file.log", "configure-refuses-cross"],
    ["autoconf-not-told-cross.log", "configure-not-told-cross"],
    ["cmake-try-run-segfault.log", "configure-refuses-cross"],
    ["cmake-try-run-bad-alloc.log", "configure-refuses-cross"],
    ["perl-mini-build-pl.log", "build-interpreter-without-extensions"],
    ["perl-mini-xs-module.log", "build-interpreter-without-extensions"],
  ])("captured %s → %s", (file, category) => {
    const log = readFileSync(new URL(`./fixtures/${file}`, import.meta.url), "utf8");
    expect(diagnose({ phase: "configurePhase", log, exit: { code: 1 } }).category.id).toBe(category);
  });
});

