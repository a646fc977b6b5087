import { describe, expect, it } from "vitest";
import { UserError } from "../userError.ts";
import { judgeSize, parseGrowth, percentChange } from "./tolerance.ts";

describe("size tolerance", () => {
  it("reads a matrix's closureGrowth as a percentage or a fraction", () => {
    expect(parseGrowth("10%", "smoke.yaml")).toBeCloseTo(0.1);
    expect(parseGrowth(" 2.5 % ", "smoke.yaml")).toBeCloseTo(0.025);
    expect(parseGrowth(0.2, "smoke.yaml")).toBe(0.2);
    expect(() => parseGrowth("ten", "smoke.yaml")).toThrow(UserError);
    expect(() => parseGrowth(-1, "smoke.yaml")).toThrow(/smoke\.yaml: closureGrowth must be a percentage/);
  });

  it("ignores changes within the tolerance or the slack, and tells growth from shrinking", () => {
    const tolerance = { closureGrowth: 0.1, slackKiB: 4 };
    expect(judgeSize(1000, 1100, tolerance)).toBe("within");
    expect(judgeSize(1000, 1101, tolerance)).toBe("grew");
    expect(judgeSize(1000, 899, tolerance)).toBe("shrank");
    expect(judgeSize(10, 14, tolerance)).toBe("within");
    expect(judgeSize(10, 15, tolerance)).toBe("grew");
    expect(percentChange(200, 250)).toBe("+25.0%");
    expect(percentChange(0, 5)).toBe("new");
  });
});
