import { describe, expect, test } from "vitest";
import { provision } from "./provision.ts";
import { checkPrerequisites } from "./prerequisites.ts";
import { canProvision, cannotProvision, provisioningTimeoutMs } from "../testing.ts";

const skipReason = await cannotProvision();

describe.skipIf(!canProvision)(`provisioning${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  test("brings every prerequisite up", { timeout: provisioningTimeoutMs }, async () => {
    const result = await provision();
    const bad = result.after.checks.filter((c) => !c.ok);
    expect(bad, JSON.stringify(bad, null, 2)).toEqual([]);
    expect(result.after.engine.serverVersion).toMatch(/\d+\.\d+/);
    const aarch64 = result.after.qemu.find((r) => r.name === "qemu-aarch64");
    expect(aarch64?.flags).toContain("F");
  });

  test("is idempotent and quick when everything is there", { timeout: 60_000 }, async () => {
    await provision();
    const started = Date.now();
    const again = await provision();
    expect(again.steps.every((s) => !s.changed)).toBe(true);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

test("checks always name a repair command for what is missing", async () => {
  const report = await checkPrerequisites();
  for (const check of report.checks) if (!check.ok && check.name !== "root on Debian") expect(check.fix, check.name).toBeTruthy();
});
