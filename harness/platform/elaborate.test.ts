/** Rules of elaboration that the vectors do not pin down on their own. */
import { describe, expect, test } from "vitest";
import { UserError } from "../userError.ts";
import {
  cpuIsCompatible,
  elaborate,
  emulatorFor,
  exampleNames,
  examples,
  parseSystem,
  platformEquals,
  staticEmulatorAvailable,
  tripleFromParsed,
  type PlatformArgs,
} from "./index.ts";

describe("reading a spec", () => {
  test("a double is read as a system, its config rendered", () => {
    expect(elaborate("x86_64-linux").config).toBe("x86_64-unknown-linux-gnu");
  });

  test("a triple is read as a config and kept verbatim", () => {
    const mingw = elaborate("x86_64-w64-mingw32");
    expect(mingw.config).toBe("x86_64-w64-mingw32");
    expect(tripleFromParsed(mingw.parsed)).toBe("x86_64-w64-windows-gnu");
    expect(elaborate("avr").config).toBe("avr");
  });

  test("a name that is both a double and an example means the example; { system } the double", () => {
    expect(elaborate("x86_64-windows").useLLVM).toBe(true);
    expect(elaborate("examples.x86_64-windows").useLLVM).toBe(true);
    expect(elaborate("pkgsCross.x86_64-windows").useLLVM).toBe(true);
    expect(elaborate({ system: "x86_64-windows" }).useLLVM).toBe(false);
  });

  test("an example name is the example", () => {
    expect(elaborate("raspberryPi").gcc).toEqual({ arch: "armv6kz", fpu: "vfpv2" });
  });

  test.each(["aarch65-linux", "arm-foo-bar-baz-qux", "x86_64-unknown-linux-gnux", "examples.raspberryPie"])(
    "%s is a UserError that names the closest known platforms",
    (spec) => {
      expect(() => elaborate(spec)).toThrow(UserError);
      expect(() => elaborate(spec)).toThrow(/closest known platforms|did you mean/);
    },
  );

  test("a typo in one component points at the right name", () => {
    expect(() => elaborate("aarch65-linux")).toThrow(/Unknown CPU type: aarch65.*'aarch64'.*aarch64-linux/);
  });

  test("attribute sets need config or system", () => {
    expect(() => elaborate({ libc: "musl" })).toThrow(new UserError("a platform needs a 'config' or a 'system'"));
    expect(() => elaborate({ confg: "aarch64-unknown-linux-gnu" })).toThrow(new UserError("a platform needs a 'config' or a 'system'; did you mean 'confg' for 'config'?"));
  });

  test("an attribute of the wrong type is a UserError", () => {
    const spec = JSON.parse('{"config": "aarch64-unknown-linux-gnu", "isStatic": "yes"}') as PlatformArgs;
    expect(() => elaborate(spec)).toThrow(/isStatic/);
  });

  test("an attribute named like a property of every object is an attribute like any other", () => {
    const spec = JSON.parse('{"config": "aarch64-unknown-linux-gnu", "__proto__": {"x": 1}, "valueOf": 1, "hasOwnProperty": 2}') as PlatformArgs;
    expect(elaborate(spec).config).toBe("aarch64-unknown-linux-gnu");
  });

  test("linux-kernel is refused, as upstream has removed it", () => {
    expect(() => elaborate({ system: "aarch64-linux", "linux-kernel": {} })).toThrow(/linux-kernel/);
  });
});

describe("what is derived and what is given", () => {
  test("config wins over system, and a given parsed is ignored", () => {
    const p = elaborate({ config: "i686-unknown-linux-gnu", system: "x86_64-linux", parsed: parseSystem("x86_64-linux") });
    expect(p.system).toBe("i686-linux");
    expect(p.parsed.cpu.name).toBe("i686");
  });

  test("given attributes feed the derived ones", () => {
    const llvm = elaborate({ system: "x86_64-linux", useLLVM: true });
    expect(llvm.linker).toBe("lld");
    const statik = elaborate({ config: "x86_64-unknown-linux-musl", isStatic: true });
    expect(statik.hasSharedLibraries).toBe(false);
    expect(statik.extensions).toEqual({ staticLibrary: ".a", library: ".a", executable: "" });
    expect(elaborate({ system: "x86_64-linux", gcc: { arch: "x86-64-v3" } }).avx2Support).toBe(true);
    expect(elaborate("x86_64-linux").avx2Support).toBe(false);
  });

  test("extra attributes ride along", () => {
    expect(elaborate("examples.iphone64").xcodePlatform).toBe("iPhoneOS");
  });

  test("rust is recomputed, with the given rustcTarget kept", () => {
    const p = elaborate({ config: "aarch64-none-elf", rust: { rustcTarget: "aarch64-unknown-none" } });
    expect(p.rust.rustcTarget).toBe("aarch64-unknown-none");
    expect(p.rust.isNoStdTarget).toBe(true);
    expect(p.rust.platform.arch).toBe("aarch64");
  });

  test("bare ppc64 defaults to ELFv1; gnu on 32-bit ARM is refused", () => {
    expect(elaborate("powerpc64-linux").config).toBe("powerpc64-unknown-linux-gnuabielfv1");
    expect(() => elaborate({ config: "armv7l-unknown-linux-gnu" })).toThrow(/ambiguous on 32-bit ARM/);
    expect(() => elaborate({ config: "armv7a-unknown-linux-android" })).toThrow(/androideabi/);
  });

  test("Cygwin is its own kernel, not Windows", () => {
    const cygwin = elaborate({ system: "x86_64-cygwin" });
    expect([cygwin.config, cygwin.libc, cygwin.isWindows, cygwin.isCygwin]).toEqual(["x86_64-pc-cygwin", "cygwin", false, true]);
  });

  test("Darwin triples use Apple's cpu name", () => {
    expect(elaborate({ system: "aarch64-darwin" }).config).toBe("arm64-apple-darwin");
    expect(elaborate("arm64-apple-ios").parsed.cpu.name).toBe("aarch64");
  });

  test("32-bit NetBSD on a.out-default cpus names its exec format", () => {
    expect(elaborate("i686-netbsd").config).toBe("i686-unknown-netbsdelf");
    expect(elaborate({ system: "x86_64-netbsd" }).config).toBe("x86_64-unknown-netbsd");
  });

  test("uefi parses as a 3-component triple", () => {
    expect(elaborate("examples.x86_64-unknown-uefi").isUefi).toBe(true);
  });
});

