/**
 * Numbered, append-only migrations. Never edit a shipped step: add one.
 * The server runs `migrateDoc` when it loads a room, before any client syncs,
 * and stores the result like any other update. A client whose SCHEMA_VERSION
 * is lower than the document's goes read-only and asks to reload.
 *
 * Version 1 is the baseline: there is nothing to migrate from yet. The first
 * real step will be `{ version: 2, name: '…', kinds: [...], up(doc) {…} }`.
 */
import type * as Y from 'yjs';
import { MIGRATION_ORIGIN } from './origins';
import type { RoomKind } from './rooms';
import { META_KEYS, SCHEMA_VERSION, metaMap, readSchemaVersion } from './schema';

export type Migration = {
  /** the schema version this step produces */
  readonly version: number;
  readonly name: string;
  /** which kinds of room the step touches; others only get the version bump */
  readonly kinds: readonly RoomKind[];
  readonly up: (doc: Y.Doc) => void;
};

export const MIGRATIONS: readonly Migration[] = [];

export type MigrationResult =
  | { readonly status: 'current' | 'migrated' | 'initialized'; readonly from: number | null; readonly to: number }
  | { readonly status: 'newer'; readonly from: number; readonly to: number };

/**
 * Bring a loaded document to SCHEMA_VERSION in one transaction.
 * An empty document is stamped with the current version. A document newer
 * than this code is left untouched ('newer'): the caller must not write to it.
 */
export function migrateDoc(
  doc: Y.Doc,
  kind: RoomKind,
  migrations: readonly Migration[] = MIGRATIONS,
  target: number = SCHEMA_VERSION,
): MigrationResult {
  const from = readSchemaVersion(doc);
  if (from !== null && from > target) return { status: 'newer', from, to: target };
  if (from === target) return { status: 'current', from, to: target };
  doc.transact(() => {
    if (from !== null) {
      for (const step of migrations) {
        if (step.version > from && step.version <= target && step.kinds.includes(kind)) step.up(doc);
      }
    }
    metaMap(doc).set(META_KEYS.schemaVersion, target);
  }, MIGRATION_ORIGIN);
  return { status: from === null ? 'initialized' : 'migrated', from, to: target };
}
