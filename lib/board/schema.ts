/**
 * The ONLY module that names the Yjs keys of a board's documents.
 *
 * Every room has a top-level `meta` map with `schemaVersion`. Records are one
 * Y.Map per record, keyed by field, inside a top-level map keyed by record id,
 * so concurrent edits to different fields of one record both survive. Roots
 * are always top-level types (`doc.getMap(...)`), never nested maps created
 * with `set`, which lose one side of a concurrent creation (yjs#483).
 *
 * docs/schema.md describes this file for people writing their own clients.
 */
import * as Y from 'yjs';
// zod/mini, not classic zod: this module is in the browser's first load, and
// mini's functional API tree-shakes (docs/decisions.md). Same rules and defaults.
import * as z from 'zod/mini';
import { dict } from './dict';
import { PARTY_ID_PATTERN, RECORD_ID_PATTERN } from './ids';
import type { RoomKind } from './rooms';

/** Bumped by each migration in migrations.ts. */
export const SCHEMA_VERSION = 3;

export const ROOT = {
  // every room
  meta: 'meta',
  // joint board
  parties: 'parties',
  options: 'options',
  /** flat set: `${optionId}/${tag}` → true (flat keys, so concurrent tag adds both survive) */
  optionTags: 'optionTags',
  /** flat set: `${optionId}/${interestId}` → true: the option serves that interest */
  optionInterests: 'optionInterests',
  /** interests (joint: shared ones; lane: the party's private ones) */
  interests: 'interests',
  /** `${interestIdA}/${interestIdB}` (A < B) → 'shared' | 'tension' */
  interestLinks: 'interestLinks',
  clusters: 'clusters',
  tradeoffs: 'tradeoffs',
  /** flat set: `${tradeoffId}/${optionId}` → true */
  tradeoffOptions: 'tradeoffOptions',
  /** `${tradeoffId}/${partyId}` → { status: 'confirmed' | 'questioned', note, at } */
  tradeoffResponses: 'tradeoffResponses',
  /** flat: `${optionId}/${field}` → value, and `${optionId}/owner/${partyId}` → name */
  plans: 'plans',
  checkpoints: 'checkpoints',
  debriefNotes: 'debriefNotes',
  /** `${partyId}/${participantId}` → 1..5 */
  relationshipHealth: 'relationshipHealth',
  // party lane
  /** optionId → createdAt: this party proposed the option (side-blind until revealed) */
  proposals: 'proposals',
  /** `${optionId}/${participantId}` → impact·100 + feasibility·10 + fairness, each digit 1..5 or 0 = not rated (rating-entries.ts; v1: `scores`) */
  ratings: 'ratings',
  /** participantId → display name: the party's members who joined */
  members: 'members',
  // state room (server-written)
  state: 'state',
  /** optionId → partyId, published when authorship is revealed */
  authorship: 'authorship',
  /** optionId → three digits per rater slot (`raterSlots`), each slot's as a lane's `ratings`, published at reveal (or at once when scoring is open); rating-entries.ts. v2: `option/party/participant` keys; v1: `revealedScores` */
  publishedRatings: 'publishedRatings',
  /** slot ("0", "1", …) → `${partyId}/${participantId}`: who each slot of `publishedRatings` is (v3) */
  raterSlots: 'raterSlots',
  /** partyId → number of ratings cast (progress, never values) */
  scoreProgress: 'scoreProgress',
  /** participantId → { partyId, name } of everyone who cast a rating (for participation figures) */
  raters: 'raters',
} as const;

export const META_KEYS = {
  schemaVersion: 'schemaVersion',
  title: 'title',
  question: 'question',
  createdAt: 'createdAt',
} as const;

export const LIMITS = {
  title: 200,
  question: 500,
  partyName: 60,
  optionTitle: 280,
  optionDescription: 4000,
  minParties: 2,
  maxParties: 6,
  displayName: 60,
  interestText: 500,
  clusterName: 80,
  tag: 24,
  tradeoffText: 500,
  planText: 2000,
  checkpointLabel: 200,
  debriefText: 2000,
} as const;

export const INTEREST_KINDS = ['need', 'concern', 'constraint', 'priority'] as const;
export type InterestKind = (typeof INTEREST_KINDS)[number];

