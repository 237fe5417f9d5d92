/** Hostile payloads shared by the limit and malformed-input tests. */
import * as encoding from 'lib0/encoding';

/** The yjs#687 shape: 7 bytes claiming 30 million structs. */
export function structBomb(): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, 30_000_000);
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, 0);
  return encoding.toUint8Array(e);
}
