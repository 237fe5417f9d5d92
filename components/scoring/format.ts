import type { ScoreSort } from '@/lib/board/derive/scores';
import type { Criterion } from '@/lib/board/schema';

export const CRITERION_LABELS: Record<Criterion, string> = {
  impact: 'Impact',
  feasibility: 'Feasibility',
  fairness: 'Fairness',
};

/** What each criterion asks, shown beside the 1–5 controls. */
export const CRITERION_HINTS: Record<Criterion, string> = {
  impact: 'How much it moves the question forward',
  feasibility: 'How easily and safely it can be done',
  fairness: 'How fair it is to every side',
};

/** A score to one decimal, or an en dash when there is none. */
export function formatScore(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined ? '–' : value.toFixed(digits);
}

/** Two decimals, for data attributes (tests compare pages with them). */
export const dataScore = (value: number | null | undefined): string | undefined =>
  value === null || value === undefined ? undefined : value.toFixed(2);

export const SORT_LABELS: Record<ScoreSort | 'board', string> = {
  board: 'Board order',
  worksForBoth: 'Works for both',
  overall: 'Overall',
  gap: 'Gap between parties',
  spread: 'Spread',
  raters: 'Number of raters',
  impact: 'Impact',
  feasibility: 'Feasibility',
  fairness: 'Fairness',
};

export const SORT_KEYS = Object.keys(SORT_LABELS) as (ScoreSort | 'board')[];

/** Fairness as colour AND shape (readable without colour): three bands, plus "not rated". */
export type FairnessBand = 'high' | 'mid' | 'low' | 'none';

export const FAIRNESS_BANDS: Record<FairnessBand, { label: string; color: string; shape: 'circle' | 'square' | 'triangle' | 'diamond' }> = {
  // Purple–orange (colour-blind safe), each at least 4.5:1 on white.
  high: { label: 'Fair (3.5 or more)', color: '#542788', shape: 'circle' },
  mid: { label: 'Mixed (2.5 to 3.5)', color: '#5f6b7a', shape: 'square' },
  low: { label: 'Unfair (under 2.5)', color: '#a84a06', shape: 'triangle' },
  none: { label: 'Fairness not rated', color: '#5f6b7a', shape: 'diamond' },
};

export function fairnessBand(value: number | null): FairnessBand {
  if (value === null) return 'none';
  if (value >= 3.5) return 'high';
  if (value >= 2.5) return 'mid';
  return 'low';
}