export const LINK_RELATIONS = ['shared', 'tension'] as const;
export type LinkRelation = (typeof LINK_RELATIONS)[number];

/** What an option trades on; custom tags are allowed too (TAG_PATTERN). */
export const SUGGESTED_TAGS = ['timing', 'scope', 'resources', 'risk', 'money'] as const;
export const TAG_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} _-]{0,23}$/u;

export const CRITERIA = ['impact', 'feasibility', 'fairness'] as const;
export type Criterion = (typeof CRITERIA)[number];
export const MIN_SCORE = 1;
export const MAX_SCORE = 5;

export const BENEFITS = ['timeline', 'risk', 'quality', 'cost', 'other'] as const;
export type Benefit = (typeof BENEFITS)[number];

export const DEBRIEF_PROMPTS = ['worked', 'didnt', 'change'] as const;
export type DebriefPrompt = (typeof DEBRIEF_PROMPTS)[number];

export const PLAN_FIELDS = ['startDate', 'dueDate', 'metrics', 'escalation'] as const;
export type PlanField = (typeof PLAN_FIELDS)[number];

/** Okabe–Ito: distinguishable with the common colour-vision deficiencies. Always shown with a letter too. */
export const PARTY_COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'] as const;

export const PHASES = ['frame', 'interests', 'brainstorm', 'cluster', 'score', 'decide', 'agree', 'debrief'] as const;
export type Phase = (typeof PHASES)[number];

export const PHASE_LABELS: Record<Phase, string> = {
  frame: 'Frame',
  interests: 'Interests',
  brainstorm: 'Brainstorm',
  cluster: 'Cluster',
  score: 'Score',
  decide: 'Decide',
  agree: 'Agree',
  debrief: 'Debrief',
};

// ---------------------------------------------------------------------------
// Record validators: readers validate everything and skip what fails.
//
// A field that is *missing* gets a default instead of failing the record:
// that happens legitimately when an undo meets a concurrent edit of the same
// field (Yjs then deletes the undone value without restoring the old one,
// so as not to overwrite the other person's change). A field of the wrong
// *type* can only come from a buggy or hostile client: that record is skipped
// and reported.

const text = (max: number) => z._default(z.string().check(z.maxLength(max)), '');
const matching = (pattern: RegExp) => z.string().check(z.regex(pattern));
const intIn = (min: number, max: number) => z.int().check(z.minimum(min), z.maximum(max));
const timestamp = z.int().check(z.nonnegative());
const orderKey = z.string().check(z.minLength(1), z.maxLength(128), z.regex(/^[0-9A-Za-z]+$/));
/** The order a record sorts by when its `order` field was lost (undo race): readers and writers agree on it. */
export const FALLBACK_ORDER = 'a0';

export const boardMetaSchema = z.object({
  schemaVersion: z.int().check(z.positive()),
  title: text(LIMITS.title),
  question: text(LIMITS.question),
  createdAt: z._default(timestamp, 0),
});
export type BoardMeta = z.infer<typeof boardMetaSchema>;

