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
import { BoardSession, type SyncState } from './session';

export type SessionInput = { readonly boardId: BoardId; readonly token: string; readonly displayName: string };

/** Opens a session in an effect (browser only) and closes it on unmount or when the link changes. */
export function useBoardSession(input: SessionInput | null): BoardSession | null {
  const [session, setSession] = useState<BoardSession | null>(null);
  const boardId = input?.boardId;
  const token = input?.token;
  const hasInput = input !== null;
  const displayName = input?.displayName ?? '';
  // The name at the moment the session opens; later changes go through setDisplayName.
  const nameRef = useRef(displayName);

  useEffect(() => {
    if (!hasInput || !boardId || !token) return;
    const opened = BoardSession.open({ boardId, token, displayName: nameRef.current });
    setSession(opened);
    return () => {
      opened.destroy();
      setSession(null);
    };
  }, [hasInput, boardId, token]);

  // A new display name updates presence without reconnecting.
  useEffect(() => {
    nameRef.current = displayName;
    if (session && displayName) session.setDisplayName(displayName);
  }, [session, displayName]);

  return session;
}

export function useSyncState(session: BoardSession): SyncState {
  return useSyncExternalStore(session.subscribeSync, session.getSyncState, session.getSyncState);
}
