/**
 * Agreement plans for shortlisted options: owners on each side, dates,
 * success metrics, an escalation path, and review checkpoints. Plan fields
 * are flat keys (`optionId/field`), so no record map is created on demand —
 * two people opening the same plan at once cannot lose each other's fields.
 */
import type * as Y from 'yjs';
import { isPartyId, isRecordId, newRecordId } from './ids';
import { clean, local, newRecord, patchRecord, recordOf } from './records';
import { LIMITS, PLAN_FIELDS, ROOT, checkpointsMap, compositeKey, flatMap, isoDate, type PlanField } from './schema';

const DATE_FIELDS: readonly PlanField[] = ['startDate', 'dueDate'];

/**
 * Set one field of an option's plan; dates are YYYY-MM-DD ('' clears).
 * @example setPlanField(doc, optionId, 'dueDate', '2027-03-31');
 */
export function setPlanField(doc: Y.Doc, optionId: string, field: PlanField, value: string): boolean {
  if (!isRecordId(optionId) || !PLAN_FIELDS.includes(field)) return false;
  const cleaned = clean(value, LIMITS.planText);
  if (DATE_FIELDS.includes(field) && cleaned && !isoDate.safeParse(cleaned).success) return false;
  return setFlat(doc, compositeKey(optionId, field), cleaned);
}

/** @example setPlanOwner(doc, optionId, 'p1', 'Dana (procurement)'); */
export function setPlanOwner(doc: Y.Doc, optionId: string, partyId: string, name: string): boolean {
  if (!isRecordId(optionId) || !isPartyId(partyId)) return false;
  return setFlat(doc, compositeKey(optionId, 'owner', partyId), clean(name, 200));
}

function setFlat(doc: Y.Doc, key: string, value: string): boolean {
  const plans = flatMap(doc, ROOT.plans);
  if ((plans.get(key) ?? '') === value) return false;
  local(doc, () => (value ? plans.set(key, value) : plans.delete(key)));
  return true;
}

/** @example addCheckpoint(doc, { optionId, date: '2027-01-15', label: 'First price review' }); */
export function addCheckpoint(
  doc: Y.Doc,
  input: { optionId: string; date: string; label: string; id?: string; now?: number },
): string | null {
  if (!isRecordId(input.optionId)) return null;
  const date = isoDate.safeParse(input.date).success ? input.date : '';
  const id = input.id && isRecordId(input.id) ? input.id : newRecordId();
  local(doc, () =>
    checkpointsMap(doc).set(
      id,
      newRecord({ optionId: input.optionId, date, label: clean(input.label, LIMITS.checkpointLabel), createdAt: input.now ?? Date.now() }),
    ),
  );
  return id;
}

export function updateCheckpoint(doc: Y.Doc, id: string, patch: { date?: string; label?: string }): boolean {
  const record = recordOf(checkpointsMap(doc), id);
  if (!record) return false;
  const date = patch.date === undefined ? undefined : patch.date === '' || isoDate.safeParse(patch.date).success ? patch.date : undefined;
  return local(doc, () =>
    patchRecord(record, { date, label: patch.label === undefined ? undefined : clean(patch.label, LIMITS.checkpointLabel) }),
  );
}

export function deleteCheckpoint(doc: Y.Doc, id: string): boolean {
  const map = checkpointsMap(doc);
  if (!map.has(id)) return false;
  local(doc, () => map.delete(id));
  return true;
}
