'use client';

import { PHASES, type Phase } from '@/lib/board/schema';
import type { Peer } from '@/lib/sync/presence';
import { viewersByPhase } from '@/components/presence/activity';
import { cn } from '@/components/ui/cn';
import type { PartyLook } from './party-badge';

/** What each area is called when you look at it (the phase rail names the phases). */
export const VIEW_LABELS: Record<Phase, string> = {
  frame: 'Frame',
  interests: 'Interests',
  brainstorm: 'Options',
  cluster: 'Clusters',
  score: 'Scores',
  decide: 'Decide',
  agree: 'Agreement',
  debrief: 'Debrief',
};

const NEUTRAL = '#4a5466';
const MAX_DOTS = 3;

/**
 * Every area of the board, one click away from any phase. The board's phase is
 * the default view; anyone can look elsewhere, and everyone sees who is
 * looking where (small dots in the party colours, named for screen readers).
 */
export function ViewNav({
  view,
  boardPhase,
  peers,
  looks,
  onShow,
}: {
  view: Phase;
  boardPhase: Phase;
  peers: readonly Peer[];
  looks: Map<string, PartyLook>;
  onShow: (view: Phase) => void;
}) {
  const viewers = viewersByPhase(peers.filter((p) => !p.isSelf));
  return (
    <nav aria-label="Areas of the board" data-testid="view-nav" data-view={view} className="-mx-4 overflow-x-auto px-4">
      <ul className="flex min-w-max items-end gap-1 border-b border-line">
        {PHASES.map((phase) => {
          const shown = phase === view;
          const here = viewers.get(phase) ?? [];
          const description = [
            phase === boardPhase ? 'the board’s phase' : '',
            here.length > 0 ? `looking: ${here.map((p) => p.name).join(', ')}` : '',
          ]
            .filter(Boolean)
            .join('; ');
          return (
            <li key={phase} className="flex">
              <button
                type="button"
                data-testid="view-tab"
                data-view={phase}
                data-viewers={here.length}
                aria-current={shown ? 'page' : undefined}
                onClick={() => onShow(phase)}
                className={cn(
                  '-mb-px inline-flex h-10 items-center gap-1.5 rounded-t-md border-b-2 px-3 text-sm whitespace-nowrap',
                  shown ? 'border-accent font-semibold text-ink' : 'border-transparent text-muted hover:bg-black/5 hover:text-ink',
                )}
              >
                {VIEW_LABELS[phase]}
                {phase === boardPhase ? (
                  <span
                    aria-hidden
                    title="The board’s phase"
                    className="rounded-full bg-accent/10 px-1.5 text-[11px] leading-4 font-semibold text-accent"
                  >
                    now
                  </span>
                ) : null}
                {here.length > 0 ? (
                  <span aria-hidden className="flex -space-x-1" data-testid="view-viewers">
                    {here.slice(0, MAX_DOTS).map((peer) => (
                      <span
                        key={peer.clientId}
                        title={peer.name}
                        className="h-3 w-3 rounded-full border-2 border-white"
                        style={{ background: (peer.partyId && looks.get(peer.partyId)?.color) || NEUTRAL }}
                      />
                    ))}
                    {here.length > MAX_DOTS ? <span className="pl-1.5 text-xs">+{here.length - MAX_DOTS}</span> : null}
                  </span>
                ) : null}
                {description ? <span className="sr-only"> ({description})</span> : null}
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