describe("examples", () => {
  test.each(exampleNames)("%s elaborates", (name) => {
    expect(elaborate(`examples.${name}`).config).toBe(examples[name]!.config);
  });
});

describe("equality", () => {
  test("two elaborations of one spec are equal; a changed attribute makes them differ", () => {
    expect(platformEquals(elaborate("x86_64-linux"), elaborate("x86_64-linux"))).toBe(true);
    expect(platformEquals(elaborate("x86_64-linux"), elaborate({ config: "x86_64-unknown-linux-gnu" }))).toBe(true);
    expect(platformEquals(elaborate("x86_64-linux"), elaborate({ system: "x86_64-linux", useLLVM: true }))).toBe(false);
  });
});

describe("canExecute beyond the sampled matrix", () => {
  const cpu = (system: string) => parseSystem(system).cpu;
  test("2026 master dropped riscv64→riscv32, aarch64→armv7 and armv8a→aarch64", () => {
    expect(cpuIsCompatible(cpu("riscv64-linux"), cpu("riscv32-linux"))).toBe(false);
    expect(cpuIsCompatible(cpu("aarch64-linux"), cpu("armv7l-linux"))).toBe(false);
    expect(cpuIsCompatible(cpu("aarch64-none"), cpu("armv8a-none"))).toBe(true);
    expect(cpuIsCompatible(cpu("armv8a-none"), cpu("aarch64-none"))).toBe(false);
    expect(cpuIsCompatible(cpu("armv7a-linux"), cpu("arm-none"))).toBe(true);
    expect(cpuIsCompatible(cpu("x86_64-linux"), cpu("i386-linux"))).toBe(true);
  });

  test("on the same cpu, the program's gcc.arch must be one the machine runs", () => {
    const v3 = elaborate({ system: "x86_64-linux", gcc: { arch: "x86-64-v3" } });
    const znver4 = elaborate({ system: "x86_64-linux", gcc: { arch: "znver4" } });
    expect(elaborate("x86_64-linux").canExecute(v3)).toBe(false);
    expect(v3.canExecute(elaborate("x86_64-linux"))).toBe(true);
    expect(znver4.canExecute(v3)).toBe(true);
    expect(v3.canExecute(znver4)).toBe(false);
  });

  test("Android and non-Android do not run each other; macOS does not run iOS", () => {
    expect(elaborate("aarch64-linux").canExecute(elaborate("examples.aarch64-android"))).toBe(false);
    expect(elaborate({ system: "x86_64-darwin" }).canExecute(elaborate("examples.iphone64-simulator"))).toBe(false);
  });
});

describe("emulators from other machines", () => {
  test("an aarch64 Linux machine runs x86_64 Linux under QEMU", () => {
    expect(emulatorFor(elaborate("aarch64-linux"), elaborate("x86_64-linux"))).toEqual({
      kind: "qemu",
      command: "qemu-x86_64",
      nixpkgsPackage: "qemu-user",
      nixpkgsPath: "${qemu-user}/bin/qemu-x86_64",
    });
  });

  test("QEMU user mode needs a Linux machine", () => {
    expect(emulatorFor(elaborate("aarch64-darwin"), elaborate("riscv64-linux"))).toBeNull();
  });

  test("ghcjs runs under node, wasi under wasmtime, 32-bit Windows under wine32", () => {
    const linux = elaborate("x86_64-linux");
    expect(emulatorFor(linux, elaborate("examples.ghcjs"))?.nixpkgsPath).toBe("${nodejs-slim}/bin/node");
    // Upstream's wasmtime, for nix eval; crosscheck itself runs Node's WASI.
    expect(emulatorFor(linux, elaborate("wasm32-wasi"))).toMatchObject({ kind: "wasi", nixpkgsPath: "${wasmtime}/bin/wasmtime", command: "node:wasi" });
    expect(emulatorFor(linux, elaborate("examples.mingw32"))?.nixpkgsPath).toBe(
      '${(winePackagesFor "wine32").minimal}/bin/wine',
    );
    expect(staticEmulatorAvailable(linux, elaborate("examples.mingw32"))).toBe(false);
  });

  test("big-endian aarch64 gets its own QEMU", () => {
    expect(elaborate("examples.aarch64be-embedded").qemuArch).toBe("aarch64_be");
  });
});
