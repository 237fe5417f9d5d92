/**
 * Who an export is for, and the one place that decides what they may see.
 *
 * BoardData already holds only what its reader may load (their own lane plus
 * published material), but an export can be made on the server for someone
 * else, and a file outlives the moment it was made. So every exporter starts
 * from `visibleTo(data, audience)` and never from `data` itself.
 *
 * The same pass also drops dangling references (a tag on a deleted option, a
 * link to a hidden interest), so every format sees one consistent board.
 */
import type { Role } from '@/lib/board/access';
import { dict, filterDict } from '@/lib/board/dict';
import type { BoardData, InterestData, PlanData, RaterName, Rating, TradeoffData } from '@/lib/board/board-data';

export type Audience = {
  readonly role: Role;
  /** the reader's party; absent for facilitators and viewers */
  readonly partyId?: string | null;
};

export type VisibleBoard = BoardData & {
  readonly audience: Audience;
  /** blind scoring, not revealed yet: only the audience's own party's ratings are present */
  readonly scoresHidden: boolean;
};

/** True when scores of `partyId` must show as "hidden until reveal" to this audience. */
export function partyScoresHidden(board: VisibleBoard, partyId: string): boolean {
  return board.scoresHidden && partyId !== board.audience.partyId;
}

export function visibleTo(data: BoardData, audience: Audience): VisibleBoard {
  const own = audience.partyId ?? null;
  const partyIds = new Set(data.parties.map((p) => p.id));
  const interests: InterestData[] = data.interests.filter(
    (i) => partyIds.has(i.partyId) && (!i.private || i.partyId === own),
  );
  const interestIds = new Set(interests.map((i) => i.id));
  const clusterIds = new Set(data.clusters.map((c) => c.id));
  const options = data.options.map((o) => ({
    ...o,
    // an id of a deleted cluster counts as none (schema.ts)
    clusterId: clusterIds.has(o.clusterId) ? o.clusterId : '',
    interestIds: o.interestIds.filter((id) => interestIds.has(id)),
  }));
  const optionIds = new Set(options.map((o) => o.id));

  const scoresHidden = data.state.scoring === 'blind' && !data.state.scoresRevealed;
  const ratings = data.ratings.filter(
    (r) => optionIds.has(r.optionId) && partyIds.has(r.partyId) && (!scoresHidden || r.partyId === own),
  );

  const authorship = dict<string>();
  for (const [optionId, partyId] of Object.entries(data.authorship)) {
    if (!optionIds.has(optionId) || !partyIds.has(partyId)) continue;
    if (data.state.authorshipRevealed || partyId === own) authorship[optionId] = partyId;
  }

  const tradeoffs: TradeoffData[] = data.tradeoffs
    .filter((t) => partyIds.has(t.partyId))
    .map((t) => ({
      ...t,
      optionIds: t.optionIds.filter((id) => optionIds.has(id)),
      responses: filterDict(t.responses, (p) => partyIds.has(p)),
    }));

  const plans = dict<PlanData>();
  for (const [optionId, plan] of Object.entries(data.plans)) {
    if (!optionIds.has(optionId)) continue;
    plans[optionId] = { ...plan, owners: filterDict(plan.owners, (p) => partyIds.has(p)) };
  }

  return {
    ...data,
    audience,
    scoresHidden,
    options,
    interests,
    interestLinks: data.interestLinks.filter((l) => interestIds.has(l.a) && interestIds.has(l.b)),
    tradeoffs,
    plans,
    checkpoints: data.checkpoints.filter((c) => optionIds.has(c.optionId)),
    debriefNotes: data.debriefNotes.map((n) => (n.partyId && !partyIds.has(n.partyId) ? { ...n, partyId: '' } : n)),
    relationshipHealth: data.relationshipHealth.filter((h) => partyIds.has(h.partyId)),
    authorship,
    ratings,
    raters: visibleRaters(data, ratings, scoresHidden),
    // progress counts are not values, but an export has no use for them
    scoreProgress: dict(),
  };
}

/**
 * Names only of the people behind ratings the audience sees, and none while
 * scores are hidden (the state room publishes none then, and a file must not
 * name a party's raters before their scores are out).
 */
function visibleRaters(data: BoardData, ratings: readonly Rating[], scoresHidden: boolean): Record<string, RaterName> {
  if (scoresHidden) return dict();
  const rated = new Set(ratings.map((r) => `${r.partyId}/${r.participantId}`));
  return filterDict(data.raters ?? {}, (id, r) => rated.has(`${r.partyId}/${id}`));
}
