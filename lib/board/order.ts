/**
 * Fractional ordering: records carry an `order` string and are sorted by
 * (order, id). Moving a record rewrites its key; nothing is deleted and
 * re-inserted, which would duplicate under concurrency (yjs#673).
 */
import { generateKeyBetween } from 'fractional-indexing';

type Ordered = { readonly id: string; readonly order: string };

export function compareByOrder(a: Ordered, b: Ordered): number {
  if (a.order !== b.order) return a.order < b.order ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * A key strictly between two neighbours (either may be null for an end).
 * Keys in a shared document may be malformed or equal after concurrent
 * inserts; then we fall back to a key after `before`, which is always valid.
 */
export function keyBetween(before: string | null, after: string | null): string {
  // fractional-indexing 4 does not always throw on neighbours out of order (it
  // can swap them), so the order is checked here rather than trusted to it.
  const inOrder = before === null || after === null || before < after;
  try {
    if (inOrder) return generateKeyBetween(before, after);
    return generateKeyBetween(before, null);
  } catch {
    try {
      return generateKeyBetween(before, null);
    } catch {
      return generateKeyBetween(null, null);
    }
  }
}

/** A key after every key in the list. */
export function keyAfterLast(items: readonly Ordered[]): string {
  let last: string | null = null;
  for (const item of items) if (last === null || item.order > last) last = item.order;
  return keyBetween(last, null);
}
