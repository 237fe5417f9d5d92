/**
 * What an awareness state may say, and whose client ids a socket may set.
 * The server fills in who the sender is: `user.role` and `user.partyId` are
 * the sender's token claims (a client cannot pass for another party or the
 * facilitator), the display name is capped. A client id belongs to whoever
 * set it first (room.awarenessOwner): a socket cannot move another's
 * cursor, another process cannot override a socket here, and one socket
 * holds at most MAX_AWARENESS_CLIENTS_PER_PEER ids.
 */
import { LIMITS } from '@/lib/board/schema';
import type { RoomExtension } from '../room/extension';
import type { PeerIdentity } from '../room/peer';

/** Awareness client ids one socket may hold (a provider uses one; a doc that changed its id, two). */
export const MAX_AWARENESS_CLIENTS_PER_PEER = 4;

export function awarenessPolicy(): RoomExtension {
  return {
    name: 'awareness-policy',
    attach: (room) => ({
      beforeAwareness(entries, origin) {
        if (origin.source === 'remote') {
          // Another process's socket: unless a socket here claimed that id first.
          return entries.filter((entry) => {
            const owner = room.relay.owner(entry.clientId);
            return owner === undefined || owner.source === 'remote';
          });
        }
        if (origin.source !== 'peer') return [];
        const identity = origin.peer.identity;
        let held = room.relay.heldBy(origin);
        const claimed = new Set<number>();
        return entries.flatMap((entry) => {
          const owner = room.relay.owner(entry.clientId);
          if (owner && owner !== origin) return []; // another socket's (or another process's) client
          if (!owner && !claimed.has(entry.clientId)) {
            if (held >= MAX_AWARENESS_CLIENTS_PER_PEER) return [];
            held++;
            claimed.add(entry.clientId);
          }
          return [{ ...entry, json: truthfulAwarenessState(entry.json, identity) }];
        });
      },
    }),
  };
}

/**
 * An awareness state as others should see it: `user.role` and `user.partyId`
 * from the sender's token, `user.name` as the client gave it but capped at
 * the display-name limit (a non-string name is dropped). A `user` that is not
 * an object, or any `user` from a peer without an identity, is removed.
 * Other fields (cursor …) pass as they are; `null` (a removal) too.
 */
export function truthfulAwarenessState(json: string, identity: PeerIdentity | undefined): string {
  const state = JSON.parse(json) as unknown;
  if (state === null || typeof state !== 'object' || Array.isArray(state) || !('user' in state)) return json;
  const { user, ...rest } = state as { user: unknown } & Record<string, unknown>;
  if (!identity || user === null || typeof user !== 'object' || Array.isArray(user)) return JSON.stringify(rest);
  const { name, ...fields } = user as Record<string, unknown>;
  const truthful: Record<string, unknown> = { ...fields, role: identity.role, partyId: identity.partyId };
  if (typeof name === 'string') truthful.name = Array.from(name).slice(0, LIMITS.displayName).join('');
  return JSON.stringify({ ...rest, user: truthful });
}
