/**
 * Deciding: the shortlist (with stages and an order inside it) and the
 * tradeoff ledger — which party concedes what, what it unlocks, which options
 * it belongs to, and each other party's confirmation or question.
 */
import * as Y from 'yjs';
import { isPartyId, isRecordId, newRecordId } from './ids';
import { keyAfterLast, keyBetween } from './order';
import { clean, local, newRecord, patchRecord, recordOf } from './records';
import {
  BENEFITS,
  LIMITS,
  ROOT,
  compositeKey,
  flatMap,
  optionsMap,
  tradeoffsMap,
  type Benefit,
} from './schema';

type Shortlisted = { id: string; order: string; stage: number };

function shortlisted(doc: Y.Doc): Shortlisted[] {
  const list: Shortlisted[] = [];
  optionsMap(doc).forEach((record, id) => {
    if (!(record instanceof Y.Map) || record.get('shortlisted') !== true) return;
    const order = record.get('shortlistOrder');
    const stage = record.get('stage');
    list.push({ id, order: typeof order === 'string' && order ? order : 'zz', stage: typeof stage === 'number' ? stage : 0 });
  });
  return list.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : a.id < b.id ? -1 : 1));
}

/**
 * Star or unstar an option; a newly starred option goes to the end of the shortlist.
 * @example setShortlisted(doc, optionId, true);
 */
export function setShortlisted(doc: Y.Doc, optionId: string, on: boolean, now: number = Date.now()): boolean {
  const record = recordOf(optionsMap(doc), optionId);
  if (!record) return false;
  if ((record.get('shortlisted') === true) === on) return false;
  return local(doc, () =>
    patchRecord(
      record,
      on
        ? { shortlisted: true, shortlistedAt: now, shortlistOrder: keyAfterLast(shortlisted(doc).filter((s) => s.order !== 'zz')) }
        : { shortlisted: false },
    ),
  );
}

/** Put a shortlisted option in a stage (1 = first; 0 = not staged). */
export function setStage(doc: Y.Doc, optionId: string, stage: number): boolean {
  const record = recordOf(optionsMap(doc), optionId);
  if (!record || !Number.isInteger(stage) || stage < 0 || stage > 20) return false;
  return local(doc, () => patchRecord(record, { stage }));
}

/** Reorder inside the shortlist: place before another shortlisted option, or at the end. */
export function moveInShortlist(doc: Y.Doc, optionId: string, beforeId: string | null): boolean {
  const record = recordOf(optionsMap(doc), optionId);
  if (!record || record.get('shortlisted') !== true) return false;
  const others = shortlisted(doc).filter((s) => s.id !== optionId && s.order !== 'zz');
  const index = beforeId ? others.findIndex((s) => s.id === beforeId) : -1;
  const before = index >= 0 ? (others[index - 1] ?? null) : (others.at(-1) ?? null);
  const after = index >= 0 ? others[index]! : null;
  return local(doc, () => patchRecord(record, { shortlistOrder: keyBetween(before?.order ?? null, after?.order ?? null) }));
}

/**
 * Apply a whole suggested sequence at once (e.g. from the scores): stages and order.
 * @example applyShortlistSequence(doc, [{ optionId: a, stage: 1 }, { optionId: b, stage: 2 }]);
 */
export function applyShortlistSequence(doc: Y.Doc, sequence: readonly { optionId: string; stage: number }[]): void {
  local(doc, () => {
    let previous: string | null = null;
    for (const { optionId, stage } of sequence) {
      const record = recordOf(optionsMap(doc), optionId);
      if (!record || record.get('shortlisted') !== true) continue;
      previous = keyBetween(previous, null);
      patchRecord(record, { stage, shortlistOrder: previous });
    }
  });
}

export type NewTradeoffInput = {
  readonly partyId: string;
  readonly concedes: string;
  readonly unlocks: string;
  readonly benefit?: Benefit;
  readonly optionIds?: readonly string[];
  readonly id?: string;
  readonly now?: number;
};

