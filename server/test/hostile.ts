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

/**
 * A damaged copy of a real update, as the fuzz tests send them: half the
 * time 1–3 flipped bits, else cut short (30 %) or with 4 random bytes spliced in.
 */
export function mutateUpdate(bytes: Uint8Array, rand: () => number): Uint8Array {
  const out = Uint8Array.from(bytes);
  const kind = rand();
  if (kind < 0.5) {
    for (let n = 1 + Math.floor(rand() * 3); n > 0; n--) out[Math.floor(rand() * out.length)]! ^= 1 << Math.floor(rand() * 8);
    return out;
  }
  if (kind < 0.8) return out.subarray(0, Math.floor(rand() * out.length));
  const at = Math.floor(rand() * out.length);
  return Uint8Array.from([...out.subarray(0, at), ...Array.from({ length: 4 }, () => Math.floor(rand() * 256)), ...out.subarray(at)]);
}

/**
 * An option whose field names a parent in client 62129412866396520, past
 * 2^53 (found by server/sync/quiet-update.test.ts's fuzz): Yjs decodes it,
 * holds it pending, and then throws "Integer out of Range" on every
 * encoding of the document — every newcomer's sync answer.
 */
export function idPastSafeIntegers(): Uint8Array {
  return Uint8Array.from(Buffer.from('0102f3cbae6e002701076f7074696f6e73026e30012800e8a28580f3cbae6e00057469746c650177056e6577203000', 'hex'));
}

/**
 * A token whose signature is wrong: its first character changed (all six of
 * its bits carry MAC bits, unlike the last character's, so the change always
 * makes a different MAC).
 */
export function tamperedToken(token: string): string {
  const [payload, signature] = token.split('.') as [string, string];
  return `${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
}
