/**
 * BoardData: the whole board as one plain, validated object — what exports,
 * derived figures and server-side readers work from. It is assembled from the
 * documents a reader may load: the joint board, the state room and, for a
 * party member, that party's own lane. It never contains another party's
 * lane, because a reader never has it.
 */
import type * as Y from 'yjs';
import type * as z from 'zod/mini';
import { dict, own } from './dict';
import { isPartyId, isRecordId } from './ids';
import { compareByOrder } from './order';
import { ratingKey, readLaneRatings, readPublishedRatings, type Rating } from './rating-entries';
import { readMeta, readParties, type ProblemSink } from './read';
import {
  LIMITS,
  LINK_RELATIONS,
  TAG_PATTERN,
  PLAN_FIELDS,
  ROOT,
  checkpointSchema,
  clusterSchema,
  debriefNoteSchema,
  flatMap,
  interestSchema,
  optionSchema,
  recordToPlain,
  scoreValue,
  splitKey,
  tradeoffResponseSchema,
  tradeoffSchema,
  type BoardMeta,
  type BoardOption,
  type Checkpoint,
  type Cluster,
  type DebriefNote,
  type Interest,
  type LinkRelation,
  type Party,
  type PlanField,
  type Tradeoff,
  type TradeoffResponse,
} from './schema';
import { readBoardState, type BoardState } from './state';

export type OptionData = BoardOption & { readonly tags: readonly string[]; readonly interestIds: readonly string[] };
export type InterestData = Interest & { readonly private: boolean };
export type InterestLink = { readonly a: string; readonly b: string; readonly relation: LinkRelation };
export type TradeoffData = Tradeoff & {
  readonly optionIds: readonly string[];
  readonly responses: Readonly<Record<string, TradeoffResponse>>;
};
export type PlanData = Readonly<Record<PlanField, string>> & { readonly owners: Readonly<Record<string, string>> };
// A rating and its stored forms belong to rating-entries.ts; BoardData's readers hand them on from there.
export { ratingKey, readLaneRatings, readPublishedRatings, type Rating };
export type HealthRating = { readonly partyId: string; readonly participantId: string; readonly value: number };

export type BoardData = {
  readonly meta: BoardMeta;
  readonly parties: readonly Party[];
  readonly options: readonly OptionData[];
  readonly interests: readonly InterestData[];
  readonly interestLinks: readonly InterestLink[];
  readonly clusters: readonly Cluster[];
  readonly tradeoffs: readonly TradeoffData[];
  readonly plans: Readonly<Record<string, PlanData>>;
  readonly checkpoints: readonly Checkpoint[];
  readonly debriefNotes: readonly DebriefNote[];
  readonly relationshipHealth: readonly HealthRating[];
  readonly state: BoardState;
  /** optionId → proposing party: revealed ones, plus the reader's own party's proposals */
  readonly authorship: Readonly<Record<string, string>>;
  /** published ratings, plus the reader's own party's unpublished ones */
  readonly ratings: readonly Rating[];
  /** partyId → ratings cast so far (progress, never values) */
  readonly scoreProgress: Readonly<Record<string, number>>;
  /**
   * participantId → party and display name of the people behind the published
   * ratings (the state room's `raters`, empty while scores are unpublished).
   * Optional: boards built by hand (tests, samples) may leave it out.
   */
  readonly raters?: Readonly<Record<string, RaterName>>;
};

export type RaterName = { readonly partyId: string; readonly name: string };

export type BoardDocsForReading = {
  readonly joint: Y.Doc;
  readonly state?: Y.Doc;
  /** the reader's own lane, with its party id */
  readonly lane?: { readonly doc: Y.Doc; readonly partyId: string };
};

function readRecords<T extends { id: string }>(
  doc: Y.Doc,
  collection: string,
  schema: z.ZodMiniType<T>,
  report?: ProblemSink,
): T[] {
  const records: T[] = [];
  doc.getMap(collection).forEach((value, id) => {
    const plain = recordToPlain(id, value);
    const parsed = plain ? schema.safeParse(plain) : null;
    if (parsed?.success) records.push(parsed.data);
    else report?.({ collection, id, reason: parsed ? parsed.error.message : 'not a map' });
  });
  return records;
}

/** Entries of a flat map whose key splits into `parts` ids. */
function flatEntries(map: Y.Map<unknown>, parts: number): [string[], unknown][] {
  const entries: [string[], unknown][] = [];
  map.forEach((value, key) => {
    const split = splitKey(key);
    if (split.length === parts) entries.push([split, value]);
  });
  return entries;
}

