import { UserError } from "../userError.ts";

/** How much size change a matrix accepts before a cell fails. */
export interface SizeTolerance {
  /** Allowed growth as a fraction: 0.1 lets the closure grow 10%. */
  closureGrowth: number;
  /**
   * Changes this small never count: sizes are rounded to KiB, and a tiny output that gains a
   * few bytes would otherwise double.
   */
  slackKiB: number;
}

export const DEFAULT_TOLERANCE: SizeTolerance = { closureGrowth: 0.1, slackKiB: 4 };

/** Reads a matrix's `closureGrowth: 10%` (or a plain fraction like 0.1). */
export function parseGrowth(value: string | number, where: string): number {
  const match = typeof value === "number" ? null : /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(value);
  const fraction = typeof value === "number" ? value : match === null ? NaN : Number(match[1]) / 100;
  if (!Number.isFinite(fraction) || fraction < 0) throw new UserError(`${where}: closureGrowth must be a percentage like 10% or a fraction like 0.1, not ${JSON.stringify(value)}`);
  return fraction;
}

export type SizeVerdict = "within" | "grew" | "shrank";

export function judgeSize(beforeKiB: number, afterKiB: number, tolerance: SizeTolerance): SizeVerdict {
  const change = afterKiB - beforeKiB;
  if (Math.abs(change) <= tolerance.slackKiB) return "within";
  if (change > beforeKiB * tolerance.closureGrowth) return "grew";
  if (-change > beforeKiB * tolerance.closureGrowth) return "shrank";
  return "within";
}

export function percentChange(beforeKiB: number, afterKiB: number): string {
  if (beforeKiB === 0) return "new";
  const percent = ((afterKiB - beforeKiB) / beforeKiB) * 100;
  return `${percent >= 0 ? "+" : ""}${percent.toFixed(1)}%`;
}
