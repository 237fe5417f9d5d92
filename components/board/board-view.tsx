'use client';

import { ArrowLeft, RefreshCw, TriangleAlert } from 'lucide-react';
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore, type ComponentProps, type ReactNode } from 'react';
import { useBoardMeta, useBoardState, useParties, usePhaseState, useSchemaCompatibility } from '@/lib/board/hooks';
import { PHASE_LABELS, type Phase } from '@/lib/board/schema';
import { useSyncState } from '@/lib/sync/hooks';
import { rememberBoard } from '@/lib/sync/local-boards';
import type { BoardSession } from '@/lib/sync/session';
import { AnnouncerProvider } from '@/components/ui/announcer';
import { Button } from '@/components/ui/button';
import { MaskIconStyles } from '@/components/ui/mask-icons';
import { UndoToastProvider } from '@/components/ui/undo-toast';
import { usePeople } from '@/components/presence/activity';
import { SyncAnnouncer } from '@/components/presence/sync-badge';
import { BoardContextProvider, type BoardContextValue } from './board-context';
import { partyLooks } from './party-badge';
import { PartiesPanel } from './parties-panel';
import { PhaseWorkspace, preloadAllWorkspaces, preloadWorkspace } from './phase-workspace';
import { TopBar } from './top-bar';
import { useUndoShortcuts } from './use-undo-shortcuts';
import { VIEW_LABELS, ViewNav } from './view-nav';
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
  const boardState = useBoardState(store);
  const compatibility = useSchemaCompatibility(store);
  const sync = useSyncState(session);
  const looks = useMemo(() => partyLooks(parties), [parties]);
  const editable = session.canEdit && compatibility === 'ok';
  const canDrive = claims.r === 'facilitator' || (claims.r === 'party' && !boardState.facilitated);

  // The board's phase is the default view; a person may look elsewhere until the phase moves on.
  const [look, setLook] = useState<{ view: Phase; during: Phase } | null>(null);
  const view = look && look.during === phase ? look.view : phase;
  const showView = useCallback(
    (next: Phase | null) => setLook(next === null || next === phase ? null : { view: next, during: phase }),
    [phase],
  );
  useEffect(() => session.setView(view), [session, view]);
  // Fetch the view's workspace while the board itself is still syncing; the others once it has synced (offline use).
  useEffect(() => preloadWorkspace(view), [view]);
  const [allFetched, setAllFetched] = useState(false);
  const synced = sync.status === 'synced';
  useEffect(() => {
    if (!synced) return;
    let live = true;
    // Started once per page; a later sync only waits for the same fetch.
    void preloadAllWorkspaces().then(() => live && setAllFetched(true));
    return () => {
      live = false;
    };
  }, [synced]);

  const history = useMemo(
    () => (editable ? { undo: () => session.undo(), redo: () => session.redo() } : null),
    [editable, session],
  );
  useUndoShortcuts(history);
  const undo = useCallback(() => session.undo(), [session]);
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

  const context = useMemo<BoardContextValue>(
    () => ({
      session,
      store,
      actions,
      claims,
      token,
      editable,
      canDrive,
      looks,
      myPartyId: claims.r === 'party' ? (claims.p ?? null) : null,
      boardPhase: phase,
      showView,
    }),
    [session, store, actions, claims, token, editable, canDrive, looks, phase, showView],
  );

  return (
    <AnnouncerProvider>
      <BoardContextProvider value={context}>
        <UndoToastProvider onUndo={undo} subscribeHistory={session.subscribeUndo}>
          <div
            data-testid="board"
            data-sync-status={sync.status}
            data-role={claims.r}
            data-phase={phase}
            data-view={view}
            className="min-h-dvh"
          >
            <MaskIconStyles />
            <TopBarWithPeople
              session={session}
              title={meta?.title ?? null}
              question={meta?.question ?? null}
              phase={phase}
              claims={claims}
              token={token}
              editable={editable && meta !== null}
              looks={looks}
              sync={sync}
              onSetQuestion={actions.setQuestion}
              canUndo={canUndo}
              canRedo={canRedo}
              onUndo={() => session.undo()}
              onRedo={() => session.redo()}
              boardState={boardState}
              canDrive={canDrive}
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
                  The server refused this link: it may have been replaced by a new one. Ask the board’s creator for a
                  current link.
                </span>
              </Banner>
            ) : null}
            <main className="mx-auto max-w-7xl px-4 pt-3 pb-10">
              <ViewNavWithPeople session={session} view={view} boardPhase={phase} looks={looks} onShow={showView} />
              {view !== phase ? (
                <div
                  data-testid="looking-elsewhere"
                  className="mt-3 flex flex-wrap items-center gap-x-3 gap-y-2 rounded-md border border-line bg-white px-3 py-2 text-sm"
                >
                  <span>
                    You are looking at <strong>{VIEW_LABELS[view]}</strong>. The board is in the{' '}
                    <strong>{PHASE_LABELS[phase]}</strong> phase.
                  </span>
                  <Button size="sm" variant="ghost" onClick={() => showView(null)} data-testid="back-to-phase">
                    <ArrowLeft aria-hidden size={16} /> Back to {VIEW_LABELS[phase]}
                  </Button>
                </div>
              ) : null}
              <div className="pt-5" data-testid="workspace" data-view={view}>
                {meta ? (
                  <PhaseWorkspace
                    view={view}
                    allFetched={allFetched}
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
              <div className="mt-10 grid gap-4 sm:grid-cols-2 lg:max-w-3xl">
                {view !== 'frame' ? <PartiesPanel looks={looks} claims={claims} /> : null}
                <YouPanel name={displayName} claims={claims} looks={looks} onRename={onRename} />
              </div>
            </main>
            <SyncAnnouncer state={sync} />
          </div>
        </UndoToastProvider>
      </BoardContextProvider>
    </AnnouncerProvider>
  );
}

// Presence is read here, next to what shows it, not in BoardView: someone starting
// to edit or drag must not re-render the whole board (docs/benchmarks.md, finding 7).
type WithPeople<P> = Omit<P, 'peers'> & { session: BoardSession };

function TopBarWithPeople({ session, ...props }: WithPeople<ComponentProps<typeof TopBar>>) {
  return <TopBar {...props} peers={usePeople(session)} />;
}

function ViewNavWithPeople({ session, ...props }: WithPeople<ComponentProps<typeof ViewNav>>) {
  return <ViewNav {...props} peers={usePeople(session)} />;
}

function Banner({ testId, children }: { testId: string; children: ReactNode }) {
  return (
    <div role="alert" data-testid={testId} className="border-b border-warn/40 bg-warn/10">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-3 px-4 py-3 text-sm text-ink">
        <TriangleAlert aria-hidden size={18} className="shrink-0 text-warn" />
        {children}
      </div>
    </div>
  );
}
