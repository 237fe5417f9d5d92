/**
 * The JSON export format, version 1 (docs/export-format.md describes it;
 * docs/export-format.schema.json is generated from `boardExportSchema` by
 * write-schema.ts, and a test keeps the two equal).
 *
 * Lists are in board order and carry no fractional order keys: position in
 * the array is the order. Ids are only references inside one file; an import
 * gives every record a fresh id.
 *
 * The schema has no transforms, so z.toJSONSchema can express it. Cross-record
 * rules (references must point at records in the file, ids unique) are
 * checked in `checkReferences` and reported with the same paths.
 */
import { z } from 'zod';
import { PARTY_ID_PATTERN, RECORD_ID_PATTERN } from '@/lib/board/ids';
import {
  BENEFITS,
  CRITERIA,
  DEBRIEF_PROMPTS,
  INTEREST_KINDS,
  LIMITS,
  LINK_RELATIONS,
  MAX_SCORE,
  MIN_SCORE,
  PHASES,
  TAG_PATTERN,
} from '@/lib/board/schema';

export const EXPORT_FORMAT = 'common-ground.board';
export const EXPORT_VERSION = 1;

const recordId = z.string().regex(RECORD_ID_PATTERN);
const partyId = z.string().regex(PARTY_ID_PATTERN);
const text = (max: number) => z.string().max(max);
const timestamp = z.number().int().nonnegative().describe('milliseconds since the Unix epoch');
const date = z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/), z.literal('')]).describe('YYYY-MM-DD, or empty');

const settings = z.object({
  phase: z.enum(PHASES),
  facilitated: z.boolean(),
  sideBlind: z.boolean(),
  authorshipRevealed: z.boolean(),
  scoring: z.enum(['blind', 'open']),
  scoresRevealed: z.boolean(),
  weights: z.object(Object.fromEntries(CRITERIA.map((c) => [c, z.number().min(0).max(10)])) as Record<(typeof CRITERIA)[number], z.ZodNumber>),
  worksForBothThreshold: z.number().min(1).max(5),
});

const party = z.object({ id: partyId, name: text(LIMITS.partyName), color: z.string().regex(/^#[0-9A-Fa-f]{6}$/) });

const interest = z.object({
  id: recordId,
  partyId,
  text: text(LIMITS.interestText),
  kind: z.enum(INTEREST_KINDS),
  importance: z.number().int().min(1).max(3),
  private: z.boolean().describe("true: from the exporting party's private lane; never imported"),
  createdAt: timestamp,
});

const interestLink = z.object({ a: recordId, b: recordId, relation: z.enum(LINK_RELATIONS) });

const cluster = z.object({ id: recordId, name: text(LIMITS.clusterName), createdAt: timestamp });

const option = z.object({
  id: recordId,
  title: text(LIMITS.optionTitle),
  description: text(LIMITS.optionDescription),
  clusterId: recordId.nullable(),
  tags: z.array(z.string().regex(TAG_PATTERN)),
  interestIds: z.array(recordId),
  proposedBy: partyId.nullable().describe('null unless authorship was revealed, or it is the exporting party'),
  shortlist: z
    .object({
      stage: z.number().int().min(0).max(20).describe('1 = first; 0 = not staged yet'),
      position: z.number().int().min(1).nullable().describe('1-based order within the stage; null = not ordered yet'),
      at: timestamp.describe('when it was last shortlisted; 0 = unknown'),
    })
    .nullable()
    .describe('null: not shortlisted'),
  createdAt: timestamp,
});

const tradeoff = z.object({
  id: recordId,
  partyId: partyId.describe('the party that concedes'),
  concedes: text(LIMITS.tradeoffText),
  unlocks: text(LIMITS.tradeoffText),
  benefit: z.enum(BENEFITS),
  optionIds: z.array(recordId),
  responses: z.array(
    z.object({ partyId, status: z.enum(['confirmed', 'questioned']), note: text(LIMITS.tradeoffText), at: timestamp }),
  ),
  createdAt: timestamp,
});

const plan = z.object({
  optionId: recordId,
  startDate: date,
  dueDate: date,
  metrics: text(LIMITS.planText),
  escalation: text(LIMITS.planText),
  owners: z.array(z.object({ partyId, name: text(200) })),
});

const checkpoint = z.object({ id: recordId, optionId: recordId, date, label: text(LIMITS.checkpointLabel), createdAt: timestamp });

const debriefNote = z.object({
  id: recordId,
  prompt: z.enum(DEBRIEF_PROMPTS),
  partyId: partyId.nullable(),
  text: text(LIMITS.debriefText),
  createdAt: timestamp,
});

const rating = z.object({
  optionId: recordId,
  partyId,
  participantId: recordId,
  criterion: z.enum(CRITERIA),
  value: z.number().int().min(MIN_SCORE).max(MAX_SCORE),
});

const rater = z.object({ participantId: recordId, partyId, name: text(LIMITS.displayName) });

export const boardSchema = z.object({
  title: text(LIMITS.title),
  question: text(LIMITS.question),
  createdAt: timestamp,
  settings,
  parties: z.array(party).min(LIMITS.minParties).max(LIMITS.maxParties),
  interests: z.array(interest),
  interestLinks: z.array(interestLink),
  clusters: z.array(cluster),
  options: z.array(option),
  tradeoffs: z.array(tradeoff),
  plans: z.array(plan),
  checkpoints: z.array(checkpoint),
  debriefNotes: z.array(debriefNote),
  ratings: z
    .array(rating)
    .describe('what the exporter could see: published ratings, or only their own party\'s while blind scores are unrevealed'),
  raters: z
    .array(rater)
    .optional()
    .describe('names of the people behind published ratings; optional (files made before it was added lack it)'),
});

export const boardExportSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  exportedAt: z.iso.datetime(),
  board: boardSchema,
});

export type BoardExport = z.infer<typeof boardExportSchema>;
export type ExportedBoard = BoardExport['board'];
export type ExportError = { readonly path: string; readonly message: string };
