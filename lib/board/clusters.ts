/**
 * Clusters and moving options between them. An option's place is two fields
 * of its own record — `clusterId` and `order` — written together in one
 * transaction, so an option can never be in two clusters and concurrent moves
 * converge (the last writer of each field wins; nothing is duplicated).
 */
import * as Y from 'yjs';
import { isRecordId, newRecordId } from './ids';
import { keyAfterLast, keyBetween } from './order';
import { clean, local, newRecord, patchRecord, recordOf } from './records';
import { FALLBACK_ORDER, LIMITS, ROOT, TAG_PATTERN, clustersMap, compositeKey, flatMap, optionsMap } from './schema';

type Placed = { id: string; order: string; clusterId: string };

function placedOptions(doc: Y.Doc): Placed[] {
  const clusters = clustersMap(doc);
  const list: Placed[] = [];
  optionsMap(doc).forEach((record, id) => {
    if (!(record instanceof Y.Map)) return;
    // Same defaults as the readers (schema.ts): a record whose order was lost still has a place.
    const stored = record.get('order');
    const order = typeof stored === 'string' ? stored : FALLBACK_ORDER;
    const clusterId = record.get('clusterId');
    // A cluster that no longer exists counts as none.
    const inCluster = typeof clusterId === 'string' && clusters.has(clusterId) ? clusterId : '';
    list.push({ id, order, clusterId: inCluster });
  });
  return list.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : a.id < b.id ? -1 : 1));
}

/** Options of one cluster ('' = unclustered) in order. */
export function optionsInCluster(doc: Y.Doc, clusterId: string): string[] {
  return placedOptions(doc)
    .filter((o) => o.clusterId === clusterId)
    .map((o) => o.id);
}

export type MoveTarget = {
  /** '' for "no cluster" */
  readonly clusterId: string;
  /** place before this option of the target cluster; null or absent = at the end */
  readonly beforeId?: string | null;
};

/**
 * Move an option into a cluster (or out of every cluster), at a position.
 * @example moveOption(doc, optionId, { clusterId: pricingId, beforeId: firstOptionId });
 */
export function moveOption(doc: Y.Doc, optionId: string, target: MoveTarget): boolean {
  const record = recordOf(optionsMap(doc), optionId);
  if (!record) return false;
  if (target.clusterId && !clustersMap(doc).has(target.clusterId)) return false;
  const siblings = placedOptions(doc).filter((o) => o.clusterId === target.clusterId && o.id !== optionId);
  const index = target.beforeId ? siblings.findIndex((o) => o.id === target.beforeId) : -1;
  const before = index >= 0 ? (siblings[index - 1] ?? null) : (siblings.at(-1) ?? null);
  const after = index >= 0 ? siblings[index]! : null;
  const order = keyBetween(before?.order ?? null, after?.order ?? null);
  return local(doc, () => patchRecord(record, { clusterId: target.clusterId, order }));
}

/**
 * Create a cluster, optionally moving options into it (a drop on "new cluster").
 * @example const id = createCluster(doc, { name: 'Pricing', optionIds: [draggedId] });
 */
export function createCluster(
  doc: Y.Doc,
  input: { name: string; optionIds?: readonly string[]; id?: string; now?: number },
): string {
  const id = input.id && isRecordId(input.id) ? input.id : newRecordId();
  const clusters = clustersMap(doc);
  const existing = [...clusters.entries()].flatMap(([cid, c]) =>
    c instanceof Y.Map && typeof c.get('order') === 'string' ? [{ id: cid, order: c.get('order') as string }] : [],
  );
  local(doc, () => {
    clusters.set(
      id,
      newRecord({
        name: clean(input.name, LIMITS.clusterName) || 'New cluster',
        order: keyAfterLast(existing),
        createdAt: input.now ?? Date.now(),
      }),
    );
    for (const optionId of input.optionIds ?? []) moveOption(doc, optionId, { clusterId: id });
  });
  return id;
}

export function renameCluster(doc: Y.Doc, id: string, name: string): boolean {
  const record = recordOf(clustersMap(doc), id);
  const cleaned = clean(name, LIMITS.clusterName);
  if (!record || !cleaned) return false;
  return local(doc, () => patchRecord(record, { name: cleaned }));
}

/** Move every option of `sourceId` to the end of `targetId`, in order, then delete the source. */
export function mergeClusters(doc: Y.Doc, sourceId: string, targetId: string): boolean {
  const clusters = clustersMap(doc);
  if (sourceId === targetId || !clusters.has(sourceId) || !clusters.has(targetId)) return false;
  local(doc, () => {
    for (const optionId of optionsInCluster(doc, sourceId)) moveOption(doc, optionId, { clusterId: targetId });
    clusters.delete(sourceId);
  });
  return true;
}

/** Dissolve a cluster: its options become unclustered (kept in their order, after the others). */
export function ungroupCluster(doc: Y.Doc, id: string): boolean {
  const clusters = clustersMap(doc);
  if (!clusters.has(id)) return false;
  local(doc, () => {
    for (const optionId of optionsInCluster(doc, id)) moveOption(doc, optionId, { clusterId: '' });
    clusters.delete(id);
  });
  return true;
}

/**
 * Merge a duplicate option into another: the kept option gains the duplicate's
 * tags and served interests, and its description when it has none; the
 * duplicate is deleted.
 */
export function mergeDuplicateOptions(doc: Y.Doc, keepId: string, duplicateId: string): boolean {
  const options = optionsMap(doc);
  const keep = recordOf(options, keepId);
  const duplicate = recordOf(options, duplicateId);
  if (!keep || !duplicate || keepId === duplicateId) return false;
  local(doc, () => {
    for (const root of [ROOT.optionTags, ROOT.optionInterests] as const) {
      const map = flatMap(doc, root);
      for (const key of [...map.keys()]) {
        const [optionId, other] = key.split('/');
        if (optionId !== duplicateId || !other) continue;
        map.set(compositeKey(keepId, other), true);
        map.delete(key);
      }
    }
    const description = duplicate.get('description');
    if (!keep.get('description') && typeof description === 'string' && description) keep.set('description', description);
    options.delete(duplicateId);
  });
  return true;
}

/** Normalise a tag: trimmed, lower-case; null when it is not a valid tag. */
export function normaliseTag(tag: string): string | null {
  const cleaned = tag.trim().toLowerCase().replace(/\s+/g, ' ').slice(0, LIMITS.tag);
  return TAG_PATTERN.test(cleaned) ? cleaned : null;
}

/** @example setOptionTag(doc, optionId, 'timing', true); */
export function setOptionTag(doc: Y.Doc, optionId: string, tag: string, on: boolean): boolean {
  const normalised = normaliseTag(tag);
  if (!normalised || !optionsMap(doc).has(optionId)) return false;
  const tags = flatMap(doc, ROOT.optionTags);
  const key = compositeKey(optionId, normalised);
  if (tags.has(key) === on) return false;
  local(doc, () => (on ? tags.set(key, true) : tags.delete(key)));
  return true;
}
