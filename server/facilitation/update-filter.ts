/**
 * Whether an update may change which keys a root map holds, judged from the
 * update alone (rooms keep their document encoded, so there are no Yjs
 * observers to ask). It may say yes when the answer is no — the publisher
 * then runs and finds nothing to write — but never no when it is yes:
 *
 *  - a struct whose parent is the root itself sets a key that had no value
 *    (Yjs writes the parent only when the struct has no left neighbour);
 *  - a struct with a left neighbour (origin) that is a type — a record
 *    map — may set a key again after it was deleted (an undo): its parent is
 *    not in the update, so any such struct counts;
 *  - a deletion removes a key, unless it deletes exactly the value a new
 *    struct of the same update replaces (an edit of a field: the old value
 *    is the new one's origin).
 */
import * as Y from 'yjs';

export function mayChangeKeysOf(update: Uint8Array, root: string): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  const replaced = new Set<string>();
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    if ((struct.parent as unknown) === root) return true; // decoded, not integrated: a root is named by a string
    if (struct.origin) {
      if (struct.content instanceof Y.ContentType) return true;
      replaced.add(`${struct.origin.client}:${struct.origin.clock}`);
    }
  }
  for (const [client, ranges] of ds.clients) {
    for (const { clock, len } of ranges) {
      for (let at = clock; at < clock + len; at++) if (!replaced.has(`${client}:${at}`)) return true;
    }
  }
  return false;
}
