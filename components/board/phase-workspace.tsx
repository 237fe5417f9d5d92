'use client';

import type { ReactNode } from 'react';
import type { BoardActions } from '@/lib/board/actions';
import type { Phase } from '@/lib/board/schema';
import type { BoardStore } from '@/lib/board/store';
import type { BoardSession } from '@/lib/sync/session';
import { OptionsSection } from '@/components/options/options-section';

/**
 * Everything a phase's workspace may need. Passed unchanged to every
 * workspace, so a new screen is wired in with one line in the switch below.
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

/**
 * The workspace for one phase. `view` is the phase being looked at — by
 * default the board's phase, but anyone can look at any other phase
 * (nothing is locked away).
 */
export function PhaseWorkspace({ view, ...props }: WorkspaceProps & { view: Phase }): ReactNode {
  switch (view) {
    case 'frame':
    case 'interests':
    case 'brainstorm':
    case 'cluster':
      return <OptionsWorkspace {...props} />;

    // ── Score / Decide / Agree / Debrief ─────────────────────────────
    // SLOT: the scoring/decide/agree/debrief screens (components/scoring/,
    // decide/, agree/, debrief/) are imported and rendered here, e.g.
    //   case 'score': return <ScoreWorkspace {...props} />;
    // Until they exist, these phases show the options list.
    case 'score':
      return <OptionsWorkspace {...props} />;
    case 'decide':
      return <OptionsWorkspace {...props} />;
    case 'agree':
      return <OptionsWorkspace {...props} />;
    case 'debrief':
      return <OptionsWorkspace {...props} />;
  }
}

function OptionsWorkspace({ store, actions, editable }: WorkspaceProps) {
  return <OptionsSection store={store} actions={actions} editable={editable} />;
}