function groupSet(map: Y.Map<unknown>, validSecond: (s: string) => boolean): Map<string, string[]> {
  const grouped = new Map<string, string[]>();
  for (const [[first, second], value] of flatEntries(map, 2)) {
    if (value !== true || !isRecordId(first) || !validSecond(second!)) continue;
    grouped.set(first!, [...(grouped.get(first!) ?? []), second!]);
  }
  for (const list of grouped.values()) list.sort();
  return grouped;
}

// ---------------------------------------------------------------------------
// One reader per slice: BoardStore subscribes to them one by one, and
// readBoardData assembles them all.

export function readOptions(joint: Y.Doc, report?: ProblemSink): BoardOption[] {
  return readRecords(joint, ROOT.options, optionSchema, report).sort(compareByOrder);
}

/** optionId → sorted tags */
export function readOptionTags(joint: Y.Doc): Map<string, string[]> {
  return groupSet(flatMap(joint, ROOT.optionTags), (tag) => TAG_PATTERN.test(tag));
}

/** optionId → sorted ids of the interests it serves */
export function readOptionInterests(joint: Y.Doc): Map<string, string[]> {
  return groupSet(flatMap(joint, ROOT.optionInterests), isRecordId);
}

/** Shared interests, plus the reader's own private ones (flagged). */
export function readInterests(joint: Y.Doc, lane?: BoardDocsForReading['lane'], report?: ProblemSink): InterestData[] {
  const interests: InterestData[] = readRecords(joint, ROOT.interests, interestSchema, report).map((i) => ({
    ...i,
    private: false,
  }));
  if (lane) {
    const shared = new Set(interests.map((i) => i.id));
    for (const i of readRecords(lane.doc, ROOT.interests, interestSchema, report)) {
      // A lane holds only its own party's interests; anything else is ignored.
      if (i.partyId === lane.partyId && !shared.has(i.id)) interests.push({ ...i, private: true });
    }
  }
  return interests.sort(compareByOrder);
}

export function readInterestLinks(joint: Y.Doc): InterestLink[] {
  const links: InterestLink[] = [];
  for (const [[a, b], relation] of flatEntries(flatMap(joint, ROOT.interestLinks), 2)) {
    if (isRecordId(a) && isRecordId(b) && a < b && (LINK_RELATIONS as readonly unknown[]).includes(relation)) {
      links.push({ a, b, relation: relation as LinkRelation });
    }
  }
  return links.sort((x, y) => x.a.localeCompare(y.a) || x.b.localeCompare(y.b));
}

export function readClusters(joint: Y.Doc, report?: ProblemSink): Cluster[] {
  return readRecords(joint, ROOT.clusters, clusterSchema, report).sort(compareByOrder);
}

export function readTradeoffs(joint: Y.Doc, report?: ProblemSink): TradeoffData[] {
  const tradeoffOptions = groupSet(flatMap(joint, ROOT.tradeoffOptions), isRecordId);
  const responses = new Map<string, Record<string, TradeoffResponse>>();
  for (const [[tradeoffId, partyId], value] of flatEntries(flatMap(joint, ROOT.tradeoffResponses), 2)) {
    const parsed = tradeoffResponseSchema.safeParse(value);
    if (!parsed.success || !isRecordId(tradeoffId) || !isPartyId(partyId)) continue;
    const byParty = responses.get(tradeoffId) ?? dict<TradeoffResponse>();
    byParty[partyId] = parsed.data;
    responses.set(tradeoffId, byParty);
  }
  return readRecords(joint, ROOT.tradeoffs, tradeoffSchema, report)
    .sort(compareByOrder)
    .map((t) => ({ ...t, optionIds: tradeoffOptions.get(t.id) ?? [], responses: responses.get(t.id) ?? dict() }));
}

export const EMPTY_PLAN: PlanData = Object.freeze({ startDate: '', dueDate: '', metrics: '', escalation: '', owners: Object.freeze(dict<string>()) });

/** optionId → plan, as a null-prototype object (dict.ts): option ids may be `__proto__` or `toString`. */
export function readPlans(joint: Y.Doc): Record<string, PlanData> {
  const plans = dict<PlanData>();
  flatMap(joint, ROOT.plans).forEach((value, key) => {
    const [optionId, field, partyId, ...rest] = splitKey(key);
    if (!isRecordId(optionId) || typeof value !== 'string' || rest.length) return;
    const plan = own(plans, optionId) ?? EMPTY_PLAN;
    if (field === 'owner' && isPartyId(partyId)) {
      plans[optionId] = { ...plan, owners: dict([...Object.entries(plan.owners), [partyId, value.slice(0, 200)]]) };
    } else if (partyId === undefined && (PLAN_FIELDS as readonly string[]).includes(field!)) {
      plans[optionId] = { ...plan, [field as PlanField]: value.slice(0, LIMITS.planText) };
    }
  });
  return plans;
}

