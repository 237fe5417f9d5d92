/**
 * The limits an incoming update must pass before anything else looks at it:
 * the room's size cap (MAX_DOCUMENT_BYTES; deleting, with no new structs,
 * always may, so a full board can be trimmed) and the unstored backlog
 * (while the database is slow or away, accepted updates wait unbroadcast;
 * past MAX_UNSTORED_BYTES the writer is told to come back later — it keeps
 * the update and resends it when it reconnects).
 */
import type { Config } from '../../config';
import type { Logger } from '../../log';

export function admissionLimit(
  room: { readonly name: string; readonly sizeBytes: number },
  update: Uint8Array,
  newStructs: number,
  unstoredBytes: number,
  deps: { readonly config: Config; readonly log: Logger },
): 'document-full' | 'unavailable' | null {
  const { maxDocumentBytes } = deps.config.limits;
  if (newStructs > 0 && room.sizeBytes + update.byteLength > maxDocumentBytes) {
    deps.log.warn(
      { room: room.name, bytes: room.sizeBytes, update: update.byteLength, limit: maxDocumentBytes },
      'update refused: the document would pass MAX_DOCUMENT_BYTES',
    );
    return 'document-full';
  }
  if (unstoredBytes > 0 && unstoredBytes + update.byteLength > deps.config.maxUnstoredBytes) return 'unavailable';
  return null;
}
