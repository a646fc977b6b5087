/**
 * Hardware presets (Nixpkgs' `lib/systems/platforms.nix`): `gcc` settings for boards and
 * families. Examples merge a preset in; `elaborate` picks a default one by cpu when the user
 * gives no `gcc` (its "just a guess, based on system").
 */
import type { Predicates } from "./predicates.ts";
import type { Parsed } from "./parse.ts";

export type GccAttrs = Readonly<Record<string, unknown>>;

const preset = (gcc: Record<string, unknown>) => Object.freeze({ gcc: Object.freeze(gcc) });

const armv7lHf = preset({
  // vfpv3-d16 is Debian's compromise: NEON is missing on some boards and rarely pays off.
  arch: "armv7-a",
  fpu: "vfpv3-d16",
});

export const gccPresets = Object.freeze({
  "armv5tel-multiplatform": preset({ arch: "armv5te" }),
  raspberrypi: preset({ arch: "armv6kz", fpu: "vfpv2" }),
  // Legacy name, kept for existing configurations.
  raspberrypi2: armv7lHf,
  bluefield2: preset({ arch: "armv8-a+fp+simd+crc+crypto" }),
  "zero-gravitas": preset({ fpu: "neon", cpu: "cortex-a9" }),
  "zero-sugar": preset({ cpu: "cortex-a7", fpu: "neon-vfpv4", "float-abi": "hard" }),
  "armv7a-android": preset({ arch: "armv7-a", "float-abi": "softfp", fpu: "vfpv3-d16" }),
  "armv7l-hf-multiplatform": armv7lHf,
  "aarch64-multiplatform": preset({ arch: "armv8-a" }),
  "apple-m1": preset({ arch: "armv8.3-a+crypto+sha2+aes+crc+fp16+lse+simd+ras+rdm+rcpc", cpu: "apple-a13" }),
  ben_nanonote: preset({ arch: "mips32", float: "soft" }),
  fuloong2f_n32: preset({ arch: "loongson2f", float: "hard", abi: "n32" }),
  // o32 code runs on any 32-bit MIPS chip.
  gcc_mips32r2_o32: preset({ arch: "mips32r2", abi: "32" }),
  gcc_mips32r6_o32: preset({ arch: "mips32r6", abi: "32" }),
  // n32 needs a 64-bit chip (registers, 64-bit floats) but keeps 32-bit pointers.
  gcc_mips64r2_n32: preset({ arch: "mips64r2", abi: "n32" }),
  gcc_mips64r6_n32: preset({ arch: "mips64r6", abi: "n32" }),
  gcc_mips64r2_64: preset({ arch: "mips64r2", abi: "64" }),
  gcc_mips64r6_64: preset({ arch: "mips64r6", abi: "64" }),
  "loongarch64-multiplatform": preset({
    arch: "la64v1.0",
    "strict-align": false,
    // Large programs overflow the default code model's text section.
    cmodel: "medium",
  }),
});

/** The default `gcc` of a platform that was given none, chosen from its cpu and kernel. */
export function defaultGcc(parsed: Parsed, is: Predicates): GccAttrs {
  if (is.isAarch32) {
    const version = parsed.cpu.version;
    if (version === undefined) return {};
    if (Number(version) < 6) return gccPresets["armv5tel-multiplatform"].gcc;
    if (Number(version) < 7) return gccPresets.raspberrypi.gcc;
    return gccPresets["armv7l-hf-multiplatform"].gcc;
  }
  if (is.isAarch64) return is.isDarwin ? gccPresets["apple-m1"].gcc : gccPresets["aarch64-multiplatform"].gcc;
  if (is.isLoongArch64) return gccPresets["loongarch64-multiplatform"].gcc;
  // Upstream takes this from the mipsel-linux-gnu example, which is built on this preset.
  if (parsed.cpu.name === "mipsel") return gccPresets.gcc_mips32r2_o32.gcc;
  return {};
}
