/**
 * What the state room must hold, derived from the party lanes, the joint
 * board's options and the state room's settings. Pure: the publisher reads
 * the documents, calls `derivePublication`, and writes the difference.
 *
 *   scoreProgress   partyId → ratings cast (always: progress, never values)
 *   raters          participantId → { partyId, name }   only while scores are published
 *   raterSlots      slot → partyId/participantId        only while scores are published
 *   publishedRatings  optionId → three digits (impact, feasibility, fairness) per rater slot
 *                   (lib/board/rating-entries.ts) only while scores are published (`scoring === 'open'` or
 *                   `scoresRevealed`); otherwise nothing of any party
 *   authorship      optionId → partyId   only while `authorshipRevealed` or `sideBlind === false`
 *
 * Ratings of options that are not (or no longer) on the joint board count
 * for nothing and are not published.
 */
import type { RaterName, Rating } from '@/lib/board/board-data';
import { own } from '@/lib/board/dict';
import { toPublishedEntries, type RaterSlot } from '@/lib/board/rating-entries';
import type { BoardState } from '@/lib/board/state';

export type LaneInput = {
  readonly partyId: string;
  readonly ratings: readonly Rating[];
  /** participantId → display name (participant ids may be `toString`: read with own(), lib/board/dict.ts) */
  readonly members: Readonly<Record<string, string>>;
  /** option ids this party says it proposed */
  readonly proposals: readonly string[];
};

export type PublicationInput = {
  readonly state: Pick<BoardState, 'scoring' | 'scoresRevealed' | 'authorshipRevealed' | 'sideBlind'>;
  /** options on the joint board */
  readonly optionIds: ReadonlySet<string>;
  /** one per party of the board, in board order */
  readonly lanes: readonly LaneInput[];
  /** the state room's raterSlots now: a rater keeps its slot, so a new rating rewrites one option's entry */
  readonly slots?: readonly (RaterSlot | null)[];
};


export type Publication = {
  readonly scoresPublished: boolean;
  readonly authorshipPublished: boolean;
  readonly scoreProgress: ReadonlyMap<string, number>;
  readonly raters: ReadonlyMap<string, RaterName>;
  /** stored form (lib/board/rating-entries.ts): slot → partyId/participantId */
  readonly raterSlots: ReadonlyMap<string, string>;
  /** stored form (lib/board/rating-entries.ts): optionId → three digits per slot */
  readonly publishedRatings: ReadonlyMap<string, string>;
  readonly authorship: ReadonlyMap<string, string>;
};

export const scoresPublished = (state: PublicationInput['state']): boolean => state.scoring === 'open' || state.scoresRevealed;
export const authorshipPublished = (state: PublicationInput['state']): boolean => state.authorshipRevealed || !state.sideBlind;

export function derivePublication({ state, optionIds, lanes, slots }: PublicationInput): Publication {
  const publishScores = scoresPublished(state);
  const publishAuthorship = authorshipPublished(state);
  const scoreProgress = new Map<string, number>();
  const raters = new Map<string, RaterName>();
  const published: Rating[] = [];

  for (const lane of lanes) {
    const ratings = lane.ratings.filter((r) => r.partyId === lane.partyId && optionIds.has(r.optionId));
    scoreProgress.set(lane.partyId, ratings.length);
    for (const r of ratings) {
      if (publishScores) {
        published.push(r);
        // A participant id claimed by two lanes keeps the first party's entry.
        if (!raters.has(r.participantId)) raters.set(r.participantId, { partyId: lane.partyId, name: own(lane.members, r.participantId) ?? '' });
      }
    }
  }

  const authorship = new Map<string, string>();
  if (publishAuthorship) {
    const claims = new Map<string, string[]>();
    for (const lane of lanes) {
      for (const optionId of lane.proposals) {
        if (optionIds.has(optionId)) claims.set(optionId, [...(claims.get(optionId) ?? []), lane.partyId]);
      }
    }
    // An option two lanes both claim is ambiguous (one of them is not telling
    // the truth): publish neither claim rather than credit the wrong side.
    for (const [optionId, parties] of claims) if (parties.length === 1) authorship.set(optionId, parties[0]!);
  }

  const { slots: raterSlots, entries } = toPublishedEntries(published, slots);
  return {
    scoresPublished: publishScores,
    authorshipPublished: publishAuthorship,
    scoreProgress,
    raters,
    raterSlots,
    publishedRatings: entries,
    authorship,
  };
}