export const partySchema = z.object({
  id: matching(PARTY_ID_PATTERN),
  /** may be empty after an undo race: show "Party N" then */
  name: text(LIMITS.partyName),
  color: z._default(matching(/^#[0-9A-Fa-f]{6}$/), '#5F6B7A'),
  order: z._default(orderKey, FALLBACK_ORDER),
});
export type Party = z.infer<typeof partySchema>;

export const optionSchema = z.object({
  id: matching(RECORD_ID_PATTERN),
  /** may be empty after an undo race: show "Untitled option" then */
  title: text(LIMITS.optionTitle),
  description: text(LIMITS.optionDescription),
  order: z._default(orderKey, FALLBACK_ORDER),
  createdAt: z._default(timestamp, 0),
  /** '' when the option is in no cluster; an id of a deleted cluster counts as none */
  clusterId: z._default(z.string().check(z.maxLength(64)), ''),
  shortlisted: z._default(z.boolean(), false),
  /** when it was last starred (ms), for "time to shortlist" */
  shortlistedAt: z._default(timestamp, 0),
  /** shortlist stage, 1 = first; 0 = not staged yet */
  stage: z._default(intIn(0, 20), 0),
  /** order within the shortlist ('' = not ordered yet: after the ordered ones) */
  shortlistOrder: z._default(z.union([orderKey, z.literal('')]), ''),
});
export type BoardOption = z.infer<typeof optionSchema>;

export const interestSchema = z.object({
  id: matching(RECORD_ID_PATTERN),
  partyId: matching(PARTY_ID_PATTERN),
  text: text(LIMITS.interestText),
  kind: z._default(z.enum(INTEREST_KINDS), 'need'),
  importance: z._default(intIn(1, 3), 2),
  order: z._default(orderKey, FALLBACK_ORDER),
  createdAt: z._default(timestamp, 0),
});
export type Interest = z.infer<typeof interestSchema>;

export const clusterSchema = z.object({
  id: matching(RECORD_ID_PATTERN),
  name: text(LIMITS.clusterName),
  order: z._default(orderKey, FALLBACK_ORDER),
  createdAt: z._default(timestamp, 0),
});
export type Cluster = z.infer<typeof clusterSchema>;

export const tradeoffSchema = z.object({
  id: matching(RECORD_ID_PATTERN),
  /** the party that concedes */
  partyId: matching(PARTY_ID_PATTERN),
  concedes: text(LIMITS.tradeoffText),
  unlocks: text(LIMITS.tradeoffText),
  benefit: z._default(z.enum(BENEFITS), 'other'),
  order: z._default(orderKey, FALLBACK_ORDER),
  createdAt: z._default(timestamp, 0),
});
export type Tradeoff = z.infer<typeof tradeoffSchema>;

export const tradeoffResponseSchema = z.object({
  status: z.enum(['confirmed', 'questioned']),
  note: text(LIMITS.tradeoffText),
  at: z._default(timestamp, 0),
});
export type TradeoffResponse = z.infer<typeof tradeoffResponseSchema>;

/** ISO calendar date, YYYY-MM-DD */
export const isoDate = matching(/^\d{4}-\d{2}-\d{2}$/);

export const checkpointSchema = z.object({
  id: matching(RECORD_ID_PATTERN),
  optionId: matching(RECORD_ID_PATTERN),
  date: z._default(z.union([isoDate, z.literal('')]), ''),
  label: text(LIMITS.checkpointLabel),
  createdAt: z._default(timestamp, 0),
});
export type Checkpoint = z.infer<typeof checkpointSchema>;

export const debriefNoteSchema = z.object({
  id: matching(RECORD_ID_PATTERN),
  prompt: z.enum(DEBRIEF_PROMPTS),
  partyId: z._default(z.union([matching(PARTY_ID_PATTERN), z.literal('')]), ''),
  text: text(LIMITS.debriefText),
  createdAt: z._default(timestamp, 0),
});
export type DebriefNote = z.infer<typeof debriefNoteSchema>;

export const scoreValue = intIn(MIN_SCORE, MAX_SCORE);

export const STATE_KEYS = {
  phase: 'phase',
  phaseChangedAt: 'phaseChangedAt',
  /** false: nobody holds the facilitator link, so any party member drives phases and timer */
  facilitated: 'facilitated',
  /** who proposed an option stays hidden until authorship is revealed */
  sideBlind: 'sideBlind',
  authorshipRevealed: 'authorshipRevealed',
  /** 'blind' (default): scores published only at reveal; 'open': at once */
  scoring: 'scoring',
  scoresRevealed: 'scoresRevealed',
  /** { impact, feasibility, fairness } weights for the combined score */
  weights: 'weights',
  /** combined score every party must reach for an option to "work for both" */
  worksForBothThreshold: 'worksForBothThreshold',
  /** timer: duration of the current run, server time it started (null = paused), time left when paused */
  timerDurationMs: 'timerDurationMs',
  timerStartedAt: 'timerStartedAt',
  timerRemainingMs: 'timerRemainingMs',
  /**
   * unfacilitated boards: partyId → { scores?: true, authorship?: true }, the parties that have asked
   * to reveal (a reveal happens once every party has); keys name parties only, never participants
   */
  revealRequests: 'revealRequests',
  /** legacy, no longer written or read: the digest the removed auto-reveal kept ("everyone rated everything") */
  completedPicture: 'completedPicture',
} as const;

export const phaseStateSchema = z.object({
  phase: z.enum(PHASES),
  phaseChangedAt: timestamp,
});
export type PhaseState = z.infer<typeof phaseStateSchema>;

// ---------------------------------------------------------------------------
// Typed access to the roots. Everything else in lib/board goes through these.

export type RecordMap = Y.Map<unknown>;

export const metaMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(ROOT.meta);
export const partiesMap = (doc: Y.Doc): Y.Map<RecordMap> => doc.getMap(ROOT.parties);
export const optionsMap = (doc: Y.Doc): Y.Map<RecordMap> => doc.getMap(ROOT.options);
export const stateMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(ROOT.state);
export const interestsMap = (doc: Y.Doc): Y.Map<RecordMap> => doc.getMap(ROOT.interests);
export const clustersMap = (doc: Y.Doc): Y.Map<RecordMap> => doc.getMap(ROOT.clusters);
export const tradeoffsMap = (doc: Y.Doc): Y.Map<RecordMap> => doc.getMap(ROOT.tradeoffs);
export const checkpointsMap = (doc: Y.Doc): Y.Map<RecordMap> => doc.getMap(ROOT.checkpoints);
export const debriefNotesMap = (doc: Y.Doc): Y.Map<RecordMap> => doc.getMap(ROOT.debriefNotes);
/** Flat maps of plain values (sets and small keyed values). */
export const flatMap = (
  doc: Y.Doc,
  root:
    | typeof ROOT.optionTags
    | typeof ROOT.optionInterests
    | typeof ROOT.interestLinks
    | typeof ROOT.tradeoffOptions
    | typeof ROOT.tradeoffResponses
    | typeof ROOT.plans
    | typeof ROOT.relationshipHealth
    | typeof ROOT.proposals
    | typeof ROOT.ratings
    | typeof ROOT.members
    | typeof ROOT.authorship
    | typeof ROOT.publishedRatings
    | typeof ROOT.raterSlots
    | typeof ROOT.scoreProgress
    | typeof ROOT.raters,
): Y.Map<unknown> => doc.getMap(root);

/** Separator of composite keys in flat maps; ids, tags and criteria never contain it. */
export const KEY_SEPARATOR = '/';
export const compositeKey = (...parts: string[]): string => parts.join(KEY_SEPARATOR);
export const splitKey = (key: string): string[] => key.split(KEY_SEPARATOR);

/** The roots each kind of room holds (used by undo scopes and docs). */
export const ROOTS_BY_KIND: Record<RoomKind, readonly string[]> = {
  joint: [
    ROOT.meta,
    ROOT.parties,
    ROOT.options,
    ROOT.optionTags,
    ROOT.optionInterests,
    ROOT.interests,
    ROOT.interestLinks,
    ROOT.clusters,
    ROOT.tradeoffs,
    ROOT.tradeoffOptions,
    ROOT.tradeoffResponses,
    ROOT.plans,
    ROOT.checkpoints,
    ROOT.debriefNotes,
    ROOT.relationshipHealth,
  ],
  lane: [ROOT.meta, ROOT.interests, ROOT.proposals, ROOT.ratings, ROOT.members],
  state: [ROOT.meta, ROOT.state, ROOT.authorship, ROOT.publishedRatings, ROOT.raterSlots, ROOT.scoreProgress, ROOT.raters],
};

export function readSchemaVersion(doc: Y.Doc): number | null {
  const version = metaMap(doc).get(META_KEYS.schemaVersion);
  return typeof version === 'number' && Number.isInteger(version) && version > 0 ? version : null;
}

/**
 * Turn a record's Y.Map into an object for validation. Non-maps yield null.
 * Null-prototype (dict.ts): a hostile field named `__proto__` is one more
 * unknown key the schema drops, not a prototype to read fields through.
 */
export function recordToPlain(id: string, value: unknown): Record<string, unknown> | null {
  if (!(value instanceof Y.Map)) return null;
  const plain = dict<unknown>([['id', id]]);
  for (const [key, field] of value.entries()) {
    plain[key] = field instanceof Y.Text ? field.toString() : field;
  }
  return plain;
}
