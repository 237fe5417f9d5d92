'use client';

import { Undo2, X } from 'lucide-react';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Button } from './button';

type Notice = { readonly message: string; readonly n: number };
type ShowUndo = (message: string) => void;

const UndoToastContext = createContext<ShowUndo>(() => {});

const VISIBLE_MS = 8_000;

/**
 * "Option deleted · Undo": a polite status at the bottom of the screen after
 * a deletion. Undo runs the person's own undo (the deletion is their latest
 * change); any newer change of theirs closes the notice, so its Undo never
 * undoes something else. It stays while hovered or focused.
 */
export function UndoToastProvider({
  children,
  onUndo,
  subscribeHistory,
}: {
  children: ReactNode;
  onUndo: () => void;
  /** called whenever the person's undo history changes */
  subscribeHistory: (listener: () => void) => () => void;
}) {
  const [notice, setNotice] = useState<Notice | null>(null);
  const [held, setHeld] = useState(false);
  const armed = useRef(false);
  const show = useCallback<ShowUndo>((message) => {
    // The deletion itself changes the history first; listen from the next change on.
    armed.current = false;
    setNotice((n) => ({ message, n: (n?.n ?? 0) + 1 }));
    requestAnimationFrame(() => (armed.current = true));
  }, []);
  const value = useMemo(() => show, [show]);

  useEffect(
    () =>
      subscribeHistory(() => {
        if (armed.current) setNotice(null);
      }),
    [subscribeHistory],
  );

  useEffect(() => {
    if (!notice || held) return;
    const timer = window.setTimeout(() => setNotice(null), VISIBLE_MS);
    return () => window.clearTimeout(timer);
  }, [notice, held]);

  return (
    <UndoToastContext.Provider value={value}>
      {children}
      <div role="status" aria-live="polite" className="pointer-events-none fixed inset-x-0 bottom-4 z-30 flex justify-center px-4">
        {notice ? (
          <div
            key={notice.n}
            data-testid="undo-toast"
            className="pointer-events-auto flex items-center gap-3 rounded-lg bg-ink py-2 pr-2 pl-4 text-sm text-white shadow-lg"
            onMouseEnter={() => setHeld(true)}
            onMouseLeave={() => setHeld(false)}
            onFocus={() => setHeld(true)}
            onBlur={() => setHeld(false)}
          >
            <span>{notice.message}</span>
            <Button
              size="sm"
              className="bg-white text-ink hover:bg-paper"
              onClick={() => {
                armed.current = false;
                onUndo();
                setNotice(null);
                setHeld(false);
              }}
            >
              <Undo2 aria-hidden size={14} /> Undo
            </Button>
            <Button
              size="icon"
              variant="ghost"
              className="h-8 w-8 text-white hover:bg-white/10"
              aria-label="Dismiss"
              onClick={() => {
                setNotice(null);
                setHeld(false);
              }}
            >
              <X aria-hidden size={14} />
            </Button>
          </div>
        ) : null}
      </div>
    </UndoToastContext.Provider>
  );
}

export function useUndoToast(): ShowUndo {
  return useContext(UndoToastContext);
}
