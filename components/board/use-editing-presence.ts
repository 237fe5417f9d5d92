'use client';

import { useEffect } from 'react';
import type { BoardSession } from '@/lib/sync/session';

/**
 * Presence: while `recordId` is set, the others see "… is editing" on that
 * record. Pass null when not editing, or for a record the others must not
 * learn about (a private interest: its id stays in the party's lane).
 */
export function useEditingPresence(session: BoardSession, recordId: string | null): void {
  useEffect(() => {
    if (!recordId) return;
    session.setEditing(recordId);
    return () => session.setEditing(null);
  }, [recordId, session]);
}
