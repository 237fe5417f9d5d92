'use client';

import { Cloud, CloudOff, Loader } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { SyncState } from '@/lib/sync/session';
import { cn } from '@/components/ui/cn';

function changes(n: number): string {
  return `${n} unsynced change${n === 1 ? '' : 's'}`;
}

/** The sync status, told truthfully: connecting, synced, or offline with N unsynced changes. */
export function SyncBadge({ state }: { state: SyncState }) {
  const { status, unsyncedChanges } = state;
  const label =
    status === 'synced'
      ? 'Synced'
      : status === 'connecting'
        ? 'Connecting…'
        : unsyncedChanges > 0
          ? `Offline · ${changes(unsyncedChanges)}`
          : 'Offline';
  const hint =
    status === 'synced'
      ? 'Everything you see is saved on the server.'
      : status === 'connecting'
        ? 'Connecting to the server…'
        : 'Your changes are kept on this device and will sync when the connection is back.';
  return (
    <span
      data-testid="sync-status"
      data-status={status}
      data-unsynced={unsyncedChanges}
      title={hint}
      className={cn(
        'inline-flex h-8 items-center gap-1.5 rounded-full border px-2.5 text-sm font-medium whitespace-nowrap',
        status === 'synced' && 'border-ok/30 bg-ok/10 text-ok',
        status === 'connecting' && 'border-line bg-white text-muted',
        status === 'offline' && 'border-warn/40 bg-warn/10 text-warn',
      )}
    >
      {status === 'synced' ? (
        <Cloud aria-hidden size={16} />
      ) : status === 'offline' ? (
        <CloudOff aria-hidden size={16} />
      ) : (
        <Loader aria-hidden size={16} className="motion-safe:animate-spin" />
      )}
      <span>{label}</span>
      <span className="sr-only">. {hint}</span>
    </span>
  );
}

/**
 * Announces changes of connection to screen readers (not the first connect,
 * which the page load already implies).
 */
export function SyncAnnouncer({ state }: { state: SyncState }) {
  const [message, setMessage] = useState('');
  const previous = useRef(state.status);
  const everSynced = useRef(state.status === 'synced');

  useEffect(() => {
    const before = previous.current;
    previous.current = state.status;
    if (before === state.status) return;
    if (state.status === 'offline') {
      setMessage('Connection lost. You can keep working: your changes will sync when you are back online.');
    } else if (state.status === 'synced') {
      if (everSynced.current) setMessage('Back online. All changes are synced.');
      everSynced.current = true;
    }
  }, [state.status]);

  return (
    <div role="status" aria-live="polite" className="sr-only" data-testid="sync-announcer">
      {message}
    </div>
  );
}
