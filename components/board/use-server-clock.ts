'use client';

import { useCallback, useEffect, useState } from 'react';
import { fetchServerTime } from '@/lib/sync/api';

/**
 * This browser's clock offset to the server's (the timer's reference),
 * measured when the connection comes up (first load, every reconnect) and
 * refined by the serverNow of timer answers. `now()` estimates server time.
 */
export function useServerClock(connected: boolean) {
  const [offsetMs, setOffsetMs] = useState(0);

  useEffect(() => {
    if (!connected) return;
    let cancelled = false;
    fetchServerTime()
      .then((t) => {
        if (!cancelled) setOffsetMs(t.offsetMs);
      })
      .catch(() => {
        // Keep the last estimate: the timer still runs, at worst a little off.
      });
    return () => {
      cancelled = true;
    };
  }, [connected]);

  /** Record a server answer read between `sentAt` and now. */
  const observe = useCallback((serverNow: number, sentAt: number) => {
    const receivedAt = Date.now();
    setOffsetMs(serverNow - (sentAt + (receivedAt - sentAt) / 2));
  }, []);

  const now = useCallback(() => Date.now() + offsetMs, [offsetMs]);
  return { offsetMs, now, observe };
}
