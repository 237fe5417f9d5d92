/**
 * What a party says on the joint board: the records that speak for one
 * party and may be written by that party's members only (server/sync/
 * extensions/write-policy.ts enforces it). Read raw — before validation — so
 * that a record readers would skip still counts for what it claims.
 *
 * A statement has an owner (the party it speaks for; null: nobody's, e.g. a
 * board-wide debrief note), a fingerprint (its whole content: a change of
 * either is a change), and a subject — the record it belongs to, whose
 * removal takes it along (a tradeoff's responses, an option's plan owners).
 */
import * as Y from 'yjs';
import { ROOT, flatMap, splitKey } from './schema';

export type Statement = { readonly owner: string | null; readonly fingerprint: string; readonly subject: string | null };

/** Who may speak: the roots that hold statements (the write policy judges only updates touching them). */
export const STATEMENT_ROOTS = [
  ROOT.interests,
  ROOT.tradeoffs,
  ROOT.tradeoffResponses,
  ROOT.debriefNotes,
  ROOT.relationshipHealth,
  ROOT.plans,
] as const;

/** Statements a facilitator may make for a party (they record what a party says in the room). */
export const FACILITATOR_MAY_RECORD: ReadonlySet<string> = new Set([ROOT.interests, ROOT.tradeoffs]);

const plainOf = (value: unknown): unknown => (value instanceof Y.AbstractType ? value.toJSON() : value);
const stringOr = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** Every statement of the joint board, keyed `${root}/${key}`. */
export function readStatements(doc: Y.Doc): Map<string, Statement> {
  const statements = new Map<string, Statement>();
  const put = (root: string, key: string, owner: string | null, value: unknown, subject: string | null) =>
    statements.set(`${root}/${key}`, { owner, fingerprint: JSON.stringify(plainOf(value)) ?? 'undefined', subject });
  for (const root of [ROOT.interests, ROOT.tradeoffs, ROOT.debriefNotes] as const) {
    for (const [id, record] of doc.getMap<unknown>(root)) {
      const owner = record instanceof Y.Map ? stringOr(record.get('partyId')) : null;
      put(root, id, owner, record, null);
    }
  }
  for (const [key, value] of flatMap(doc, ROOT.tradeoffResponses)) {
    const [tradeoffId = '', partyId = ''] = splitKey(key);
    put(ROOT.tradeoffResponses, key, stringOr(partyId), value, `${ROOT.tradeoffs}/${tradeoffId}`);
  }
  for (const [key, value] of flatMap(doc, ROOT.relationshipHealth)) {
    put(ROOT.relationshipHealth, key, stringOr(splitKey(key)[0]), value, null);
  }
  for (const [key, value] of flatMap(doc, ROOT.plans)) {
    const [optionId = '', field, partyId] = splitKey(key);
    if (field === 'owner') put(ROOT.plans, key, stringOr(partyId ?? ''), value, `${ROOT.options}/${optionId}`);
  }
  return statements;
}

/** Whether a subject record (`${root}/${id}`) exists in `doc`. */
export function subjectExists(doc: Y.Doc, subject: string): boolean {
  const [root = '', id = ''] = splitKey(subject);
  return doc.getMap<unknown>(root).has(id);
}