/**
 * Record a tradeoff: "Party X concedes … → unlocks …".
 * @example addTradeoff(doc, { partyId: 'p2', concedes: 'a 3% price rise', unlocks: 'a two-year volume commitment', benefit: 'risk', optionIds: [id] });
 */
export function addTradeoff(doc: Y.Doc, input: NewTradeoffInput): string | null {
  const concedes = clean(input.concedes, LIMITS.tradeoffText);
  if (!concedes || !isPartyId(input.partyId)) return null;
  const id = input.id && isRecordId(input.id) ? input.id : newRecordId();
  const map = tradeoffsMap(doc);
  const existing = [...map.entries()].flatMap(([tid, t]) =>
    t instanceof Y.Map && typeof t.get('order') === 'string' ? [{ id: tid, order: t.get('order') as string }] : [],
  );
  local(doc, () => {
    map.set(
      id,
      newRecord({
        partyId: input.partyId,
        concedes,
        unlocks: clean(input.unlocks, LIMITS.tradeoffText),
        benefit: input.benefit && BENEFITS.includes(input.benefit) ? input.benefit : 'other',
        order: keyAfterLast(existing),
        createdAt: input.now ?? Date.now(),
      }),
    );
    for (const optionId of input.optionIds ?? []) linkTradeoffOption(doc, id, optionId, true);
  });
  return id;
}

export function updateTradeoff(
  doc: Y.Doc,
  id: string,
  patch: { concedes?: string; unlocks?: string; benefit?: Benefit; partyId?: string },
): boolean {
  const record = recordOf(tradeoffsMap(doc), id);
  if (!record) return false;
  return local(doc, () =>
    patchRecord(record, {
      concedes: patch.concedes === undefined ? undefined : clean(patch.concedes, LIMITS.tradeoffText) || undefined,
      unlocks: patch.unlocks === undefined ? undefined : clean(patch.unlocks, LIMITS.tradeoffText),
      benefit: patch.benefit && BENEFITS.includes(patch.benefit) ? patch.benefit : undefined,
      partyId: patch.partyId && isPartyId(patch.partyId) ? patch.partyId : undefined,
    }),
  );
}

/** Delete a tradeoff with its option links and responses. */
export function deleteTradeoff(doc: Y.Doc, id: string): boolean {
  const map = tradeoffsMap(doc);
  if (!map.has(id)) return false;
  local(doc, () => {
    map.delete(id);
    for (const root of [ROOT.tradeoffOptions, ROOT.tradeoffResponses] as const) {
      const pairs = flatMap(doc, root);
      for (const key of [...pairs.keys()]) if (key.startsWith(`${id}/`)) pairs.delete(key);
    }
  });
  return true;
}

export function linkTradeoffOption(doc: Y.Doc, tradeoffId: string, optionId: string, on: boolean): boolean {
  if (!isRecordId(tradeoffId) || !isRecordId(optionId)) return false;
  const map = flatMap(doc, ROOT.tradeoffOptions);
  const key = compositeKey(tradeoffId, optionId);
  if (map.has(key) === on) return false;
  local(doc, () => (on ? map.set(key, true) : map.delete(key)));
  return true;
}

/**
 * A party confirms or questions a tradeoff (null withdraws its response).
 * @example respondToTradeoff(doc, tradeoffId, 'p1', { status: 'confirmed' });
 */
export function respondToTradeoff(
  doc: Y.Doc,
  tradeoffId: string,
  partyId: string,
  response: { status: 'confirmed' | 'questioned'; note?: string } | null,
  now: number = Date.now(),
): boolean {
  if (!tradeoffsMap(doc).has(tradeoffId) || !isPartyId(partyId)) return false;
  const map = flatMap(doc, ROOT.tradeoffResponses);
  const key = compositeKey(tradeoffId, partyId);
  local(doc, () =>
    response === null
      ? map.delete(key)
      : map.set(key, { status: response.status, note: clean(response.note ?? '', LIMITS.tradeoffText), at: now }),
  );
  return true;
}
