/**
 * `lib.systems.doubles` (which Nixpkgs' lib also exports as `lib.platforms`): the Nix doubles
 * Nixpkgs knows, and lists of them by kind. As in `lib/systems/doubles.nix` there is one list of
 * data, `all`; every other list is the doubles of `all` whose parse satisfies a predicate of
 * `lib.systems.inspect` (`linux = filterDoubles predicates.isLinux`), so no list can drift from
 * the platform model.
 */
import { abi, type AbiName } from "./abis.ts";
import { kernels } from "./kernels.ts";
import { parseSystem, type Parsed } from "./parse.ts";
import { predicateRules, type PredicateName } from "./predicates.ts";
import { doubleFromParsed } from "./render.ts";

/** Nixpkgs' `all` (master of 2026) in its order: its primary systems first (they are matched
 * first when `meta.platforms` is checked), then by kernel. */
const all = [
  "x86_64-linux", "aarch64-darwin", "aarch64-linux",
  // Cygwin, FreeBSD, Genode, illumos, JavaScript
  "i686-cygwin", "x86_64-cygwin",
  "i686-freebsd", "x86_64-freebsd", "aarch64-freebsd",
  "aarch64-genode", "i686-genode", "x86_64-genode",
  "x86_64-solaris",
  "javascript-ghcjs",
  // Linux, but for the two above
  "arc-linux", "armv5tel-linux", "armv6l-linux", "armv7a-linux", "armv7l-linux", "i686-linux",
  "loongarch64-linux", "m68k-linux", "sh4-linux", "microblaze-linux", "microblazeel-linux",
  "mips-linux", "mips64-linux", "mips64el-linux", "mipsel-linux", "powerpc-linux",
  "powerpc64-linux", "powerpc64le-linux", "riscv32-linux", "riscv64-linux", "s390-linux",
  "s390x-linux",
  // MMIXware, NetBSD
  "mmix-mmixware",
  "aarch64-netbsd", "armv6l-netbsd", "armv7a-netbsd", "armv7l-netbsd", "i686-netbsd",
  "m68k-netbsd", "mipsel-netbsd", "powerpc-netbsd", "riscv32-netbsd", "riscv64-netbsd",
  "x86_64-netbsd",
  // Bare metal
  "aarch64_be-none", "aarch64-none", "arm-none", "armv6l-none", "avr-none", "i686-none",
  "microblaze-none", "microblazeel-none", "mips-none", "mips64-none", "msp430-none", "or1k-none",
  "m68k-none", "powerpc-none", "powerpcle-none", "riscv32-none", "riscv64-none", "rx-none",
  "s390-none", "s390x-none", "vc4-none", "x86_64-none",
  // OpenBSD, Redox, WASI, Windows, UEFI
  "i686-openbsd", "x86_64-openbsd",
  "x86_64-redox",
  "wasm64-wasi", "wasm32-wasi",
  "aarch64-windows", "x86_64-windows", "i686-windows",
  "aarch64-uefi", "x86_64-uefi",
];

/** Each list Nixpkgs derives with one predicate, and that predicate. */
export const doublePredicates = {
  arm: "isAarch32",
  armv7: "isArmv7",
  aarch: "isAarch",
  aarch64: "isAarch64",
  x86: "isx86",
  i686: "isi686",
  x86_64: "isx86_64",
  microblaze: "isMicroBlaze",
  mips: "isMips",
  mmix: "isMmix",
  power: "isPower",
  riscv: "isRiscV",
  riscv32: "isRiscV32",
  riscv64: "isRiscV64",
  rx: "isRx",
  vc4: "isVc4",
  or1k: "isOr1k",
  m68k: "isM68k",
  arc: "isArc",
  sh4: "isSh4",
  s390: "isS390",
  s390x: "isS390x",
  loongarch64: "isLoongArch64",
  js: "isJavaScript",
  cygwin: "isCygwin",
  darwin: "isDarwin",
  freebsd: "isFreeBSD",
  illumos: "isSunOS",
  linux: "isLinux",
  netbsd: "isNetBSD",
  openbsd: "isOpenBSD",
  unix: "isUnix",
  wasi: "isWasi",
  redox: "isRedox",
  windows: "isWindows",
  genode: "isGenode",
  uefi: "isUefi",
  embedded: "isNone",
} as const satisfies Record<string, PredicateName>;

/** Linux with a GNU libc ABI, ABI by ABI in Nixpkgs' order ("should be better, but MinGW is
 * unclear", says doubles.nix: MinGW is GNU too and is not in it). */
const gnuAbis: AbiName[] = ["gnu", "gnueabi", "gnueabihf", "gnuabin32", "gnuabi64", "gnuabielfv1", "gnuabielfv2"];

const allParsed = all.map(parseSystem);
const filterDoubles = (f: (p: Parsed) => boolean): string[] => allParsed.filter(f).map(doubleFromParsed);

export const doubles = {
  all,
  none: [] as string[],
  ...(Object.fromEntries(
    Object.entries(doublePredicates).map(([list, predicate]) => [list, filterDoubles(predicateRules[predicate])]),
  ) as Record<keyof typeof doublePredicates, string[]>),
  gnu: gnuAbis.flatMap((name) => filterDoubles((p) => p.kernel === kernels.linux && p.abi === abi(name))),
};

export type Doubles = typeof doubles;
