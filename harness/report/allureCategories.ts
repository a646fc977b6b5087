import { Status } from "allure-js-commons";
import { categories as defaultCategories, type FailureCategory } from "../diagnosis/index.ts";
import { labelNames } from "./labels.ts";

/** Allure 2's categories.json entry (also read by Allure 3's allure2 reader). */
export interface Allure2Category {
  name: string;
  description: string;
  messageRegex: string;
  matchedStatuses: Status[];
}

/** Allure 3's category rule, in the JSON-friendly form (regexes as strings). */
export interface Allure3CategoryRule {
  id: string;
  name: string;
  matchers: {
    statuses?: ("passed" | "failed" | "broken" | "skipped" | "unknown")[];
    labels?: Record<string, string>;
  };
  groupBy?: ({ label: string } | "flaky" | "transition" | "status")[];
  groupByMessage?: boolean;
  expand?: boolean;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * For results dirs: Allure 2 matches categories on the failure message, which CellFailure starts
 * with `[category-id]` (after an optional known-broken prefix). `[\s\S]*` on both sides because
 * Allure 2 (Java) matches the whole message while Allure 3 searches in it.
 */
export function allure2Categories(table: readonly FailureCategory[] = defaultCategories): Allure2Category[] {
  return table.map((c) => ({
    name: c.name,
    description: c.hint,
    messageRegex: `[\\s\\S]*\\[${escape(c.id)}\\][\\s\\S]*`,
    matchedStatuses: [c.blame === "package" ? Status.FAILED : Status.BROKEN],
  }));
}

export const knownBrokenCategoryName = "Known broken (marked in the matrix)";
export const fixedCategoryName = "Fixed: marked broken but passes";

/**
 * For the Allure 3 report: matched on crosscheck's labels, which are exact where a message is
 * not. Known-broken and fixed cells come first so that new breakage is not mixed with old;
 * within "Known broken" the cells are still grouped by their failure category.
 */
export function allure3CategoryRules(table: readonly FailureCategory[] = defaultCategories): Allure3CategoryRule[] {
  return [
    {
      id: "crosscheck-known-broken",
      name: knownBrokenCategoryName,
      matchers: { statuses: ["failed", "broken"], labels: { [labelNames.expect]: "^broken$" } },
      groupBy: [{ label: labelNames.category }],
    },
    {
      id: "crosscheck-fixed",
      name: fixedCategoryName,
      matchers: { statuses: ["passed"], labels: { [labelNames.expect]: "^broken$" } },
      // A passing cell has no message to group by.
      groupByMessage: false,
      expand: true,
    },
    ...table.map((c) => ({
      id: `crosscheck-${c.id}`,
      name: c.name,
      // Both statuses: a category blames the package or not, but a vitest timeout or a
      // harness exception may still carry the category label with the other status.
      matchers: { statuses: ["failed", "broken"] as ("failed" | "broken")[], labels: { [labelNames.category]: `^${escape(c.id)}$` } },
      expand: true,
    })),
  ];
}
