/**
 * Debrief figures, computed from the board (pure; checked by hand in debrief.test.ts).
 * - time to shortlist: from the board's creation to the latest starring of an option
 *   still on the shortlist (null while the shortlist is empty);
 * - options generated per party: from authorship the reader may see (revealed, or their
 *   own party's); options whose author is hidden are counted as `hidden`;
 * - share that works for both: options whose every party's combined score reaches the
 *   threshold, over all options (null when there are none);
 * - participation by party: distinct raters, ratings cast (published progress), debrief notes.
 */
import type { BoardData } from '../board-data';
import { own } from '../dict';
import type { BoardOption } from '../schema';
import type { OptionScore } from './scores';

/** What the figures read: a whole BoardData fits, and so do the store's slices (lib/board/hooks.ts). */
export type DebriefInput = Pick<
  BoardData,
  'meta' | 'parties' | 'authorship' | 'ratings' | 'scoreProgress' | 'debriefNotes' | 'relationshipHealth'
> & { readonly options: readonly BoardOption[] };

export type PartyParticipation = {
  readonly partyId: string;
  readonly optionsProposed: number;
  readonly raters: number;
  readonly ratingsCast: number;
  readonly debriefNotes: number;
  /** mean of this party's relationship-health ratings (1–5), null when none */
  readonly relationshipHealth: number | null;
};

export type DebriefFigures = {
  readonly timeToShortlistMs: number | null;
  readonly optionsTotal: number;
  readonly optionsWithHiddenAuthor: number;
  readonly worksForBothCount: number;
  readonly worksForBothShare: number | null;
  readonly shortlisted: number;
  readonly parties: readonly PartyParticipation[];
};

export function debriefFigures(data: DebriefInput, scores: ReadonlyMap<string, OptionScore>): DebriefFigures {
  const shortlisted = data.options.filter((o) => o.shortlisted);
  const lastStarred = Math.max(0, ...shortlisted.map((o) => o.shortlistedAt));
  const worksForBothCount = data.options.filter((o) => scores.get(o.id)?.worksForBothMet).length;
  const parties = data.parties.map(({ id }) => {
    const raters = new Set(data.ratings.filter((r) => r.partyId === id).map((r) => r.participantId));
    const health = data.relationshipHealth.filter((h) => h.partyId === id).map((h) => h.value);
    return {
      partyId: id,
      optionsProposed: data.options.filter((o) => own(data.authorship, o.id) === id).length,
      raters: raters.size,
      ratingsCast: own(data.scoreProgress, id) ?? data.ratings.filter((r) => r.partyId === id).length,
      debriefNotes: data.debriefNotes.filter((n) => n.partyId === id).length,
      relationshipHealth: health.length ? health.reduce((a, b) => a + b, 0) / health.length : null,
    };
  });
  return {
    timeToShortlistMs: shortlisted.length && lastStarred >= data.meta.createdAt ? lastStarred - data.meta.createdAt : null,
    optionsTotal: data.options.length,
    optionsWithHiddenAuthor: data.options.filter((o) => own(data.authorship, o.id) === undefined).length,
    worksForBothCount,
    worksForBothShare: data.options.length ? worksForBothCount / data.options.length : null,
    shortlisted: shortlisted.length,
    parties,
  };
}
