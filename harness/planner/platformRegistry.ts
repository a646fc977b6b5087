import { elaborate, platformEquals, type Platform } from "../platform/index.ts";
import type { PlatformRef } from "./derivation.ts";
import { createHash } from "node:crypto";
import { canonicalJson } from "./nodeId.ts";
import { debianArchitecture } from "./debianToolchain.ts";

/** A platform the planner has seen, with the names the plan uses for it. */
export interface KnownPlatform {
  platform: Platform;
  /** Short, unique within one planner: the config, with `#n` when distinct platforms share it
   * (e.g. musl64 and pkgsStatic's x86_64-unknown-linux-musl differ only in isStatic). */
  key: string;
  ref: PlatformRef;
  /** sha256 of the canonical text of the elaborated platform without functions (what
   * lib.systems.equals compares); it enters node ids, so equal platforms from different specs
   * give equal ids. */
  fingerprint: string;
}

/** Interns platforms by lib.systems.equals, so each distinct platform is elaborated once. */
export class PlatformRegistry {
  private readonly known: KnownPlatform[] = [];
  /** Elaborating is the costly part of planning a small cell; specs recur in every cell. */
  private readonly bySpec = new Map<string, KnownPlatform>();

  intern(spec: PlatformRef["spec"]): KnownPlatform {
    const specKey = canonicalJson(spec);
    const cached = this.bySpec.get(specKey);
    if (cached !== undefined) return cached;
    const known = this.internPlatform(elaborate(spec), spec);
    this.bySpec.set(specKey, known);
    return known;
  }

  internPlatform(platform: Platform, spec: PlatformRef["spec"]): KnownPlatform {
    const existing = this.known.find((k) => k.platform === platform || platformEquals(k.platform, platform));
    if (existing !== undefined) return existing;
    const sameConfig = this.known.filter((k) => k.platform.config === platform.config).length;
    const known: KnownPlatform = {
      platform,
      key: sameConfig === 0 ? platform.config : `${platform.config}#${sameConfig + 1}`,
      ref: platformRef(platform, spec),
      fingerprint: createHash("sha256").update(canonicalJson(platform)).digest("hex"),
    };
    this.known.push(known);
    return known;
  }
}

/** The plan's record of a platform: its names, the spec to elaborate it from, and the facts consumers need. */
function platformRef(platform: Platform, spec: PlatformRef["spec"]): PlatformRef {
  const { cpu } = platform.parsed;
  return {
    config: platform.config,
    system: platform.system,
    spec,
    cpu: { name: cpu.name, family: cpu.family, bits: cpu.bits, endian: platform.isBigEndian ? "big" : "little" },
    uname: { system: platform.uname.system, processor: platform.uname.processor },
    debianArch: debianArchitecture(platform)?.arch ?? null,
    needsFreshGnuConfig: !platform.isx86 || ["musl", "wasilibc", "relibc"].includes(platform.libc ?? "") || platform.isiOS || platform.isGenode,
    hasSharedLibraries: platform.hasSharedLibraries,
  };
}
