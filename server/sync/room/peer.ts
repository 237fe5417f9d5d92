/** What a room needs from a connection (server/sync/connection.ts is the one there is). */
import type { Role } from '@/lib/board/access';
import type { SharedFrame } from '../shared-frame';

/** Who a socket is, from its verified token. */
export type PeerIdentity = { readonly role: Role; readonly partyId: string | null };

export interface Peer {
  /** a SharedFrame: the same message to many peers, framed once */
  send(message: Uint8Array | SharedFrame): void;
  close(code: number, reason: string, limit?: string): void;
  /** absent: the peer's awareness states carry no `user` at all (fail closed) */
  readonly identity?: PeerIdentity;
}
