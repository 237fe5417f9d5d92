/**
 * Score figures, pure functions over ratings (hand-checked in scores.test.ts).
 *
 * Definitions (docs/schema.md repeats them):
 * - party mean of a criterion: mean of that party's participants' ratings; null if none.
 * - party combined: the weighted mean of the party's criterion means that exist.
 * - overall mean of a criterion: mean of every participant's rating (each person counts once).
 * - spread: population standard deviation of the participants' own combined scores.
 * - gap: highest minus lowest party combined, among parties that rated (null under two).
 * - works for both: the LOWEST party combined — the weakest side's view; null until every
 *   party has rated the option. `worksForBothMet`: every party at or above the threshold.
 */
import { CRITERIA, type Criterion, type Party } from '../schema';
import type { Rating } from '../board-data';
import { deepEqualPlain, reuseMap } from '../reuse';
import { DEFAULT_WEIGHTS, DEFAULT_WORKS_FOR_BOTH_THRESHOLD } from '../state';

export type CriterionMeans = Readonly<Record<Criterion, number | null>>;
export type Weights = Readonly<Record<Criterion, number>>;

export type PartyView = {
  readonly partyId: string;
  readonly means: CriterionMeans;
  readonly combined: number | null;
  readonly raters: number;
};

export type OptionScore = {
  readonly optionId: string;
  readonly parties: readonly PartyView[];
  readonly overall: CriterionMeans;
  readonly overallCombined: number | null;
  readonly raters: number;
  readonly spread: number | null;
  readonly gap: number | null;
  readonly worksForBoth: number | null;
  readonly worksForBothMet: boolean;
  readonly contested: boolean;
};

export type ScoreSettings = {
  readonly weights?: Weights;
  readonly threshold?: number;
  /** a gap at least this large marks an option as contested */
  readonly contestedGap?: number;
};

export const DEFAULT_CONTESTED_GAP = 1.5;

const mean = (values: readonly number[]): number | null =>
  values.length ? values.reduce((sum, v) => sum + v, 0) / values.length : null;

/** Weighted mean of the criteria that have a value; null when none has (or all weights are 0). */
export function combine(means: CriterionMeans, weights: Weights = DEFAULT_WEIGHTS): number | null {
  let total = 0;
  let weightSum = 0;
  for (const criterion of CRITERIA) {
    const value = means[criterion];
    const weight = weights[criterion];
    if (value === null || weight <= 0) continue;
    total += value * weight;
    weightSum += weight;
  }
  return weightSum > 0 ? total / weightSum : null;
}

