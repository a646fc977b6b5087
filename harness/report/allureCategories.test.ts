import { matchCategory, normalizeCategoriesConfig, type CategoryRule } from "@allurereport/core-api";
import { describe, expect, it } from "vitest";
import { allure2Categories, allure3CategoryRules, fixedCategoryName, knownBrokenCategoryName } from "./allureCategories.ts";
import { categories } from "../diagnosis/index.ts";
import { labelNames } from "./labels.ts";

// Checked with Allure's own matcher, so a change in how Allure reads category rules shows here.
const rules = normalizeCategoriesConfig({ rules: allure3CategoryRules() as unknown as CategoryRule[] });

const match = (status: "passed" | "failed" | "broken", labels: Record<string, string>, message = ""): string | undefined =>
  matchCategory(rules, {
    status,
    labels: Object.entries(labels).map(([name, value]) => ({ name, value })),
    message,
    flaky: false,
  })?.name;

describe("Allure categories", () => {
  it("puts a cell in the category of its classifier label", () => {
    expect(match("failed", { [labelNames.expect]: "pass", [labelNames.category]: "unprefixed-binutils" })).toBe("Unprefixed binutils");
    expect(match("broken", { [labelNames.expect]: "pass", [labelNames.category]: "infrastructure" })).toBe("Infrastructure fault");
    // Ids are matched whole: "configure-error" is not "configure-refuses-cross".
    expect(match("failed", { [labelNames.category]: "configure-error" })).toBe("Configure error");
  });

  it("keeps known-broken failures and fixed cells apart from new breakage", () => {
    expect(match("failed", { [labelNames.expect]: "broken", [labelNames.category]: "link-error" })).toBe(knownBrokenCategoryName);
    expect(match("passed", { [labelNames.expect]: "broken" })).toBe(fixedCategoryName);
    expect(match("passed", { [labelNames.expect]: "pass" })).toBeUndefined();
  });

  it("writes an Allure 2 categories.json whose regexes find the id in a failure message", () => {
    const entries = allure2Categories();
    expect(entries).toHaveLength(categories.length);
    const redis = "[known broken] [unprefixed-binutils] Unprefixed binutils in buildPhase: make: ar: No such file or directory\nhint: ...";
    const hits = entries.filter((e) => new RegExp(`^(?:${e.messageRegex})$`).test(redis)).map((e) => e.name);
    expect(hits).toEqual(["Unprefixed binutils"]);
    expect(entries.find((e) => e.name === "Timeout")?.matchedStatuses).toEqual(["broken"]);
  });
});
