/**
 * A suggested order for the shortlist: small, low-risk items first. "Low risk"
 * is read from the scores — feasibility first, then how well the option works
 * for both sides — and stages follow feasibility bands:
 *
 *   stage 1  overall feasibility ≥ 4     (quick, safe steps that build trust)
 *   stage 2  overall feasibility ≥ 3
 *   stage 3  the rest, and options nobody has scored yet
 *
 * Empty bands are skipped, so stages are always numbered 1, 2, … without gaps.
 * Pure and deterministic (ties keep the given order); checked by hand in sequence.test.ts.
 */
import type { OptionScore } from './scores';

export type SequenceStep = { readonly optionId: string; readonly stage: number };

/** Lower bounds of overall feasibility for stage 1 and stage 2. */
export const STAGE_FEASIBILITY = [4, 3] as const;

function band(feasibility: number | null): number {
  if (feasibility === null) return STAGE_FEASIBILITY.length;
  const index = STAGE_FEASIBILITY.findIndex((min) => feasibility >= min);
  return index === -1 ? STAGE_FEASIBILITY.length : index;
}

const desc = (a: number | null, b: number | null): number => {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return b - a;
};

/**
 * @example applyShortlistSequence(suggestSequence(shortlistIds, scores));
 */
export function suggestSequence(optionIds: readonly string[], scores: ReadonlyMap<string, OptionScore>): SequenceStep[] {
  const ranked = optionIds.map((optionId, index) => {
    const s = scores.get(optionId);
    const feasibility = s?.overall.feasibility ?? null;
    return { optionId, index, band: band(feasibility), feasibility, both: s?.worksForBoth ?? null, overall: s?.overallCombined ?? null };
  });
  ranked.sort(
    (a, b) =>
      a.band - b.band || desc(a.feasibility, b.feasibility) || desc(a.both, b.both) || desc(a.overall, b.overall) || a.index - b.index,
  );
  const bands = [...new Set(ranked.map((r) => r.band))];
  return ranked.map((r) => ({ optionId: r.optionId, stage: bands.indexOf(r.band) + 1 }));
}
