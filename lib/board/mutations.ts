/**
 * Mutations: plain functions `(doc, input)` that run exactly one transaction
 * with LOCAL_ORIGIN (so the undo manager tracks them). They validate and
 * clamp their input; they never throw on a document someone else made odd.
 */
import * as Y from 'yjs';
import { newRecordId, isRecordId } from './ids';
import { keyAfterLast } from './order';
import { LOCAL_ORIGIN } from './origins';
import { LIMITS, META_KEYS, ROOT, flatMap, metaMap, optionsMap, partiesMap } from './schema';

export type NewOptionInput = {
  readonly title: string;
  readonly description?: string;
  /** for tests and imports; a fresh id otherwise */
  readonly id?: string;
  readonly now?: number;
};

export type OptionPatch = { readonly title?: string; readonly description?: string };

const clean = (text: string, max: number): string => text.trim().slice(0, max);

function existingOrders(doc: Y.Doc): { id: string; order: string }[] {
  const orders: { id: string; order: string }[] = [];
  optionsMap(doc).forEach((record, id) => {
    const order = record instanceof Y.Map ? record.get('order') : undefined;
    if (typeof order === 'string') orders.push({ id, order });
  });
  return orders;
}

/**
 * Add an option at the end of the board.
 * @example const id = addOption(doc, { title: 'Phase the price rise over two years' });
 * @returns the new option's id, or null when the title is empty.
 */
export function addOption(doc: Y.Doc, input: NewOptionInput): string | null {
  const title = clean(input.title, LIMITS.optionTitle);
  if (!title) return null;
  const id = input.id && isRecordId(input.id) ? input.id : newRecordId();
  doc.transact(() => {
    const record = new Y.Map<unknown>();
    record.set('title', title);
    record.set('description', clean(input.description ?? '', LIMITS.optionDescription));
    record.set('order', keyAfterLast(existingOrders(doc)));
    record.set('createdAt', input.now ?? Date.now());
    optionsMap(doc).set(id, record);
  }, LOCAL_ORIGIN);
  return id;
}

/**
 * Change an option's fields. Only the fields given are written, so a
 * concurrent edit of another field survives. An empty title is ignored.
 * @example updateOption(doc, id, { description: 'Two equal steps, January and July' });
 */
export function updateOption(doc: Y.Doc, id: string, patch: OptionPatch): boolean {
  const record = optionsMap(doc).get(id);
  if (!(record instanceof Y.Map)) return false;
  const title = patch.title === undefined ? undefined : clean(patch.title, LIMITS.optionTitle);
  const description =
    patch.description === undefined ? undefined : clean(patch.description, LIMITS.optionDescription);
  let changed = false;
  doc.transact(() => {
    if (title && record.get('title') !== title) {
      record.set('title', title);
      changed = true;
    }
    if (description !== undefined && record.get('description') !== description) {
      record.set('description', description);
      changed = true;
    }
  }, LOCAL_ORIGIN);
  return changed;
}

/**
 * Delete an option. Undo brings it back (the undo manager restores the map).
 * @example deleteOption(doc, id);
 */
export function deleteOption(doc: Y.Doc, id: string): boolean {
  const options = optionsMap(doc);
  if (!options.has(id)) return false;
  doc.transact(() => {
    options.delete(id);
    // Its tags and "serves" pairs go with it (and come back with an undo).
    for (const root of [ROOT.optionTags, ROOT.optionInterests] as const) {
      const pairs = flatMap(doc, root);
      for (const key of [...pairs.keys()]) if (key.startsWith(`${id}/`)) pairs.delete(key);
    }
  }, LOCAL_ORIGIN);
  return true;
}

/** @example setQuestion(doc, 'How might we keep prices stable and the plant busy?'); */
export function setQuestion(doc: Y.Doc, text: string): boolean {
  return setMetaText(doc, META_KEYS.question, clean(text, LIMITS.question), true);
}

/** @example setTitle(doc, 'Supply contract 2027'); */
export function setTitle(doc: Y.Doc, text: string): boolean {
  return setMetaText(doc, META_KEYS.title, clean(text, LIMITS.title), false);
}

/** @example renameParty(doc, 'p1', 'Buyer'); */
export function renameParty(doc: Y.Doc, partyId: string, name: string): boolean {
  const record = partiesMap(doc).get(partyId);
  const cleaned = clean(name, LIMITS.partyName);
  if (!(record instanceof Y.Map) || !cleaned || record.get('name') === cleaned) return false;
  doc.transact(() => record.set('name', cleaned), LOCAL_ORIGIN);
  return true;
}

function setMetaText(doc: Y.Doc, key: string, value: string, allowEmpty: boolean): boolean {
  const meta = metaMap(doc);
  if ((!value && !allowEmpty) || meta.get(key) === value) return false;
  doc.transact(() => meta.set(key, value), LOCAL_ORIGIN);
  return true;
}
