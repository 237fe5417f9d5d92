'use client';

import { useCallback, useMemo, useState, useSyncExternalStore } from 'react';
import { readClaimsUnverified } from '@/lib/board/access';
import { isBoardId, type BoardId } from '@/lib/board/ids';
import { openEarly } from '@/lib/sync/early-session';
import { useBoardSession } from '@/lib/sync/hooks';
import { loadDisplayName, saveDisplayName } from '@/lib/sync/local-boards';
import { BoardView } from './board-view';
import { JoinForm } from './join-form';
import { NoLinkNotice } from './no-link-notice';

function subscribeHash(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The token from `#t=TOKEN` (the fragment never reaches the server); null when absent. */
function readHashToken(): string | null {
  const params = new URLSearchParams(window.location.hash.slice(1));
  return params.get('t') || null;
}

function subscribeStorage(onChange: () => void): () => void {
  window.addEventListener('storage', onChange);
  return () => window.removeEventListener('storage', onChange);
}

const onServer = () => undefined;

/**
 * A returning visitor's board (a link and a stored name) starts connecting
 * when this module first runs, before hydration; BoardRoom's session hook
 * adopts it (lib/sync/early-session.ts). A first visit waits for the join form.
 */
function openBoardEarly(): void {
  const boardId = /^\/b\/([^/]+)\/?$/.exec(window.location.pathname)?.[1];
  const token = readHashToken();
  const displayName = loadDisplayName();
  if (!boardId || !isBoardId(boardId) || !token || !displayName) return;
  if (readClaimsUnverified(token)?.b !== boardId) return;
  openEarly({ boardId, token, displayName });
}
if (typeof window !== 'undefined') openBoardEarly();

/**
 * The board route's client root: reads the link's token, asks for a display
 * name on a first visit, then opens the live session and renders the board.
 */
export function BoardRoom({ boardId }: { boardId: BoardId }) {
  // undefined while rendering on the server / before hydration: render nothing misleading.
  const token = useSyncExternalStore(subscribeHash, readHashToken, onServer);
  const storedName = useSyncExternalStore(subscribeStorage, loadDisplayName, onServer);
  const [chosenName, setChosenName] = useState<string | null>(null);
  const displayName = chosenName ?? storedName ?? null;

  const claims = useMemo(() => (token ? readClaimsUnverified(token) : null), [token]);
  const linkValid = claims !== null && claims.b === boardId;

  const input = useMemo(
    () => (token && linkValid && displayName ? { boardId, token, displayName } : null),
    [boardId, token, linkValid, displayName],
  );
  const session = useBoardSession(input);

  const chooseName = useCallback((name: string) => {
    saveDisplayName(name);
    setChosenName(name.trim());
  }, []);

  if (token === undefined || storedName === undefined) {
    return <BoardLoading />;
  }
  if (!token) return <NoLinkNotice reason="missing" />;
  if (!linkValid) return <NoLinkNotice reason="invalid" />;
  if (!displayName) return <JoinForm role={claims.r} onJoin={chooseName} />;
  if (!session) return <BoardLoading />;
  return <BoardView session={session} token={token} displayName={displayName} onRename={chooseName} />;
}

function BoardLoading() {
  return (
    <div data-testid="board-loading" className="mx-auto max-w-5xl px-4 py-10" aria-busy="true">
      <p className="text-muted">Opening the board…</p>
    </div>
  );
}
