/**
 * The only module that reads Yjs internals (fields Yjs does not document).
 * Each use says why the public API is not enough. `internals.test.ts` is
 * pinned to the installed Yjs version and checks every shape read here, so a
 * Yjs release that moves one fails that test, loudly, instead of silently
 * changing what the server keeps or the browser shows.
 */
import * as Y from 'yjs';

/** The Yjs release these readings were checked against (internals.test.ts). */
export const CHECKED_YJS_VERSION = '13.6.33';

/**
 * What a doc holds back because its dependencies have not arrived.
 * Public API: none. The server needs it to refuse an update that would sit
 * pending without bound, to tell whether an update half-applied (the pending
 * sets changed), and to fall back to Y.mergeUpdates when compacting a log
 * whose structs cannot all be integrated (a doc would drop them).
 */
export type PendingState = { readonly structs: unknown; readonly deletes: unknown };

export function pendingState(doc: Y.Doc): PendingState {
  return { structs: doc.store.pendingStructs, deletes: doc.store.pendingDs };
}

/** Whether two readings of `pendingState` differ (an apply touched what is held back). */
export function pendingChanged(before: PendingState, doc: Y.Doc): boolean {
  return doc.store.pendingStructs !== before.structs || doc.store.pendingDs !== before.deletes;
}

export function hasPending(doc: Y.Doc): boolean {
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}

/** Bytes of updates a doc holds back for missing dependencies. */
export function pendingBytes(doc: Y.Doc): number {
  const { pendingStructs, pendingDs } = doc.store;
  return (pendingStructs?.update.byteLength ?? 0) + (pendingDs?.byteLength ?? 0);
}

/** Forget what a doc holds back (it was never stored or shown: MAX_PENDING_BYTES). */
export function dropPending(doc: Y.Doc): void {
  doc.store.pendingStructs = null;
  doc.store.pendingDs = null;
}

/**
 * Every key a Y.Map holds or held, in the map's key order, with whether its
 * value is deleted. Public API: `forEach`/`entries` skip deleted keys, but a
 * deleted key keeps its place in the order (the published ratings' mirror in
 * lib/board/store-ratings.ts needs every place).
 */
export function* mapKeysWithDeleted(map: Y.Map<unknown>): Generator<readonly [key: string, deleted: boolean]> {
  for (const [key, item] of map._map) yield [key, item.deleted] as const;
}

/** An item's place in the document: its client, first clock and length. */
export type ItemSpan = { readonly client: number; readonly clock: number; readonly length: number };

/**
 * Every item under a type, nested types' items included, deleted ones too
 * (a new map value names its key's last item as its origin; a typed
 * character, the one before it). Public API: none; the write policy indexes
 * them to tell which incoming structs land under which root.
 */
export function* itemSpansUnder(type: Y.Map<unknown> | Y.AbstractType<unknown>): Generator<ItemSpan> {
  const items: Y.Item[] = [];
  if (type instanceof Y.Map) items.push(...type._map.values());
  for (let item = type._start; item !== null; item = item.right) items.push(item);
  for (const item of items) {
    yield { client: item.id.client, clock: item.id.clock, length: item.length };
    if (item.content instanceof Y.ContentType) yield* itemSpansUnder(item.content.type as Y.AbstractType<unknown>);
  }
}

/**
 * What a doc holds back for missing dependencies, as updates in Yjs's V2
 * encoding (how Yjs keeps them: apply with Y.applyUpdateV2). The write
 * policy simulates an update on a copy that includes them, since the update
 * may release them.
 */
export function pendingUpdatesV2(doc: Y.Doc): Uint8Array[] {
  const parts: Uint8Array[] = [];
  if (doc.store.pendingStructs) parts.push(doc.store.pendingStructs.update);
  if (doc.store.pendingDs) parts.push(doc.store.pendingDs);
  return parts;
}
