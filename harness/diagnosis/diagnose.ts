import { categories, type FailureCategory, type LogRule } from "./categories.ts";
import type { FailureEvidence } from "./evidence.ts";
import type { Phase } from "./phase.ts";

export interface MatchedLine {
  /** 1-based line number in the phase's log; absent for lines derived from structured evidence. */
  lineNumber?: number;
  text: string;
}

/**
 * What went wrong in a cell, decided once, where the cell ran: its category decides the cell's
 * state, and the report renders it as it is.
 */
export interface Diagnosis {
  category: FailureCategory;
  phase: Phase;
  /** The failing phase's log, for the report to attach. */
  log: string;
  /** The lines that put the failure into its category: what the user reads first. */
  lines: MatchedLine[];
  /** `Name in phase: first line`, then the hint: the cell's message. */
  message: string;
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

function ruleApplies(rule: LogRule, evidence: FailureEvidence): RegExp | undefined {
  if (rule instanceof RegExp) return rule;
  return rule.onlyIf(evidence) ? rule.pattern : undefined;
}

function matchLog(category: FailureCategory, evidence: FailureEvidence, lines: readonly string[]): MatchedLine[] {
  const patterns = (category.logPatterns ?? []).flatMap((rule) => ruleApplies(rule, evidence) ?? []);
  if (patterns.length === 0) return [];
  const matched: MatchedLine[] = [];
  lines.forEach((text, index) => {
    if (matched.length < maxLines && patterns.some((p) => p.test(text))) {
      matched.push({ lineNumber: index + 1, text: text.trim() });
    }
  });
  return matched;
}

function message(category: FailureCategory, evidence: FailureEvidence, lines: readonly MatchedLine[]): string {
  const first = lines[0]?.text.trim();
  const under = evidence.emulator === undefined ? "" : ` under ${evidence.emulator}`;
  return `${category.name} in ${evidence.phase}${under}${first ? `: ${first}` : ""}\nhint: ${category.hint}`;
}

/**
 * Sorts a failed cell into the first category (in table order) whose phase restriction holds and
 * whose structured evidence or log patterns match. The table ends with a catch-all, so every
 * failure gets a category.
 */
export function diagnose(evidence: FailureEvidence): Diagnosis {
  const visible = logLines(evidence.log);
  for (const category of categories) {
    if (category.phases !== undefined && !category.phases.includes(evidence.phase)) continue;
    const structured = (category.evidence?.(evidence) ?? []).slice(0, maxLines).map((text) => ({ text }));
    const fromLog = matchLog(category, evidence, visible);
    if (structured.length > 0 || fromLog.length > 0) {
      // Log lines first: they carry line numbers the user can jump to.
      const lines = [...fromLog, ...structured].slice(0, maxLines);
      return { category, phase: evidence.phase, log: evidence.log, lines, message: message(category, evidence, lines) };
    }
  }
  throw new Error(
    `no failure category matched phase '${evidence.phase}': the table must end with a catch-all`,
  );
}
