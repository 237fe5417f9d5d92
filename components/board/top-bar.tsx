'use client';

import { Eye, Redo2, Undo2 } from 'lucide-react';
import Link from 'next/link';
import { useEffect } from 'react';
import type { TokenClaims } from '@/lib/board/access';
import type { Phase } from '@/lib/board/schema';
import type { BoardState } from '@/lib/board/state';
import type { Peer, SyncState } from '@/lib/sync/session';
import { Button } from '@/components/ui/button';
import { PresenceAvatars } from '@/components/presence/avatars';
import { SyncBadge } from '@/components/presence/sync-badge';
import { ExportMenu } from '@/components/export/export-menu';
import { PartyBadge, type PartyLook } from './party-badge';
import { PhaseRail } from './phase-rail';
import { PhaseTimer } from './phase-timer';
import { SettingsPanel } from './settings-panel';
import { QuestionEditor } from './question-editor';

/** How a board's title reads where it names the board (an imported or undone title may be empty). */
export const shownTitle = (title: string): string => title || 'Untitled board';

export function TopBar({
  title,
  question,
  phase,
  claims,
  token,
  editable,
  looks,
  peers,
  sync,
  onSetQuestion,
  canUndo,
  canRedo,
  onUndo,
  onRedo,
  boardState,
  canDrive,
}: {
  title: string | null;
  question: string | null;
  phase: Phase;
  claims: TokenClaims;
  token: string;
  editable: boolean;
  looks: Map<string, PartyLook>;
  peers: readonly Peer[];
  sync: SyncState;
  onSetQuestion: (text: string) => void;
  canUndo: boolean;
  canRedo: boolean;
  onUndo: () => void;
  onRedo: () => void;
  boardState: BoardState;
  /** the facilitator, or a party member on an unfacilitated board */
  canDrive: boolean;
}) {
  useDocumentTitle(title);
  const controls = canDrive ? { boardId: claims.b, token } : null;
  const myParty = claims.p ? looks.get(claims.p) : undefined;
  return (
    <header className="border-b border-line bg-white">
      <div className="mx-auto flex max-w-7xl flex-col gap-3 px-4 py-3">
        <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
          <Link href="/" className="text-sm font-semibold text-accent hover:underline">
            Common Ground
          </Link>
          <span aria-hidden className="text-line">
            /
          </span>
          <p className="min-w-0 flex-1 truncate text-sm font-medium text-muted" data-testid="board-title">
            {title === null ? '' : shownTitle(title)}
          </p>
          <div className="flex items-center gap-2">
            {claims.r === 'viewer' ? (
              <span
                data-testid="view-only"
                className="inline-flex h-8 items-center gap-1.5 rounded-full border border-line px-2.5 text-sm font-medium text-muted"
              >
                <Eye aria-hidden size={16} /> View only
              </span>
            ) : claims.r === 'facilitator' ? (
              <span className="inline-flex h-8 items-center rounded-full border border-line px-2.5 text-sm font-medium text-muted">
                Facilitator
              </span>
            ) : myParty ? (
              <span className="inline-flex h-8 items-center gap-1.5 rounded-full border border-line pr-2.5 pl-1 text-sm font-medium">
                <PartyBadge look={myParty} />
                {myParty.name}
                <span className="sr-only"> (your side)</span>
              </span>
            ) : null}
            {editable ? (
              <div className="flex items-center" role="group" aria-label="History">
                {[
                  { label: 'Undo my last change', keys: 'Undo (Ctrl+Z)', Icon: Undo2, run: onUndo, can: canUndo },
                  { label: 'Redo', keys: 'Redo (Ctrl+Shift+Z)', Icon: Redo2, run: onRedo, can: canRedo },
                ].map(({ label, keys, Icon, run, can }) => (
                  <Button key={label} size="icon" variant="ghost" onClick={run} disabled={!can} aria-label={label} title={keys}>
                    <Icon aria-hidden size={18} />
                  </Button>
                ))}
              </div>
            ) : null}
            <ExportMenu boardId={claims.b} token={token} />
            <SyncBadge state={sync} />
          </div>
        </div>
        <div className="flex flex-col gap-3 md:flex-row md:items-start md:justify-between">
          <div className="min-w-0 flex-1">
            <QuestionEditor question={question} editable={editable} onSave={onSetQuestion} />
          </div>
          <PresenceAvatars peers={peers} looks={looks} />
        </div>
        <div className="flex flex-col gap-2 lg:flex-row lg:items-start">
          <div className="min-w-0 flex-1">
            <PhaseRail phase={phase} controls={controls} />
          </div>
          <div className="flex flex-wrap items-center gap-2 lg:pt-1">
            <PhaseTimer state={boardState} connected={sync.status === 'synced'} controls={controls} />
            {controls ? (
              <SettingsPanel
                state={boardState}
                boardId={claims.b}
                token={token}
                isFacilitator={claims.r === 'facilitator'}
                looks={[...looks.values()]}
                ownParty={claims.r === 'party' ? (claims.p ?? null) : null}
              />
            ) : null}
            {!boardState.facilitated ? (
              <span
                data-testid="unfacilitated-badge"
                className="inline-flex h-8 items-center rounded-full border border-line px-2.5 text-sm text-muted"
              >
                Unfacilitated
              </span>
            ) : null}
          </div>
        </div>
      </div>
    </header>
  );
}

/**
 * The browser tab and history name the board, and follow a rename. The page's
 * static metadata says "Board" until the title has loaded, and again on leaving.
 */
function useDocumentTitle(title: string | null) {
  useEffect(() => {
    if (title === null) return;
    const before = document.title;
    document.title = `${shownTitle(title)} · Common Ground`;
    return () => {
      document.title = before;
    };
  }, [title]);
}
