'use client';
/**
 * Who is doing what, from awareness: which record someone edits or drags,
 * which phase someone looks at. A card subscribes to its own record only and
 * gets the same (empty) value back until someone starts working on it, so
 * presence changes re-render only the cards concerned.
 */
import { useCallback, useSyncExternalStore } from 'react';
import { PHASES, type Phase } from '@/lib/board/schema';
import type { Peer } from '@/lib/sync/presence';
import type { BoardSession } from '@/lib/sync/session';

export type RecordActivity = { readonly editing: readonly Peer[]; readonly dragging: readonly Peer[] };

const NONE: RecordActivity = Object.freeze({ editing: Object.freeze([]), dragging: Object.freeze([]) });

type Index = { readonly peers: readonly Peer[]; readonly byRecord: Map<string, RecordActivity & { key: string }> };
const indexes = new WeakMap<BoardSession, Index>();

const peerKey = (p: Peer) => `${p.clientId}:${p.name}:${p.partyId ?? p.role}`;

function activityIndex(session: BoardSession): Index {
  const peers = session.getPresence();
  const previous = indexes.get(session);
  if (previous && previous.peers === peers) return previous;
  const building = new Map<string, { editing: Peer[]; dragging: Peer[] }>();
  const slot = (id: string) => {
    let entry = building.get(id);
    if (!entry) building.set(id, (entry = { editing: [], dragging: [] }));
    return entry;
  };
  for (const peer of peers) {
    if (peer.isSelf) continue;
    if (peer.editing) slot(peer.editing).editing.push(peer);
    if (peer.dragging) slot(peer.dragging).dragging.push(peer);
  }
  const byRecord = new Map<string, RecordActivity & { key: string }>();
  for (const [id, entry] of building) {
    const key = `${entry.editing.map(peerKey).join(',')}|${entry.dragging.map(peerKey).join(',')}`;
    const before = previous?.byRecord.get(id);
    byRecord.set(id, before && before.key === key ? before : { ...entry, key });
  }
  const next = { peers, byRecord };
  indexes.set(session, next);
  return next;
}

/** Someone else is editing or dragging the record: only then is there a badge to render. */
export const hasActivity = (activity: RecordActivity): boolean => activity.editing.length > 0 || activity.dragging.length > 0;

/** Others editing or dragging this record (a stable empty value when nobody is). */
export function useRecordActivity(session: BoardSession, recordId: string): RecordActivity {
  const get = useCallback(() => activityIndex(session).byRecord.get(recordId) ?? NONE, [session, recordId]);
  return useSyncExternalStore(session.subscribePresence, get, get);
}

type People = { readonly peers: readonly Peer[]; readonly key: string; readonly value: readonly Peer[] };
const peopleCache = new WeakMap<BoardSession, People>();
const personKey = (p: Peer) => `${p.clientId}:${p.name}:${p.partyId ?? ''}:${p.role}:${p.isSelf ? 1 : 0}:${p.view ?? ''}`;

function people(session: BoardSession): readonly Peer[] {
  const peers = session.getPresence();
  const previous = peopleCache.get(session);
  if (previous && previous.peers === peers) return previous.value;
  const key = peers.map(personKey).join('|');
  const value = previous && previous.key === key ? previous.value : peers;
  peopleCache.set(session, { peers, key, value });
  return value;
}

/**
 * Who is here and which phase each looks at: the same list until someone
 * comes, goes, renames or looks elsewhere — not when someone starts editing
 * or dragging (so the avatars and tabs stay put during a drag). The editing
 * and dragging fields of these peers may be stale: read useRecordActivity.
 */
export function usePeople(session: BoardSession): readonly Peer[] {
  const get = useCallback(() => people(session), [session]);
  return useSyncExternalStore(session.subscribePresence, get, get);
}

/** Everyone (self included) by the phase they are looking at. */
export function viewersByPhase(peers: readonly Peer[]): Map<Phase, Peer[]> {
  const map = new Map<Phase, Peer[]>(PHASES.map((p) => [p, []]));
  for (const peer of peers) if (peer.view) map.get(peer.view)!.push(peer);
  return map;
}

/** "Bob", "Bob and Ann", "Bob, Ann and 2 others" */
export function names(peers: readonly Peer[]): string {
  const list = peers.map((p) => p.name);
  if (list.length <= 1) return list[0] ?? '';
  if (list.length === 2) return `${list[0]} and ${list[1]}`;
  if (list.length === 3) return `${list[0]}, ${list[1]} and ${list[2]}`;
  return `${list[0]}, ${list[1]} and ${list.length - 2} others`;
}
