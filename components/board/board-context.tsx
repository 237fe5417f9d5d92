'use client';

import { createContext, useContext } from 'react';
import type { TokenClaims } from '@/lib/board/access';
import type { BoardActions } from '@/lib/board/actions';
import type { Phase } from '@/lib/board/schema';
import type { BoardStore } from '@/lib/board/store';
import type { BoardSession } from '@/lib/sync/session';
import type { PartyLook } from './party-badge';

/**
 * What every workspace of an open board shares. The value is memoised in
 * BoardView and changes only when the parties, edit rights or phase change,
 * so memoised cards that read it do not re-render on unrelated edits.
 */
export type BoardContextValue = {
  readonly session: BoardSession;
  readonly store: BoardStore;
  readonly actions: BoardActions;
  readonly claims: TokenClaims;
  readonly token: string;
  /** this person may change the board's content */
  readonly editable: boolean;
  /** this person may drive the board: phases, timer, settings, reveals */
  readonly canDrive: boolean;
  readonly looks: Map<string, PartyLook>;
  /** the person's own party, if they are a party member */
  readonly myPartyId: string | null;
  /** the board's phase (the view shown may differ) */
  readonly boardPhase: Phase;
  /** look at another phase's workspace (null = follow the board) */
  readonly showView: (view: Phase | null) => void;
};

const BoardContext = createContext<BoardContextValue | null>(null);

export const BoardContextProvider = BoardContext.Provider;

export function useBoard(): BoardContextValue {
  const value = useContext(BoardContext);
  if (!value) throw new Error('useBoard() outside an open board');
  return value;
}
