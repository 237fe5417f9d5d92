/**
 * Presence (awareness): who is here, with which party. It lives in awareness,
 * never in the document. The state each client publishes is validated when
 * read, since any client can publish anything.
 */
import { z } from 'zod';
import { ROLES, type Role } from '@/lib/board/access';
import { PARTY_ID_PATTERN, RECORD_ID_PATTERN } from '@/lib/board/ids';
import { LIMITS, PHASES, type Phase } from '@/lib/board/schema';

export type Peer = {
  readonly clientId: number;
  readonly name: string;
  readonly partyId: string | null;
  readonly role: Role;
  readonly isSelf: boolean;
  /** the phase whose workspace this person is looking at */
  readonly view: Phase | null;
  /** the record (option, shared interest, cluster) this person is editing */
  readonly editing: string | null;
  /** the option this person is dragging right now */
  readonly dragging: string | null;
};

/** What a person is doing, published beside `user` (ephemeral: never in the document). */
export type Activity = { view: Phase | null; editing: string | null; dragging: string | null };
export const AWARENESS_ACTIVITY_FIELD = 'activity';
export const NO_ACTIVITY: Activity = Object.freeze({ view: null, editing: null, dragging: null });

export type LocalUser = { name: string; partyId: string | null; role: Role };

export const AWARENESS_USER_FIELD = 'user';

const userSchema = z.object({
  name: z.string().min(1).max(LIMITS.displayName),
  partyId: z.string().regex(PARTY_ID_PATTERN).nullable(),
  role: z.enum(ROLES),
});

const recordId = z.string().regex(RECORD_ID_PATTERN).nullable().catch(null);
const activitySchema = z
  .object({ view: z.enum(PHASES).nullable().catch(null), editing: recordId, dragging: recordId })
  .catch({ ...NO_ACTIVITY });

/** A peer's activity; anything malformed reads as "nothing" (the peer itself stays listed). */
export function readActivity(value: unknown): Activity {
  return activitySchema.parse(value ?? {});
}

/** Read and validate every awareness state; the local client first. */
export function readPeers(states: Map<number, Record<string, unknown>>, selfId: number): Peer[] {
  const peers: Peer[] = [];
  for (const [clientId, state] of states) {
    const parsed = userSchema.safeParse(state[AWARENESS_USER_FIELD]);
    if (!parsed.success) continue;
    peers.push({ clientId, ...parsed.data, isSelf: clientId === selfId, ...readActivity(state[AWARENESS_ACTIVITY_FIELD]) });
  }
  return peers.sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name) || a.clientId - b.clientId);
}

export function samePeers(a: readonly Peer[], b: readonly Peer[]): boolean {
  return (
    a.length === b.length &&
    a.every((p, i) => {
      const q = b[i]!;
      return (
        p.clientId === q.clientId &&
        p.name === q.name &&
        p.partyId === q.partyId &&
        p.role === q.role &&
        p.view === q.view &&
        p.editing === q.editing &&
        p.dragging === q.dragging
      );
    })
  );
}
