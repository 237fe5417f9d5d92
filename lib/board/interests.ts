/**
 * Interests: what each side needs, fears, must respect or cares most about.
 * A private interest lives in its party's lane document; a shared one in the
 * joint board. Links between two parties' interests ("shared" = common
 * ground, "tension" = flagged conflict) use a deterministic key, so two people
 * linking the same pair make one link.
 */
import type * as Y from 'yjs';
import { isRecordId, newRecordId } from './ids';
import { keyAfterLast } from './order';
import { clean, local, newRecord, patchRecord, recordOf } from './records';
import {
  INTEREST_KINDS,
  LIMITS,
  ROOT,
  compositeKey,
  flatMap,
  interestsMap,
  type InterestKind,
  type LinkRelation,
} from './schema';

export type NewInterestInput = {
  readonly partyId: string;
  readonly text: string;
  readonly kind?: InterestKind;
  readonly importance?: number;
  readonly id?: string;
  readonly now?: number;
};

export type InterestPatch = { readonly text?: string; readonly kind?: InterestKind; readonly importance?: number };

const importanceOf = (value: number | undefined) =>
  value === undefined ? undefined : Math.min(3, Math.max(1, Math.round(value)));

function orders(doc: Y.Doc): { id: string; order: string }[] {
  const list: { id: string; order: string }[] = [];
  interestsMap(doc).forEach((record, id) => {
    const order = record.get('order');
    if (typeof order === 'string') list.push({ id, order });
  });
  return list;
}

/**
 * Add an interest to a document: the joint board (shared) or the party's lane (private).
 * @example addInterest(laneDoc, { partyId: 'p1', text: 'Predictable costs for 2027', kind: 'need' });
 */
export function addInterest(doc: Y.Doc, input: NewInterestInput): string | null {
  const text = clean(input.text, LIMITS.interestText);
  if (!text) return null;
  const id = input.id && isRecordId(input.id) ? input.id : newRecordId();
  const kind = input.kind && INTEREST_KINDS.includes(input.kind) ? input.kind : 'need';
  return local(doc, () => {
    interestsMap(doc).set(
      id,
      newRecord({
        partyId: input.partyId,
        text,
        kind,
        importance: importanceOf(input.importance) ?? 2,
        order: keyAfterLast(orders(doc)),
        createdAt: input.now ?? Date.now(),
      }),
    );
    return id;
  });
}

/** @example updateInterest(doc, id, { importance: 3 }); */
export function updateInterest(doc: Y.Doc, id: string, patch: InterestPatch): boolean {
  const record = recordOf(interestsMap(doc), id);
  if (!record) return false;
  const text = patch.text === undefined ? undefined : clean(patch.text, LIMITS.interestText) || undefined;
  const kind = patch.kind && INTEREST_KINDS.includes(patch.kind) ? patch.kind : undefined;
  return local(doc, () => patchRecord(record, { text, kind, importance: importanceOf(patch.importance) }));
}

/** Delete an interest and every link and "serves" pair that names it. */
export function deleteInterest(doc: Y.Doc, id: string): boolean {
  const map = interestsMap(doc);
  if (!map.has(id)) return false;
  local(doc, () => {
    map.delete(id);
    removePairsNaming(flatMap(doc, ROOT.interestLinks), id);
    removePairsNaming(flatMap(doc, ROOT.optionInterests), id);
  });
  return true;
}

function removePairsNaming(map: Y.Map<unknown>, id: string): void {
  for (const key of [...map.keys()]) if (key.split('/').includes(id)) map.delete(key);
}

/**
 * Share a private interest with the board: copy it (same id) into the joint
 * document, then delete it from the lane. Two documents cannot change in one
 * transaction; if the second step is lost, readers list the id once, as
 * shared (readInterests skips a lane copy whose id is on the joint board).
 */
export function shareInterest(laneDoc: Y.Doc, jointDoc: Y.Doc, id: string): boolean {
  const record = recordOf(interestsMap(laneDoc), id);
  if (!record) return false;
  const fields = record.toJSON() as Record<string, unknown>;
  local(jointDoc, () => interestsMap(jointDoc).set(id, newRecord({ ...fields, order: keyAfterLast(orders(jointDoc)) })));
  local(laneDoc, () => interestsMap(laneDoc).delete(id));
  return true;
}

export function linkKey(a: string, b: string): string {
  return a < b ? compositeKey(a, b) : compositeKey(b, a);
}

/**
 * Link two interests (of different parties) as shared or in tension; linking
 * an already linked pair changes its relation.
 * @example linkInterests(doc, buyerNeedId, supplierNeedId, 'shared');
 */
export function linkInterests(doc: Y.Doc, a: string, b: string, relation: LinkRelation): boolean {
  if (a === b || !isRecordId(a) || !isRecordId(b)) return false;
  const links = flatMap(doc, ROOT.interestLinks);
  const key = linkKey(a, b);
  if (links.get(key) === relation) return false;
  local(doc, () => links.set(key, relation));
  return true;
}

export function unlinkInterests(doc: Y.Doc, a: string, b: string): boolean {
  const links = flatMap(doc, ROOT.interestLinks);
  const key = linkKey(a, b);
  if (!links.has(key)) return false;
  local(doc, () => links.delete(key));
  return true;
}

/**
 * Mark that an option serves (or no longer serves) an interest.
 * @example setOptionServes(doc, optionId, interestId, true);
 */
export function setOptionServes(doc: Y.Doc, optionId: string, interestId: string, serves: boolean): boolean {
  if (!isRecordId(optionId) || !isRecordId(interestId)) return false;
  const map = flatMap(doc, ROOT.optionInterests);
  const key = compositeKey(optionId, interestId);
  if (map.has(key) === serves) return false;
  local(doc, () => (serves ? map.set(key, true) : map.delete(key)));
  return true;
}
