import { categories as defaultCategories, type FailureCategory, type LogRule } from "./categories.ts";
import type { FailureEvidence } from "./evidence.ts";

export interface MatchedLine {
  /** 1-based line number in the phase's log; absent for lines derived from structured evidence. */
  lineNumber?: number;
  text: string;
}

export interface Classification {
  category: FailureCategory;
  /** The lines that put the failure into its category: what the user reads first. */
  lines: MatchedLine[];
}

/** Enough lines to see the pattern repeat without burying the first, usually causal, one. */
const maxLines = 5;

// Build logs come from terminals: colour codes and carriage-return progress bars would defeat
// patterns anchored at the start of a line.
const ansi = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

function logLines(log: string): string[] {
  return log.split("\n").map((line) => {
    const lastCr = line.replace(/\r$/, "").lastIndexOf("\r");
    const visible = lastCr >= 0 ? line.slice(lastCr + 1) : line;
    return visible.replace(ansi, "").replace(/\r$/, "");
  });
}

function ruleApplies(rule: LogRule, phase: string): RegExp | undefined {
  if (rule instanceof RegExp) return rule;
  return rule.phases.test(phase) ? rule.pattern : undefined;
}

function matchLog(category: FailureCategory, phase: string, lines: readonly string[]): MatchedLine[] {
  const patterns = (category.logPatterns ?? []).flatMap((rule) => ruleApplies(rule, phase) ?? []);
  if (patterns.length === 0) return [];
  const matched: MatchedLine[] = [];
  lines.forEach((text, index) => {
    if (matched.length < maxLines && patterns.some((p) => p.test(text))) {
      matched.push({ lineNumber: index + 1, text: text.trim() });
    }
  });
  return matched;
}

/**
 * Sorts a failed cell into the first category (in table order) whose phase restriction holds and
 * whose structured evidence or log patterns match. The table ends with a catch-all, so every
 * failure gets a category.
 */
export function classify(
  evidence: FailureEvidence,
  table: readonly FailureCategory[] = defaultCategories,
): Classification {
  const lines = logLines(evidence.log);
  for (const category of table) {
    if (category.phases !== undefined && !category.phases.test(evidence.phase)) continue;
    const structured = (category.evidence?.(evidence) ?? []).slice(0, maxLines).map((text) => ({ text }));
    const fromLog = matchLog(category, evidence.phase, lines);
    if (structured.length > 0 || fromLog.length > 0) {
      // Log lines first: they carry line numbers the user can jump to.
      return { category, lines: [...fromLog, ...structured].slice(0, maxLines) };
    }
  }
  throw new Error(
    `no failure category matched phase '${evidence.phase}': the table must end with a catch-all`,
  );
}
