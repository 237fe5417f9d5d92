/**
 * Objects keyed by ids from a document (record ids, participant ids). A
 * record id may be any name of the id alphabet — `__proto__`, `constructor`,
 * `toString` … — so such an object is never a plain `{}`: on one, `obj[id]`
 * for `toString` answers Object.prototype's function, and `obj[id] = …` for
 * `__proto__` replaces the prototype instead of storing an entry.
 *
 * Readers build them with dict() (a null-prototype object: JSON.stringify,
 * Object.entries and spreads see exactly the same own keys, in the same
 * order, as on a plain object) and look entries up with own(), which answers
 * only own properties, so an object built elsewhere (a test, a JSON.parse)
 * is safe too. Where the shape is internal, prefer a Map.
 */

/** A null-prototype object, optionally filled from entries (later entries win). */
export function dict<T>(entries?: Iterable<readonly [string, T]>): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  if (entries) for (const [key, value] of entries) out[key] = value;
  return out;
}

/** `record[key]` when the record holds that key itself; never an inherited member. */
export function own<T>(record: Readonly<Record<string, T>> | null | undefined, key: string): T | undefined {
  return record != null && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** The record's entries kept by `keep`, as a null-prototype object. */
export function filterDict<T>(record: Readonly<Record<string, T>>, keep: (key: string, value: T) => boolean): Record<string, T> {
  return dict(Object.entries(record).filter(([key, value]) => keep(key, value)));
}
