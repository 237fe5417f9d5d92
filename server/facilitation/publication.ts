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
import { createHash } from 'node:crypto';
import type { RaterName, Rating } from '@/lib/board/board-data';
import { own } from '@/lib/board/dict';
import { toPublishedEntries, type RaterSlot } from '@/lib/board/rating-entries';
import { CRITERIA } from '@/lib/board/schema';
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
  /**
   * Every member of every party (and anyone else who rated for it) has rated
   * every option on every criterion, with at least one option and one rater
   * per party: blind scoring reveals itself then.
   */
  readonly complete: boolean;
  /**
   * When complete: a digest of what was completed (the options and each
   * party's people), so the publisher reveals once per completed picture.
   * Null otherwise. A digest, because the publisher stores it in the state
   * room everyone reads, and the picture names every party's raters.
   */
  readonly completeKey: string | null;
};

export const scoresPublished = (state: PublicationInput['state']): boolean => state.scoring === 'open' || state.scoresRevealed;
export const authorshipPublished = (state: PublicationInput['state']): boolean => state.authorshipRevealed || !state.sideBlind;

export function derivePublication({ state, optionIds, lanes, slots }: PublicationInput): Publication {
  const publishScores = scoresPublished(state);
  const publishAuthorship = authorshipPublished(state);
  const scoreProgress = new Map<string, number>();
  const raters = new Map<string, RaterName>();
  const published: Rating[] = [];
  const needed = optionIds.size * CRITERIA.length;
  let complete = optionIds.size > 0 && lanes.length > 0;
  const peopleByParty: string[] = [];

  for (const lane of lanes) {
    const ratings = lane.ratings.filter((r) => r.partyId === lane.partyId && optionIds.has(r.optionId));
    scoreProgress.set(lane.partyId, ratings.length);
    // participantId → how many option/criterion pairs they rated (a lane holds one
    // entry per option and rater, read as one rating per criterion: no pair twice)
    const rated = new Map<string, number>();
    for (const r of ratings) {
      rated.set(r.participantId, (rated.get(r.participantId) ?? 0) + 1);
      if (publishScores) {
        published.push(r);
        // A participant id claimed by two lanes keeps the first party's entry.
        if (!raters.has(r.participantId)) raters.set(r.participantId, { partyId: lane.partyId, name: own(lane.members, r.participantId) ?? '' });
      }
    }
    const people = new Set([...Object.keys(lane.members), ...rated.keys()]);
    peopleByParty.push(`${lane.partyId}:${[...people].sort().join(',')}`);
    if (rated.size === 0 || [...people].some((p) => (rated.get(p) ?? 0) < needed)) complete = false;
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
    complete,
    completeKey: complete ? pictureDigest(`${[...optionIds].sort().join(',')}|${peopleByParty.join('|')}`) : null,
  };
}

const pictureDigest = (picture: string): string => createHash('sha256').update(picture).digest('base64url');
