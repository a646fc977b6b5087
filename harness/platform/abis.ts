/**
 * ABIs (the environment component), as in `lib.systems.parse.abis`. Some carry assertions
 * over the elaborated platform; `elaborate` checks them, because whether e.g. "gnu" is
 * ambiguous depends on the cpu the ABI is paired with.
 */
/** The parts of an elaborated platform the ABI assertions look at. */
export interface AssertionSubject {
  readonly isAarch32: boolean;
  readonly isPower64: boolean;
  readonly isBigEndian: boolean;
}

export interface AbiAssertion {
  readonly holds: (platform: AssertionSubject) => boolean;
  readonly message: string;
}

export interface Abi {
  readonly name: string;
  readonly float?: "soft" | "hard";
  /** The sub-ABI gcc is told about (`-mabi`): "64", "n32", "elfv1", "elfv2". */
  readonly abi?: string;
  /** ARM/PowerPC embedded ABI (EABI) conventions. */
  readonly eabi?: true;
  readonly assertions?: readonly AbiAssertion[];
}

type AbiFields = Omit<Abi, "name">;

const soft: AbiFields = { float: "soft", eabi: true };
const hard: AbiFields = { float: "hard", eabi: true };

const notAarch32 = (abi: string, instead: string): AbiAssertion => ({
  holds: (p) => !p.isAarch32,
  message: `The "${abi}" ABI is ${abi === "gnu" ? "ambiguous on" : "not for"} 32-bit ARM. Use ${instead} instead.`,
});

const fields = {
  msvc: {},
  eabi: soft,
  eabihf: hard,
  elf: {},
  androideabi: { eabi: true },
  android: { assertions: [notAarch32("android", '"androideabi"')] },
  gnueabi: soft,
  gnueabihf: hard,
  gnu: {
    assertions: [
      notAarch32("gnu", '"gnueabi" or "gnueabihf"'),
      {
        holds: (p) => !(p.isPower64 && p.isBigEndian),
        message:
          'The "gnu" ABI is ambiguous on big-endian 64-bit PowerPC. Use "gnuabielfv2" or "gnuabielfv1" instead.',
      },
    ],
  },
  gnuabi64: { abi: "64" },
  muslabi64: { abi: "64" },
  // n32 needs a 64-bit MIPS chip: the 64-bit ABI with 32-bit pointers.
  gnuabin32: { abi: "n32" },
  muslabin32: { abi: "n32" },
  gnuabielfv2: { abi: "elfv2" },
  gnuabielfv1: { abi: "elfv1" },
  musleabi: soft,
  musleabihf: hard,
  musl: {},
  uclibceabi: soft,
  uclibceabihf: hard,
  uclibc: {},
  unknown: {},
} satisfies Record<string, AbiFields>;

export type AbiName = keyof typeof fields;

export const abis: Readonly<Record<string, Abi>> = Object.freeze(
  Object.fromEntries(Object.entries(fields).map(([name, f]) => [name, Object.freeze({ name, ...f })])),
);

export function lookupAbi(name: string): Abi | undefined {
  return Object.hasOwn(abis, name) ? abis[name] : undefined;
}

/** Shorthand for the records the parser and predicates name directly. */
export function abi(name: AbiName): Abi {
  return abis[name]!;
}
