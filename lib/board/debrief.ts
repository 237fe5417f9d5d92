/**
 * Debrief: notes under three prompts (what worked, what didn't, what to change)
 * and each participant's rating of the relationship's health.
 */
import type * as Y from 'yjs';
import { isPartyId, isRecordId, newRecordId } from './ids';
import { clean, local, newRecord, patchRecord, recordOf } from './records';
import { DEBRIEF_PROMPTS, LIMITS, ROOT, compositeKey, debriefNotesMap, flatMap, type DebriefPrompt } from './schema';

/** @example addDebriefNote(doc, { prompt: 'worked', partyId: 'p1', text: 'Listing interests first' }); */
export function addDebriefNote(
  doc: Y.Doc,
  input: { prompt: DebriefPrompt; text: string; partyId?: string; id?: string; now?: number },
): string | null {
  const text = clean(input.text, LIMITS.debriefText);
  if (!text || !DEBRIEF_PROMPTS.includes(input.prompt)) return null;
  const id = input.id && isRecordId(input.id) ? input.id : newRecordId();
  local(doc, () =>
    debriefNotesMap(doc).set(
      id,
      newRecord({
        prompt: input.prompt,
        partyId: input.partyId && isPartyId(input.partyId) ? input.partyId : '',
        text,
        createdAt: input.now ?? Date.now(),
      }),
    ),
  );
  return id;
}

export function updateDebriefNote(doc: Y.Doc, id: string, text: string): boolean {
  const record = recordOf(debriefNotesMap(doc), id);
  const cleaned = clean(text, LIMITS.debriefText);
  if (!record || !cleaned) return false;
  return local(doc, () => patchRecord(record, { text: cleaned }));
}

export function deleteDebriefNote(doc: Y.Doc, id: string): boolean {
  const map = debriefNotesMap(doc);
  if (!map.has(id)) return false;
  local(doc, () => map.delete(id));
  return true;
}

/** A participant's view of the relationship's health, 1–5 (null clears). */
export function setRelationshipHealth(doc: Y.Doc, partyId: string, participantId: string, value: number | null): boolean {
  if (!isPartyId(partyId) || !isRecordId(participantId)) return false;
  if (value !== null && !(Number.isInteger(value) && value >= 1 && value <= 5)) return false;
  const map = flatMap(doc, ROOT.relationshipHealth);
  const key = compositeKey(partyId, participantId);
  if ((map.get(key) ?? null) === value) return false;
  local(doc, () => (value === null ? map.delete(key) : map.set(key, value)));
  return true;
}
