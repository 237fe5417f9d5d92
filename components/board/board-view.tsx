'use client';

import { RefreshCw, TriangleAlert } from 'lucide-react';
import { useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { useBoardMeta, useParties, usePhaseState, useSchemaCompatibility } from '@/lib/board/hooks';
import { usePresence, useSyncState } from '@/lib/sync/hooks';
import { rememberBoard } from '@/lib/sync/local-boards';
import type { BoardSession } from '@/lib/sync/session';
import { AnnouncerProvider } from '@/components/ui/announcer';
import { Button } from '@/components/ui/button';
import { SyncAnnouncer } from '@/components/presence/sync-badge';
import { partyLooks } from './party-badge';
import { PartiesPanel } from './parties-panel';
import { PhaseWorkspace } from './phase-workspace';
import { TopBar } from './top-bar';
import { useUndoShortcuts } from './use-undo-shortcuts';
import { YouPanel } from './you-panel';

/** The live board for one open session. */
export function BoardView({
  session,
  token,
  displayName,
  onRename,
}: {
  session: BoardSession;
  token: string;
  displayName: string;
  onRename: (name: string) => void;
}) {
  const { store, actions, claims } = session;
  const meta = useBoardMeta(store);
  const parties = useParties(store);
  const { phase } = usePhaseState(store);
  const compatibility = useSchemaCompatibility(store);
  const sync = useSyncState(session);
  const peers = usePresence(session);
  const looks = useMemo(() => partyLooks(parties), [parties]);
  const editable = session.canEdit && compatibility === 'ok';

  const history = useMemo(
    () => (editable ? { undo: () => session.undo(), redo: () => session.redo() } : null),
    [editable, session],
  );
  useUndoShortcuts(history);
  const canUndo = useSyncExternalStore(session.subscribeUndo, session.canUndo, session.canUndo);
  const canRedo = useSyncExternalStore(session.subscribeUndo, session.canRedo, session.canRedo);

  // Remember this board on the home page, with the link that opened it.
  const title = meta?.title;
  const partyName = claims.p ? looks.get(claims.p)?.name : undefined;
  useEffect(() => {
    if (title === undefined) return;
    rememberBoard({
      boardId: session.boardId,
      title,
      role: claims.r,
      ...(partyName ? { partyName } : {}),
      url: window.location.href,
      lastOpenedAt: Date.now(),
    });
  }, [session.boardId, title, claims.r, partyName]);

  return (
    <AnnouncerProvider>
      <div
        data-testid="board"
        data-sync-status={sync.status}
        data-role={claims.r}
        data-phase={phase}
        className="min-h-dvh"
      >
        <TopBar
          title={meta?.title ?? null}
          question={meta?.question ?? null}
          phase={phase}
          claims={claims}
          token={token}
          editable={editable && meta !== null}
          looks={looks}
          peers={peers}
          sync={sync}
          onSetQuestion={actions.setQuestion}
          canUndo={canUndo}
          canRedo={canRedo}
          onUndo={() => session.undo()}
          onRedo={() => session.redo()}
        />
        {compatibility === 'client-outdated' ? (
          <Banner testId="outdated-banner">
            <span>
              This board was updated by a newer version of Common Ground. Reload the page to keep editing; until then it
              is read-only here.
            </span>
            <Button size="sm" onClick={() => window.location.reload()}>
              <RefreshCw aria-hidden size={16} /> Reload
            </Button>
          </Banner>
        ) : null}
        {sync.accessDenied ? (
          <Banner testId="access-denied-banner">
            <span>
              The server refused this link: it may have been replaced by a new one. Ask the board’s creator for a current
              link.
            </span>
          </Banner>
        ) : null}
        {/* The work comes first (phone width, screen readers); the side panel sits left on wide screens. */}
        <main className="mx-auto grid max-w-6xl gap-6 px-4 py-6 lg:grid-cols-[15rem_minmax(0,1fr)]">
          <div className="lg:col-start-2 lg:row-start-1">
            {meta ? (
              <PhaseWorkspace
                view={phase}
                boardPhase={phase}
                session={session}
                store={store}
                actions={actions}
                token={token}
                editable={editable}
              />
            ) : (
              <p className="text-muted" data-testid="board-content-loading">
                {sync.status === 'offline'
                  ? 'The board could not be loaded: you are offline. It will appear as soon as the connection is back.'
                  : 'Loading the board…'}
              </p>
            )}
          </div>
          <div className="flex flex-col gap-4 lg:col-start-1 lg:row-start-1">
            <PartiesPanel looks={looks} claims={claims} />
            <YouPanel name={displayName} claims={claims} looks={looks} onRename={onRename} />
          </div>
        </main>
        <SyncAnnouncer state={sync} />
      </div>
    </AnnouncerProvider>
  );
}

function Banner({ testId, children }: { testId: string; children: ReactNode }) {
  return (
    <div role="alert" data-testid={testId} className="border-b border-warn/40 bg-warn/10">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-3 px-4 py-3 text-sm text-ink">
        <TriangleAlert aria-hidden size={18} className="shrink-0 text-warn" />
        {children}
      </div>
    </div>
  );
}
