/**
 * Presence (awareness): who is here, with which party. It lives in awareness,
 * never in the document. The state each client publishes is validated when
 * read, since any client can publish anything.
 */
import * as z from 'zod/mini'; // in the browser's first load: see docs/decisions.md
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
  name: z.string().check(z.minLength(1), z.maxLength(LIMITS.displayName)),
  partyId: z.nullable(z.string().check(z.regex(PARTY_ID_PATTERN))),
  role: z.enum(ROLES),
});

const recordId = z.catch(z.nullable(z.string().check(z.regex(RECORD_ID_PATTERN))), null);
const activitySchema = z.catch(
  z.object({ view: z.catch(z.nullable(z.enum(PHASES)), null), editing: recordId, dragging: recordId }),
  { ...NO_ACTIVITY },
);

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
