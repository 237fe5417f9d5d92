'use client';

import type { ReactNode } from 'react';
import type { BoardActions } from '@/lib/board/actions';
import type { Phase } from '@/lib/board/schema';
import type { BoardStore } from '@/lib/board/store';
import type { BoardSession } from '@/lib/sync/session';
import { ClusterWorkspace } from '@/components/clusters/cluster-workspace';
import { InterestsWorkspace } from '@/components/interests/interests-workspace';
import { OptionsSection } from '@/components/options/options-section';
import { ScoreWorkspace } from '@/components/scoring/score-workspace';
import { DecideWorkspace } from '@/components/decide/decide-workspace';
import { AgreeWorkspace } from '@/components/agree/agree-workspace';
import { DebriefWorkspace } from '@/components/debrief/debrief-workspace';
import { FrameWorkspace } from './frame-workspace';

/**
 * Everything a phase's workspace may need. Passed unchanged to every
 * workspace, so a new screen is wired in with one line in the switch below.
 * The same and more (party looks, who may drive, showView) is also available
 * through `useBoard()` from './board-context'.
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
      return <FrameWorkspace />;
    case 'interests':
      return <InterestsWorkspace />;
    case 'brainstorm':
      return <OptionsWorkspace {...props} />;
    case 'cluster':
      return <ClusterWorkspace />;

    // ── Score / Decide / Agree / Debrief (components/scoring/, decide/, agree/, debrief/)
    case 'score':
      return <ScoreWorkspace {...props} />;
    case 'decide':
      return <DecideWorkspace {...props} />;
    case 'agree':
      return <AgreeWorkspace {...props} />;
    case 'debrief':
      return <DebriefWorkspace {...props} />;
  }
}

function OptionsWorkspace({ store, actions, editable }: WorkspaceProps) {
  return <OptionsSection store={store} actions={actions} editable={editable} />;
}
