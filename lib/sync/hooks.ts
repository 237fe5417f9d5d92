'use client';
/**
 * React bindings for a BoardSession.
 *
 * @example
 *   const session = useBoardSession({ boardId, token, displayName });
 *   const { status, unsyncedChanges } = useSyncState(session);
 */
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { BoardId } from '@/lib/board/ids';
import { adoptEarly } from './early-session';
import { BoardSession, type SyncState } from './session';

export type SessionInput = { readonly boardId: BoardId; readonly token: string; readonly displayName: string };

/**
 * Opens a session in an effect (browser only) — or adopts the one the board's
 * code opened before hydration (early-session.ts) — and closes it on unmount
 * or when the link changes.
 */
export function useBoardSession(input: SessionInput | null): BoardSession | null {
  const [session, setSession] = useState<BoardSession | null>(null);
  const boardId = input?.boardId;
  const token = input?.token;
  const hasInput = input !== null;
  const displayName = input?.displayName ?? '';
  // The name at the moment the session opens; later changes go through setDisplayName.
  const nameRef = useRef(displayName);

  // A new display name updates presence without reconnecting. Declared first: effects run in order, so the
  // session opened below starts with the name the page has now (the ref starts from the first render's, before
  // the stored name is read).
  useEffect(() => {
    nameRef.current = displayName;
    if (session && displayName) session.setDisplayName(displayName);
  }, [session, displayName]);

  useEffect(() => {
    if (!hasInput || !boardId || !token) return;
    const input = { boardId, token, displayName: nameRef.current };
    const opened = adoptEarly(input) ?? BoardSession.open(input);
    setSession(opened);
    return () => {
      opened.destroy();
      setSession(null);
    };
  }, [hasInput, boardId, token]);

  return session;
}

export function useSyncState(session: BoardSession): SyncState {
  return useSyncExternalStore(session.subscribeSync, session.getSyncState, session.getSyncState);
}
