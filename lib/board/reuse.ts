/**
 * Structural sharing: keep the previous object wherever the new one is equal,
 * so React components holding it see "no change" and skip rendering.
 */
export function deepEqualPlain(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((value, i) => deepEqualPlain(value, other[i]));
  }
  const keysA = Object.keys(a);
  const recordB = b as Record<string, unknown>;
  return (
    keysA.length === Object.keys(recordB).length &&
    keysA.every((key) => Object.hasOwn(recordB, key) && deepEqualPlain((a as Record<string, unknown>)[key], recordB[key]))
  );
}

/** `next`, with every element equal to one in `previous` replaced by the previous object. */
export function reuseList<T extends { readonly id: string }>(previous: readonly T[], next: readonly T[]): readonly T[] {
  const byId = new Map(previous.map((item) => [item.id, item]));
  let same = previous.length === next.length;
  const merged = next.map((item, index) => {
    const old = byId.get(item.id);
    const kept = old !== undefined && deepEqualPlain(old, item) ? old : item;
    if (kept !== previous[index]) same = false;
    return kept;
  });
  return same ? previous : merged;
}

/**
 * Like reuseList, for maps keyed by id. The previous map itself is kept only
 * when it has the same keys in the same order (readers iterate maps in order).
 */
export function reuseMap<T>(previous: ReadonlyMap<string, T>, next: ReadonlyMap<string, T>): ReadonlyMap<string, T> {
  let same = previous.size === next.size;
  const previousKeys = previous.keys();
  const merged = new Map<string, T>();
  for (const [key, value] of next) {
    const old = previous.get(key);
    const kept = old !== undefined && deepEqualPlain(old, value) ? old : value;
    const previousKey = previousKeys.next().value;
    if (kept !== old || previousKey !== key) same = false;
    merged.set(key, kept);
  }
  return same ? previous : merged;
}

/** The previous value when deep-equal, else the next one. */
export function reuseValue<T>(previous: T, next: T): T {
  return deepEqualPlain(previous, next) ? previous : next;
}
