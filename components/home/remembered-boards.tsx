'use client';

import { useEffect, useState } from 'react';
import type { Role } from '@/lib/board/access';
import { forgetBoard, listRememberedBoards, type RememberedBoard } from '@/lib/sync/local-boards';
import { Button } from '@/components/ui/button';

/** Dispatched on window after this tab remembers a board. */
export const BOARDS_CHANGED_EVENT = 'common-ground:boards-changed';

const ROLE_LABELS: Record<Role, string> = { facilitator: 'Facilitator', party: 'Party', viewer: 'View only' };

function roleText(board: RememberedBoard): string {
  if (board.role === 'party' && board.partyName) return board.partyName;
  return ROLE_LABELS[board.role];
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Boards this browser created or joined (kept in localStorage only). */
export function RememberedBoards() {
  const [boards, setBoards] = useState<RememberedBoard[] | null>(null);

  useEffect(() => {
    const load = () => setBoards(listRememberedBoards());
    load();
    // Another tab may create or join a board; the form above announces its own.
    window.addEventListener('storage', load);
    window.addEventListener(BOARDS_CHANGED_EVENT, load);
    return () => {
      window.removeEventListener('storage', load);
      window.removeEventListener(BOARDS_CHANGED_EVENT, load);
    };
  }, []);

  return (
    <section aria-labelledby="your-boards-heading" data-testid="remembered-boards">
      <h2 id="your-boards-heading" className="text-xl font-semibold">
        Your boards
      </h2>
      {boards === null ? null : boards.length === 0 ? (
        <p className="mt-2 text-sm text-muted">
          Boards you create or join from a link appear here, in this browser only. Nothing is stored in an account.
        </p>
      ) : (
        <ul className="mt-3 divide-y divide-line rounded-lg border border-line bg-white">
          {boards.map((board) => (
            <li key={`${board.boardId}-${board.url}`} className="flex flex-wrap items-center gap-x-4 gap-y-1 p-3">
              <div className="min-w-0 flex-1">
                <a
                  href={board.url}
                  className="font-medium text-accent underline-offset-4 hover:underline"
                >
                  {board.title || 'Untitled board'}
                </a>
                <p className="text-sm text-muted">
                  {roleText(board)} · last opened {dateFormat.format(board.lastOpenedAt)}
                </p>
              </div>
              <Button
                size="sm"
                variant="ghost"
                aria-label={`Forget ${board.title || 'this board'} in this browser`}
                onClick={() => {
                  forgetBoard(board.boardId);
                  setBoards(listRememberedBoards());
                }}
              >
                Forget
              </Button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
