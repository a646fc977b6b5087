import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { crosscheck } from "../cli/cli.testutil.ts";

describe("crosscheck report arguments", () => {
  const saved = process.env["CROSSCHECK_REPORTS_DIR"];
  afterEach(() => {
    if (saved === undefined) delete process.env["CROSSCHECK_REPORTS_DIR"];
    else process.env["CROSSCHECK_REPORTS_DIR"] = saved;
  });

  it("rejects unknown arguments and bad ports as the user's mistake", async () => {
    expect(await crosscheck("report", "--frobnicate")).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown option '--frobnicate'/) });
    expect(await crosscheck("report", "--port", "http")).toMatchObject({ code: 2, stderr: expect.stringMatching(/--port wants a port number/) });
  });

  it("says where it looked when there are no results", async () => {
    const empty = mkdtempSync(join(tmpdir(), "crosscheck-empty-"));
    process.env["CROSSCHECK_REPORTS_DIR"] = empty;
    try {
      expect(await crosscheck("report")).toMatchObject({ code: 2, stderr: expect.stringMatching(new RegExp(`no Allure results under ${empty}/runs/\\*/allure-results or ${empty}/allure-results\\*`)) });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
