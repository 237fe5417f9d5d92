/**
 * Small helpers shared by the mutation modules: one local transaction,
 * creating a record map, reading a record's field.
 */
import * as Y from 'yjs';
import { LOCAL_ORIGIN } from './origins';
import type { RecordMap } from './schema';

/** Run `fn` as one transaction tagged LOCAL_ORIGIN (tracked by undo). */
export function local<T>(doc: Y.Doc, fn: () => T): T {
  let result!: T;
  doc.transact(() => {
    result = fn();
  }, LOCAL_ORIGIN);
  return result;
}

/** A new record map with its fields set (call inside a transaction). */
export function newRecord(fields: Record<string, unknown>): RecordMap {
  const record = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(fields)) record.set(key, value);
  return record;
}

export function recordOf(map: Y.Map<RecordMap>, id: string): RecordMap | null {
  const record = map.get(id);
  return record instanceof Y.Map ? record : null;
}

export function stringField(record: RecordMap | null, key: string): string | null {
  const value = record?.get(key);
  return typeof value === 'string' ? value : null;
}

export const clean = (text: string, max: number): string => text.trim().slice(0, max);

/** Set only the fields that differ; returns whether anything changed (call inside a transaction). */
export function patchRecord(record: RecordMap, patch: Record<string, unknown>): boolean {
  let changed = false;
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined || record.get(key) === value) continue;
    record.set(key, value);
    changed = true;
  }
  return changed;
}
