import { describe, expect, test } from "vitest";
import { baseImageInputs, baseImageUnavailable, ensureBaseImage } from "./baseImage.ts";
import { contentKey } from "./contentKey.ts";
import { localImage } from "./images.ts";
import { provision } from "../machine/provision.ts";
import { aarch64Packages, aarch64Toolchain, canProvision, provisioningTimeoutMs } from "../testing.ts";
import { dockerBuild, toolchainKey } from "./toolchainImage.ts";
import { engineDeadlines } from "../machine/dockerEngine.ts";
import { InfrastructureError } from "../machine/infrastructureError.ts";

test("content keys ignore key order and change with any input", () => {
  expect(contentKey({ a: 1, b: [1, 2] })).toBe(contentKey({ b: [1, 2], a: 1 }));
  expect(contentKey({ a: 1 })).not.toBe(contentKey({ a: 2 }));
  expect(toolchainKey("base:x", ["b", "a"])).toBe(toolchainKey("base:x", ["a", "b", "a"]));
  expect(toolchainKey("base:x", ["a"])).not.toBe(toolchainKey("base:y", ["a"]));
});

test("the base image's inputs come from the machine's apt configuration", async () => {
  const inputs = await baseImageInputs();
  expect(inputs.suite).toBe("bookworm");
  expect(inputs.mirror).toMatch(/^https?:\/\//);
  expect(inputs.packages).toEqual([...inputs.packages].sort());
});

test("a base image of an architecture the machine's archive lacks for the suite is unavailable, with why; one it has is not", async () => {
  // Debian 12's archive: riscv64 joined in Debian 13. Its Release file says so (Architectures:).
  expect(await baseImageUnavailable({ arch: "riscv64" })).toMatch(/^the machine's Debian archive has no riscv64 for bookworm \(its architectures: all, amd64, arm64, .*\), so there is no riscv64 base image to build in$/);
  expect(await baseImageUnavailable({ arch: "arm64" })).toBeNull();
  expect(await baseImageUnavailable({ arch: "s390x" })).toBeNull();
});

describe.skipIf(!canProvision)("images (needs root: skipped otherwise)", () => {
  test("base image is built once (debootstrap + import), then reused", { timeout: provisioningTimeoutMs }, async () => {
    await provision();
    const first = await ensureBaseImage();
    expect(first.tag).toMatch(/^crosscheck\/base:[0-9a-f]{20}$/);
    const image = await localImage(first.tag);
    expect(image?.labels["crosscheck.key"]).toBe(first.key);
    const started = Date.now();
    const again = await ensureBaseImage();
    expect(again).toMatchObject({ tag: first.tag, built: false });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  test("an image build that goes quiet longer than its deadline is stopped as the machine's fault", { timeout: provisioningTimeoutMs }, async () => {
    await provision();
    const base = await ensureBaseImage();
    const saved = engineDeadlines.imageIdleMs;
    engineDeadlines.imageIdleMs = 5_000;
    try {
      const started = Date.now();
      const error = await dockerBuild(`FROM ${base.tag}\nRUN sleep 120\n`, {}).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InfrastructureError);
      expect((error as InfrastructureError).fault).toBe("image");
      expect((error as Error).message).toMatch(/docker build printed nothing for 5s: stopped as stuck\n.*RUN sleep 120/s);
      expect(Date.now() - started).toBeLessThan(60_000);
    } finally {
      engineDeadlines.imageIdleMs = saved;
    }
  });

  test("aarch64 toolchain image records the versions it holds", { timeout: provisioningTimeoutMs }, async () => {
    const toolchain = await aarch64Toolchain();
    expect(toolchain.tag).toMatch(/^crosscheck\/toolchain:[0-9a-f]{20}$/);
    expect(toolchain.packages).toEqual([...aarch64Packages].sort());
    for (const pkg of [...aarch64Packages, "libc6", "libc6-arm64-cross"]) expect(toolchain.versions[pkg], pkg).toMatch(/\d/);
    // Reuse reads the versions back from the image's label.
    const again = await aarch64Toolchain();
    expect(again.built).toBe(false);
    expect(again.versions).toEqual(toolchain.versions);
  });
});
