/**
 * Where a change to a room comes from: the one origin type of every write
 * the server makes or takes (the Yjs transaction origin, the write queue's
 * tag, what an extension's hook is told). The server's own writes and
 * migrations are lib/board's origins (the browser means the same by them).
 */
import { MIGRATION_ORIGIN, serverOrigin, type TransactionOrigin } from '@/lib/board/origins';
import type { Peer } from './peer';

export type RoomOrigin =
  /** a socket of this process: its update, its awareness */
  | { readonly source: 'peer'; readonly peer: Peer }
  /** stored by another process (scale-out): broadcast here, never stored or published again */
  | { readonly source: 'remote' }
  /** the stored document being read into memory */
  | { readonly source: 'load' }
  /** a server-side action (facilitation, publication): everyone receives it */
  | Extract<TransactionOrigin, { source: 'server' }>
  | Extract<TransactionOrigin, { source: 'migration' }>;

export const LOAD: RoomOrigin = Object.freeze({ source: 'load' });
export const REMOTE: RoomOrigin = Object.freeze({ source: 'remote' });
export const MIGRATION = MIGRATION_ORIGIN as Extract<RoomOrigin, { source: 'migration' }>;
export const serverWriteOrigin = (reason: string) => serverOrigin(reason) as Extract<RoomOrigin, { source: 'server' }>;

/** One frozen origin per peer, made once: the write queue and Yjs compare origins by identity. */
const peerOrigins = new WeakMap<Peer, RoomOrigin>();
export function peerOrigin(peer: Peer): Extract<RoomOrigin, { source: 'peer' }> {
  let origin = peerOrigins.get(peer);
  if (!origin) peerOrigins.set(peer, (origin = Object.freeze({ source: 'peer', peer })));
  return origin as Extract<RoomOrigin, { source: 'peer' }>;
}

/** The peer a change came from, if any (a broadcast skips it: it has the change). */
export const peerOf = (origin: RoomOrigin | null | undefined): Peer | null => (origin?.source === 'peer' ? origin.peer : null);

/** Read a Yjs transaction origin back as a room origin (anything else: null, e.g. Yjs's own). */
export function asRoomOrigin(origin: unknown): RoomOrigin | null {
  if (typeof origin !== 'object' || origin === null || !('source' in origin)) return null;
  const source = (origin as { source: unknown }).source;
  return source === 'peer' || source === 'remote' || source === 'load' || source === 'server' || source === 'migration'
    ? (origin as RoomOrigin)
    : null;
}
