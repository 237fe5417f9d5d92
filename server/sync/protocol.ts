/**
 * The y-websocket wire protocol: every frame is binary, starting with a
 * varuint message type. Only these four types exist; anything else is closed
 * with 1003.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

export const SYNC_STEP1 = syncProtocol.messageYjsSyncStep1;
export const SYNC_STEP2 = syncProtocol.messageYjsSyncStep2;
export const SYNC_UPDATE = syncProtocol.messageYjsUpdate;

/** Close codes, documented in docs/api.md. */
export const CLOSE = {
  /** server shutting down or restarting: reconnect */
  restart: 1012,
  /** a frame that is not a known protocol message, or a text frame */
  unsupported: 1003,
  /** malformed data, or a write from a read-only connection */
  policy: 1008,
  /** frame larger than the configured limit (sent by ws itself) */
  tooBig: 1009,
  /** server error (e.g. a room that cannot be loaded) */
  internal: 1011,
  /** try again later: overload, slow reader, storage unavailable */
  tryLater: 1013,
  /** missing, malformed, tampered, expired or revoked token */
  unauthorized: 4401,
  /** valid token without access to this room, or unknown board */
  forbidden: 4403,
  /** a room name that is not one of the three shapes */
  badRoom: 4400,
} as const;

export function syncStep1Message(doc: Y.Doc): Uint8Array {
  return syncStep1ForStateVector(Y.encodeStateVector(doc));
}

/** Sync step 1 for a document known only by its encoded state vector (an encoded room has no Y.Doc). */
export function syncStep1ForStateVector(stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, SYNC_STEP1);
  encoding.writeVarUint8Array(encoder, stateVector);
  return encoding.toUint8Array(encoder);
}

/** Whether an encoded state vector names no client: the peer has nothing (a first visit). */
export function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return Y.decodeStateVector(stateVector).size === 0;
}

/** The update a sync step 2 message carries (a view into `message`, not a copy). */
export function syncStep2Payload(message: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(message);
  if (decoding.readVarUint(decoder) !== MESSAGE_SYNC || decoding.readVarUint(decoder) !== SYNC_STEP2) {
    throw new Error('not a sync step 2 message');
  }
  return decoding.readVarUint8Array(decoder);
}

/** Sync step 2: everything in `doc` the peer (described by its state vector) lacks. */
export function syncStep2Message(doc: Y.Doc, stateVector?: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep2(encoder, doc, stateVector);
  return encoding.toUint8Array(encoder);
}

/** Sync step 2 carrying a given update (an encoded room's answer; tests use it to play a hostile client). */
export function rawSyncStep2Message(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, SYNC_STEP2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function awarenessMessage(awarenessUpdate: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, awarenessUpdate);
  return encoding.toUint8Array(encoder);
}

/**
 * An awareness update about zero clients: a no-op for the client, but a
 * message, which is what y-websocket's 30 s liveness check counts (ws pings
 * never reach a browser's onmessage).
 */
export const KEEPALIVE_MESSAGE: Uint8Array = awarenessMessage(new Uint8Array([0]));

export type AwarenessEntry = { readonly clientId: number; readonly clock: number; readonly json: string };

/** Decode an awareness update without applying it; throws on malformed input. */
export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  // Each entry takes at least 3 bytes: refuse counts the bytes cannot hold.
  if (count > update.length) throw new Error('awareness: bad count');
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const json = decoding.readVarString(decoder);
    JSON.parse(json); // must be JSON; the Awareness class would throw later otherwise
    entries.push({ clientId, clock, json });
  }
  if (decoding.hasContent(decoder)) throw new Error('awareness: trailing bytes');
  return entries;
}

export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.json);
  }
  return encoding.toUint8Array(encoder);
}

/**
 * Check that bytes are a well-formed Yjs update WITHOUT touching any room:
 * decoding reads every struct and the delete set, so truncated, garbled and
 * "30 million structs in 7 bytes" updates (yjs#687) throw here, cheaply
 * (the decoder runs out of bytes long before it could build that many
 * structs), instead of half-applying to the room. Ids past 2^53 are refused
 * too: no Yjs client writes one (client ids are 32-bit), the decoder reads
 * them rounded, and Yjs cannot encode the document again once one is held
 * pending ("Integer out of Range" on every later sync answer). Returns
 * whether it carries anything, how many structs it would add, and the
 * decoded update.
 */
export function inspectUpdate(update: Uint8Array): {
  readonly empty: boolean;
  readonly structs: number;
  readonly decoded: ReturnType<typeof Y.decodeUpdate>;
} {
  const decoded = Y.decodeUpdate(update);
  let structs = 0;
  const safe = (id: Y.ID | null): boolean => id === null || (Number.isSafeInteger(id.client) && Number.isSafeInteger(id.clock));
  for (const struct of decoded.structs) {
    if (!safe(struct.id)) throw new Error('update: an id past 2^53');
    if (struct instanceof Y.Skip) continue;
    structs++;
    if (struct instanceof Y.Item && !(safe(struct.origin) && safe(struct.rightOrigin) && (!(struct.parent instanceof Y.ID) || safe(struct.parent)))) {
      throw new Error('update: a reference past 2^53');
    }
  }
  for (const [client, ranges] of decoded.ds.clients) {
    if (!Number.isSafeInteger(client) || ranges.some((r) => !Number.isSafeInteger(r.clock) || !Number.isSafeInteger(r.clock + r.len))) {
      throw new Error('update: a deletion past 2^53');
    }
  }
  return { empty: structs === 0 && decoded.ds.clients.size === 0, structs, decoded };
}
