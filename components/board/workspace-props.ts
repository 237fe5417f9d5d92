import type { BoardActions } from '@/lib/board/actions';
import type { Phase } from '@/lib/board/schema';
import type { BoardStore } from '@/lib/board/store';
import type { BoardSession } from '@/lib/sync/session';

/**
 * Everything a phase's workspace may need. Passed unchanged to every
 * workspace by PhaseWorkspace ('./phase-workspace'), so a new screen is wired
 * in with one line in its LOADERS. The same and more (party looks, who may
 * drive, showView) is also available through `useBoard()` from './board-context'.
 * Its own module so that the workspaces, which phase-workspace loads, do not
 * import phase-workspace back.
 */
export interface WorkspaceProps {
  session: BoardSession;
  store: BoardStore;
  actions: BoardActions;
  /** the session's capability token (for server calls such as reveal) */
  token: string;
  /** false for viewers and while the document is newer than this client */
  editable: boolean;
  /** the board's own phase (the view shown may differ: people can look elsewhere) */
  boardPhase: Phase;
}
