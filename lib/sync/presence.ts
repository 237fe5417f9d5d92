/**
 * Presence (awareness): who is here, with which party. It lives in awareness,
 * never in the document. The state each client publishes is validated when
 * read, since any client can publish anything.
 */
import { z } from 'zod';
import { ROLES, type Role } from '@/lib/board/access';
import { PARTY_ID_PATTERN } from '@/lib/board/ids';
import { LIMITS } from '@/lib/board/schema';

export type Peer = {
  readonly clientId: number;
  readonly name: string;
  readonly partyId: string | null;
  readonly role: Role;
  readonly isSelf: boolean;
};

export type LocalUser = { name: string; partyId: string | null; role: Role };

export const AWARENESS_USER_FIELD = 'user';

const userSchema = z.object({
  name: z.string().min(1).max(LIMITS.displayName),
  partyId: z.string().regex(PARTY_ID_PATTERN).nullable(),
  role: z.enum(ROLES),
});

/** Read and validate every awareness state; the local client first. */
export function readPeers(states: Map<number, Record<string, unknown>>, selfId: number): Peer[] {
  const peers: Peer[] = [];
  for (const [clientId, state] of states) {
    const parsed = userSchema.safeParse(state[AWARENESS_USER_FIELD]);
    if (!parsed.success) continue;
    peers.push({ clientId, ...parsed.data, isSelf: clientId === selfId });
  }
  return peers.sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name) || a.clientId - b.clientId);
}

export function samePeers(a: readonly Peer[], b: readonly Peer[]): boolean {
  return (
    a.length === b.length &&
    a.every((p, i) => {
      const q = b[i]!;
      return p.clientId === q.clientId && p.name === q.name && p.partyId === q.partyId && p.role === q.role;
    })
  );
}
