import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { report } from "../cli/report.ts";
import { UserError } from "../userError.ts";

describe("crosscheck report arguments", () => {
  const saved = process.env["CROSSCHECK_REPORTS_DIR"];
  afterEach(() => {
    if (saved === undefined) delete process.env["CROSSCHECK_REPORTS_DIR"];
    else process.env["CROSSCHECK_REPORTS_DIR"] = saved;
  });

  it("rejects unknown arguments and bad ports as the user's mistake", async () => {
    await expect(report(["--frobnicate"])).rejects.toThrow(UserError);
    await expect(report(["--port", "http"])).rejects.toThrow(/--port wants a port number/);
  });

  it("says where it looked when there are no results", async () => {
    const empty = mkdtempSync(join(tmpdir(), "crosscheck-empty-"));
    process.env["CROSSCHECK_REPORTS_DIR"] = empty;
    try {
      await expect(report([])).rejects.toThrow(new RegExp(`no Allure results under ${empty}/allure-results\\*`));
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