function criterionMeans(ratings: readonly Rating[]): CriterionMeans {
  return Object.fromEntries(
    CRITERIA.map((c) => [c, mean(ratings.filter((r) => r.criterion === c).map((r) => r.value))]),
  ) as Record<Criterion, number | null>;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function standardDeviation(values: readonly number[]): number | null {
  const m = mean(values);
  if (m === null) return null;
  return Math.sqrt(values.reduce((sum, v) => sum + (v - m) ** 2, 0) / values.length);
}

/** Figures for one option from its ratings. */
export function scoreOption(
  optionId: string,
  ratings: readonly Rating[],
  parties: readonly Pick<Party, 'id'>[],
  settings: ScoreSettings = {},
): OptionScore {
  const weights = settings.weights ?? DEFAULT_WEIGHTS;
  const threshold = settings.threshold ?? DEFAULT_WORKS_FOR_BOTH_THRESHOLD;
  const own = ratings.filter((r) => r.optionId === optionId);
  const byParty = groupBy(own, (r) => r.partyId);
  const partyViews: PartyView[] = parties.map(({ id }) => {
    const partyRatings = byParty.get(id) ?? [];
    const means = criterionMeans(partyRatings);
    return {
      partyId: id,
      means,
      combined: combine(means, weights),
      raters: new Set(partyRatings.map((r) => r.participantId)).size,
    };
  });
  const rated = partyViews.map((p) => p.combined).filter((c): c is number => c !== null);
  const everyPartyRated = rated.length === parties.length && parties.length > 0;
  const perParticipant = [...groupBy(own, (r) => `${r.partyId}/${r.participantId}`).values()]
    .map((rs) => combine(criterionMeans(rs), weights))
    .filter((c): c is number => c !== null);
  const overall = criterionMeans(own);
  const gap = rated.length >= 2 ? Math.max(...rated) - Math.min(...rated) : null;
  const worksForBoth = everyPartyRated ? Math.min(...rated) : null;
  return {
    optionId,
    parties: partyViews,
    overall,
    overallCombined: combine(overall, weights),
    raters: perParticipant.length,
    spread: standardDeviation(perParticipant),
    gap,
    worksForBoth,
    worksForBothMet: worksForBoth !== null && worksForBoth >= threshold,
    contested: gap !== null && gap >= (settings.contestedGap ?? DEFAULT_CONTESTED_GAP),
  };
}

/** Figures for every option, keyed by option id. */
export function scoreBoard(
  optionIds: readonly string[],
  ratings: readonly Rating[],
  parties: readonly Pick<Party, 'id'>[],
  settings: ScoreSettings = {},
): Map<string, OptionScore> {
  const byOption = groupBy(ratings, (r) => r.optionId);
  return new Map(optionIds.map((id) => [id, scoreOption(id, byOption.get(id) ?? [], parties, settings)]));
}

/**
 * scoreBoard for a live view, remembering the last board: an option whose
 * ratings have the same values as last time (same parties and settings)
 * keeps its OptionScore object without being recomputed, and the map itself
 * is kept when no option changed — one rating recomputes, and renews, one
 * option's figures.
 * @example const score = boardScorer(); score(ids, ratings, parties).get(id) === score(ids, ratings, parties).get(id)
 */
export function boardScorer(): (
  optionIds: readonly string[],
  ratings: readonly Rating[],
  parties: readonly Pick<Party, 'id'>[],
  settings?: ScoreSettings,
) => ReadonlyMap<string, OptionScore> {
  let last: {
    parties: readonly Pick<Party, 'id'>[];
    settings: ScoreSettings;
    ratings: ReadonlyMap<string, readonly Rating[]>;
    scores: ReadonlyMap<string, OptionScore>;
  } | null = null;
  return (optionIds, ratings, parties, settings = {}) => {
    const byOption = groupBy(ratings, (r) => r.optionId);
    const before = last && deepEqualPlain(last.parties, parties) && deepEqualPlain(last.settings, settings) ? last : null;
    const next = new Map<string, OptionScore>();
    for (const id of optionIds) {
      const own = byOption.get(id) ?? [];
      const previous = before?.scores.get(id);
      const unchanged = previous !== undefined && sameRatings(before!.ratings.get(id) ?? [], own);
      next.set(id, unchanged ? previous : scoreOption(id, own, parties, settings));
    }
    // reuseMap keeps the map when every option kept its object, and the object of a recomputed option that came out equal.
    const scores = last ? reuseMap(last.scores, next) : next;
    last = { parties, settings, ratings: byOption, scores };
    return scores;
  };
}

const sameRating = (a: Rating, b: Rating) =>
  a.partyId === b.partyId && a.participantId === b.participantId && a.criterion === b.criterion && a.value === b.value;

/** Same ratings in the same order (the store reads them in a stable order). */
const sameRatings = (a: readonly Rating[], b: readonly Rating[]) => a.length === b.length && a.every((rating, i) => sameRating(rating, b[i]!));

export type ScoreSort = 'worksForBoth' | 'gap' | 'overall' | 'raters' | 'spread' | Criterion;

/** The value of one figure of an option (the sort keys double as filter figures); null without a score. */
export function scoreFigure(score: OptionScore | undefined, figure: ScoreSort): number | null {
  if (!score) return null;
  switch (figure) {
    case 'worksForBoth':
      return score.worksForBoth;
    case 'gap':
      return score.gap;
    case 'overall':
      return score.overallCombined;
    case 'raters':
      return score.raters;
    case 'spread':
      return score.spread;
    default:
      return score.overall[figure];
  }
}

/** Sort option ids by a figure, best first; options without the figure go last (stable by id). */
export function sortByScore(scores: ReadonlyMap<string, OptionScore>, by: ScoreSort): string[] {
  return [...scores.values()]
    .sort((a, b) => {
      const va = scoreFigure(a, by);
      const vb = scoreFigure(b, by);
      if (va === null || vb === null) return va === vb ? a.optionId.localeCompare(b.optionId) : va === null ? 1 : -1;
      return vb - va || a.optionId.localeCompare(b.optionId);
    })
    .map((s) => s.optionId);
}

/** One participant's own ratings of one option, by criterion (unrated criteria absent). */
export type MyRatings = Partial<Record<Criterion, number>>;

/** One participant's own ratings, keyed by option id (options they have not rated are absent). */
export function ratingsOf(ratings: readonly Rating[], participantId: string, partyId: string | null): Map<string, MyRatings> {
  const byOption = new Map<string, MyRatings>();
  if (partyId === null) return byOption;
  for (const r of ratings) {
    if (r.participantId !== participantId || r.partyId !== partyId) continue;
    byOption.set(r.optionId, { ...byOption.get(r.optionId), [r.criterion]: r.value });
  }
  return byOption;
}