export function readCheckpoints(joint: Y.Doc, report?: ProblemSink): Checkpoint[] {
  return readRecords(joint, ROOT.checkpoints, checkpointSchema, report).sort(
    (a, b) => a.date.localeCompare(b.date) || a.createdAt - b.createdAt || a.id.localeCompare(b.id),
  );
}

export function readDebriefNotes(joint: Y.Doc, report?: ProblemSink): DebriefNote[] {
  return readRecords(joint, ROOT.debriefNotes, debriefNoteSchema, report).sort(
    (a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id),
  );
}

export function readRelationshipHealth(joint: Y.Doc): HealthRating[] {
  const ratings: HealthRating[] = [];
  for (const [[partyId, participantId], value] of flatEntries(flatMap(joint, ROOT.relationshipHealth), 2)) {
    if (isPartyId(partyId) && isRecordId(participantId) && scoreValue.safeParse(value).success) {
      ratings.push({ partyId, participantId, value: value as number });
    }
  }
  return ratings;
}

/** optionId → proposing party: revealed ones, plus the reader's own party's proposals. */
export function readAuthorship(state: Y.Doc | undefined, lane?: BoardDocsForReading['lane']): Record<string, string> {
  const authorship = dict<string>();
  if (state) {
    flatMap(state, ROOT.authorship).forEach((partyId, optionId) => {
      if (isRecordId(optionId) && isPartyId(partyId)) authorship[optionId] = partyId;
    });
  }
  if (lane) {
    flatMap(lane.doc, ROOT.proposals).forEach((_value, optionId) => {
      if (isRecordId(optionId)) authorship[optionId] = lane.partyId;
    });
  }
  return authorship;
}

/** Published ratings, plus the reader's own party's (which are the freshest and win). */
export function readVisibleRatings(state: Y.Doc | undefined, lane?: BoardDocsForReading['lane']): Rating[] {
  const ratings = new Map<string, Rating>();
  if (state) for (const rating of readPublishedRatings(state)) ratings.set(ratingKey(rating), rating);
  if (lane) for (const rating of readLaneRatings(lane.doc, lane.partyId)) ratings.set(ratingKey(rating), rating);
  return [...ratings.values()];
}

export function readScoreProgress(state: Y.Doc | undefined): Record<string, number> {
  const progress = dict<number>();
  if (!state) return progress;
  flatMap(state, ROOT.scoreProgress).forEach((count, partyId) => {
    if (isPartyId(partyId) && typeof count === 'number' && Number.isInteger(count) && count >= 0) progress[partyId] = count;
  });
  return progress;
}

/** The published raters (state room): participantId → { partyId, name }. */
export function readRaters(state: Y.Doc | undefined): Record<string, RaterName> {
  const raters = dict<RaterName>();
  if (!state) return raters;
  flatMap(state, ROOT.raters).forEach((value, participantId) => {
    if (!isRecordId(participantId) || typeof value !== 'object' || value === null) return;
    const { partyId, name } = value as { partyId?: unknown; name?: unknown };
    if (isPartyId(partyId) && typeof name === 'string') raters[participantId] = { partyId, name: name.slice(0, LIMITS.displayName) };
  });
  return raters;
}

/** participantId → display name, from a lane's members. */
export function readMembers(laneDoc: Y.Doc): Record<string, string> {
  const members = dict<string>();
  flatMap(laneDoc, ROOT.members).forEach((name, participantId) => {
    if (isRecordId(participantId) && typeof name === 'string') members[participantId] = name.slice(0, LIMITS.displayName);
  });
  return members;
}

/** Read everything the given documents hold into one validated BoardData. */
export function readBoardData(docs: BoardDocsForReading, report?: ProblemSink): BoardData | null {
  const { joint, state, lane } = docs;
  const meta = readMeta(joint, report);
  if (!meta) return null;
  const tags = readOptionTags(joint);
  const serves = readOptionInterests(joint);
  return {
    meta,
    parties: readParties(joint, report),
    options: readOptions(joint, report).map((o) => ({ ...o, tags: tags.get(o.id) ?? [], interestIds: serves.get(o.id) ?? [] })),
    interests: readInterests(joint, lane, report),
    interestLinks: readInterestLinks(joint),
    clusters: readClusters(joint, report),
    tradeoffs: readTradeoffs(joint, report),
    plans: readPlans(joint),
    checkpoints: readCheckpoints(joint, report),
    debriefNotes: readDebriefNotes(joint, report),
    relationshipHealth: readRelationshipHealth(joint),
    state: readBoardState(state ?? null),
    authorship: readAuthorship(state, lane),
    ratings: readVisibleRatings(state, lane),
    scoreProgress: readScoreProgress(state),
    raters: readRaters(state),
  };
}
