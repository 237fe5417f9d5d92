'use client';

import dynamic from 'next/dynamic';
import { Suspense, useDeferredValue, type ComponentType, type ReactNode } from 'react';
import { PHASES, PHASE_LABELS, type Phase } from '@/lib/board/schema';
import { LoadBoundary } from '@/components/ui/lazy';
import type { WorkspaceProps } from './workspace-props';

type Workspace = ComponentType<WorkspaceProps>;

/**
 * Each phase's workspace is its own chunk: the board shows one phase at a
 * time, so the others (and what only they use: @dnd-kit, d3) stay out of the
 * first load. A loader may be called any number of times (import() is
 * cached), which is how the chunks are fetched ahead of time (preloadWorkspace, preloadAllWorkspaces).
 */
const LOADERS: Record<Phase, () => Promise<Workspace>> = {
  frame: () => import('./frame-workspace').then((m) => m.FrameWorkspace),
  interests: () => import('@/components/interests/interests-workspace').then((m) => m.InterestsWorkspace),
  brainstorm: () => import('@/components/options/options-section').then((m) => m.OptionsSection),
  cluster: () => import('@/components/clusters/cluster-workspace').then((m) => m.ClusterWorkspace),
  // Score / Decide / Agree / Debrief (components/scoring/, decide/, agree/, debrief/)
  score: () => import('@/components/scoring/score-workspace').then((m) => m.ScoreWorkspace),
  decide: () => import('@/components/decide/decide-workspace').then((m) => m.DecideWorkspace),
  agree: () => import('@/components/agree/agree-workspace').then((m) => m.AgreeWorkspace),
  debrief: () => import('@/components/debrief/debrief-workspace').then((m) => m.DebriefWorkspace),
};

// No `loading` option: a loading workspace suspends to the boundary in
// PhaseWorkspace, which keeps the previous workspace on screen meanwhile.
const WORKSPACES = Object.fromEntries(PHASES.map((phase) => [phase, dynamic(LOADERS[phase])])) as Record<Phase, Workspace>;

/** Every workspace's chunk, fetched once per page (settles when all have loaded or failed). */
let fetchingAll: Promise<void> | null = null;

/** Fetch one view's workspace now (import() is cached: asking again costs nothing). */
export function preloadWorkspace(view: Phase): void {
  LOADERS[view]().catch(() => {});
}

/**
 * Fetch every workspace, once per page: the board works offline once open
 * (edits queue locally), so every view must be at hand without the network.
 * Call it once the board has synced — before that, the other nine chunks
 * would compete with the view's own chunk and the documents for the network
 * and the main thread (measured: a load whose Options chunk arrived at 1.4 s).
 * Failures surface when a view is rendered.
 */
export function preloadAllWorkspaces(): Promise<void> {
  fetchingAll ??= Promise.allSettled(PHASES.map((phase) => LOADERS[phase]())).then(() => undefined);
  return fetchingAll;
}

/**
 * The workspace for one phase. `view` is the phase being looked at — by
 * default the board's phase, but anyone can look at any other phase
 * (nothing is locked away).
 *
 * While the chunk of a newly chosen view loads, the previous workspace stays
 * (deferred render: no blank flash, no layout jump), marked busy; only the
 * very first workspace shows a placeholder. The chunks are fetched ahead by
 * BoardView (preloadWorkspace, preloadAllWorkspaces).
 */
export function PhaseWorkspace({
  view,
  allFetched,
  ...props
}: WorkspaceProps & { view: Phase; /** every workspace's code is on the page (offline-ready) */ allFetched: boolean }): ReactNode {
  const shown = useDeferredValue(view);
  const Workspace = WORKSPACES[shown];
  return (
    <div aria-busy={shown !== view} data-testid="phase-workspace" data-shown={shown} data-all-fetched={allFetched}>
      <LoadBoundary key={shown} what={`The ${PHASE_LABELS[shown]} workspace`}>
        <Suspense fallback={<WorkspaceLoading phase={view} />}>
          <Workspace {...props} />
        </Suspense>
      </LoadBoundary>
    </div>
  );
}

/** Holds roughly a workspace's height, so what is below does not jump up and back. */
function WorkspaceLoading({ phase }: { phase: Phase }) {
  return (
    <div aria-busy="true" className="min-h-[60dvh]" data-testid="workspace-loading">
      <p className="text-muted" role="status">
        Loading the {PHASE_LABELS[phase]} workspace…
      </p>
    </div>
  );
}
