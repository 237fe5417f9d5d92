/** Merging a room's stored updates into one snapshot (every driver's compaction, and the migration tool). */
import * as Y from 'yjs';
import { hasPending } from '@/lib/yjs/internals';

/**
 * Merge stored updates into one. Loading them into a doc and re-encoding
 * garbage-collects deleted content; but a doc drops structs whose
 * dependencies never arrived (pending), so then we fall back to
 * Y.mergeUpdates, which keeps everything.
 */
export function mergeForSnapshot(parts: readonly Uint8Array[]): Uint8Array {
  const doc = new Y.Doc();
  try {
    doc.transact(() => {
      for (const part of parts) Y.applyUpdate(doc, part);
    });
    if (hasPending(doc)) return Y.mergeUpdates([...parts]);
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
