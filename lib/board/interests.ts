/**
 * Interests: what each side needs, fears, must respect or cares most about.
 * A private interest lives in its party's lane document; a shared one in the
 * joint board. Links between two parties' interests ("shared" = common
 * ground, "tension" = flagged conflict) use a deterministic key, so two people
 * linking the same pair make one link.
 *
 * Order: a party sees one list, its shared and its private interests
 * together, sorted by (order, id). A new interest ends that list, whichever
 * document it goes to; sharing one keeps it where it was (it keeps its key).
 */
import type * as Y from 'yjs';
import { isRecordId, newRecordId } from './ids';
import { keyAfterLast, keyBetween } from './order';
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

/**
 * The two documents of a party's interest list: the joint board (shared
 * interests) and, for a party member, the party's lane (private ones).
 */
export type InterestDocs = { readonly joint: Y.Doc; readonly lane?: Y.Doc | undefined };

/**
 * A private key longer than this goes after everything instead (see
 * `newOrder`); well under the 128 characters readers accept. Appending in
 * one gap grows keys by a character every five or so, so this is reached
 * only after some 300 private interests with no shared one in between.
 */
const MAX_GAP_KEY_LENGTH = 64;

function orders(doc: Y.Doc): { id: string; order: string }[] {
  const list: { id: string; order: string }[] = [];
  interestsMap(doc).forEach((record, id) => {
    const order = record.get('order');
    if (typeof order === 'string') list.push({ id, order });
  });
  return list;
}

function lastOrder(items: readonly { order: string }[]): string | null {
  let last: string | null = null;
  for (const item of items) if (last === null || item.order > last) last = item.order;
  return last;
}

/**
 * The key of a new interest in `doc`: after every interest of the party's
 * list (`docs`). A private one takes a key in the gap before the key the
 * next shared interest will take (the one after the joint board's last), so
 * a shared interest's key, which every party reads, is the same whether or
 * not its party keeps private interests: keys tell nobody how many there are.
 * Without `docs` (or for another document) the order follows `doc` alone.
 */
function newOrder(doc: Y.Doc, { joint, lane }: InterestDocs): string {
  if (doc !== joint && doc !== lane) return keyAfterLast(orders(doc));
  const last = lastOrder(lane ? [...orders(joint), ...orders(lane)] : orders(joint));
  if (doc === lane) {
    const nextShared = keyAfterLast(orders(joint));
    // (Checked here: fractional-indexing swaps neighbours given out of order.)
    const inGap = last === null || last < nextShared ? keyBetween(last, nextShared) : null;
    if (inGap !== null && inGap.length <= MAX_GAP_KEY_LENGTH) return inGap;
  }
  return keyBetween(last, null);
}

/**
 * Add an interest to a document: the joint board (shared) or the party's lane
 * (private). `docs` names the party's list, so the interest goes at its end.
 * @example addInterest(laneDoc, { partyId: 'p1', text: 'Predictable costs for 2027', kind: 'need' }, { joint, lane: laneDoc });
 */
export function addInterest(doc: Y.Doc, input: NewInterestInput, docs: InterestDocs = { joint: doc }): string | null {
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
        order: newOrder(doc, docs),
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
 * Share a private interest with the board: copy it (same id, same order key,
 * so it stays where it was in the party's list) into the joint document, then
 * delete it from the lane. (The key may hint how many private interests were
 * added just before it, between the same two shared ones; nothing more.)
 * Two documents cannot change in one transaction; if the second step is
 * lost, readers list the id once, as shared (readInterests skips a lane copy
 * whose id is on the joint board).
 */
export function shareInterest(laneDoc: Y.Doc, jointDoc: Y.Doc, id: string): boolean {
  const record = recordOf(interestsMap(laneDoc), id);
  if (!record) return false;
  const fields = record.toJSON() as Record<string, unknown>;
  local(jointDoc, () => interestsMap(jointDoc).set(id, newRecord(fields)));
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
