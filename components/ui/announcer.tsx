'use client';

import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

type Announce = (message: string) => void;

const AnnouncerContext = createContext<Announce>(() => {});

/**
 * One polite live region for the results of actions ("Option added"), so a
 * screen reader hears what happened without focus moving.
 */
export function AnnouncerProvider({ children }: { children: ReactNode }) {
  const [entry, setEntry] = useState({ message: '', n: 0 });
  const announce = useCallback<Announce>((message) => setEntry((e) => ({ message, n: e.n + 1 })), []);
  const value = useMemo(() => announce, [announce]);
  return (
    <AnnouncerContext.Provider value={value}>
      {children}
      <div aria-live="polite" aria-atomic="true" className="sr-only" data-testid="announcer">
        {/* keyed so that the same message twice is announced twice */}
        <span key={entry.n}>{entry.message}</span>
      </div>
    </AnnouncerContext.Provider>
  );
}

export function useAnnounce(): Announce {
  return useContext(AnnouncerContext);
}
