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
import { z } from 'zod';
import { PARTY_ID_PATTERN, RECORD_ID_PATTERN } from './ids';
import type { RoomKind } from './rooms';

/** Bumped by each migration in migrations.ts. */
export const SCHEMA_VERSION = 1;

export const ROOT = {
  meta: 'meta',
  parties: 'parties',
  options: 'options',
  state: 'state',
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
} as const;

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

const text = (max: number) => z.string().max(max).default('');
const timestamp = z.number().int().nonnegative();
const orderKey = z.string().min(1).max(128).regex(/^[0-9A-Za-z]+$/);
const FALLBACK_ORDER = 'a0';

export const boardMetaSchema = z.object({
  schemaVersion: z.number().int().positive(),
  title: text(LIMITS.title),
  question: text(LIMITS.question),
  createdAt: timestamp.default(0),
});
export type BoardMeta = z.infer<typeof boardMetaSchema>;

export const partySchema = z.object({
  id: z.string().regex(PARTY_ID_PATTERN),
  /** may be empty after an undo race: show "Party N" then */
  name: text(LIMITS.partyName),
  color: z.string().regex(/^#[0-9A-Fa-f]{6}$/).default('#5F6B7A'),
  order: orderKey.default(FALLBACK_ORDER),
});
export type Party = z.infer<typeof partySchema>;

export const optionSchema = z.object({
  id: z.string().regex(RECORD_ID_PATTERN),
  /** may be empty after an undo race: show "Untitled option" then */
  title: text(LIMITS.optionTitle),
  description: text(LIMITS.optionDescription),
  order: orderKey.default(FALLBACK_ORDER),
  createdAt: timestamp.default(0),
});
export type BoardOption = z.infer<typeof optionSchema>;

export const STATE_KEYS = { phase: 'phase', phaseChangedAt: 'phaseChangedAt' } as const;

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

/** The roots each kind of room holds (used by undo scopes and docs). */
export const ROOTS_BY_KIND: Record<RoomKind, readonly string[]> = {
  joint: [ROOT.meta, ROOT.parties, ROOT.options],
  lane: [ROOT.meta],
  state: [ROOT.meta, ROOT.state],
};

export function readSchemaVersion(doc: Y.Doc): number | null {
  const version = metaMap(doc).get(META_KEYS.schemaVersion);
  return typeof version === 'number' && Number.isInteger(version) && version > 0 ? version : null;
}

/** Turn a record's Y.Map into a plain object for validation. Non-maps yield null. */
export function recordToPlain(id: string, value: unknown): Record<string, unknown> | null {
  if (!(value instanceof Y.Map)) return null;
  const plain: Record<string, unknown> = { id };
  for (const [key, field] of value.entries()) {
    plain[key] = field instanceof Y.Text ? field.toString() : field;
  }
  return plain;
}
