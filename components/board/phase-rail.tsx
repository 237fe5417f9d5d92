'use client';

import { ChevronLeft, ChevronRight } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { PHASES, PHASE_LABELS, type Phase } from '@/lib/board/schema';
import { setPhase } from '@/lib/sync/api';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { useAnnounce } from '@/components/ui/announcer';
import { RequestError, useServerRequest } from '@/components/ui/server-request';

/** One line on what each phase is for: the rail teaches the method. */
export const PHASE_HINTS: Record<Phase, string> = {
  frame: 'Agree on one “How might we …?” question and on who the parties are.',
  interests: 'Each side lists its needs and concerns — not demands.',
  brainstorm: 'Add as many options as you can. No judging yet.',
  cluster: 'Group similar options and merge duplicates.',
  score: 'Score each option for impact, feasibility and fairness.',
  decide: 'Shortlist options and make the tradeoffs explicit.',
  agree: 'Give each shortlisted option owners, a timeline and checkpoints.',
  debrief: 'Look back: what worked, and how the relationship feels.',
};

/**
 * Frame → … → Debrief with the current phase highlighted. The facilitator
 * moves it (through the server: nobody else can); everyone else follows.
 */
export function PhaseRail({
  phase,
  controls,
}: {
  phase: Phase;
  /** present for the facilitator only */
  controls: { boardId: string; token: string } | null;
}) {
  const announce = useAnnounce();
  const { pending, error, send } = useServerRequest();
  const currentRef = useRef<HTMLLIElement>(null);
  const index = PHASES.indexOf(phase);
  const previous = PHASES[index - 1];
  const next = PHASES[index + 1];

  // Keep the current phase in view when the rail scrolls sideways (phone width),
  // without scrolling the page itself.
  const navRef = useRef<HTMLElement>(null);
  useEffect(() => {
    const nav = navRef.current;
    const item = currentRef.current;
    if (!nav || !item) return;
    nav.scrollLeft = item.offsetLeft - nav.clientWidth / 2 + item.clientWidth / 2;
  }, [phase]);

  // Everyone hears when the phase changes, whoever moved it.
  const lastPhase = useRef(phase);
  useEffect(() => {
    if (lastPhase.current !== phase) announce(`Phase: ${PHASE_LABELS[phase]}. ${PHASE_HINTS[phase]}`);
    lastPhase.current = phase;
  }, [phase, announce]);

  async function moveTo(target: Phase) {
    if (!controls || target === phase) return;
    await send(async () => {
      await setPhase(controls.boardId, controls.token, target);
    }, 'The phase could not be changed. Try again.');
  }

  return (
    <div className="flex flex-col gap-2">
      <div className="flex items-center gap-2">
        {controls ? (
          <Button
            size="icon"
            variant="ghost"
            aria-label={previous ? `Previous phase: ${PHASE_LABELS[previous]}` : 'Previous phase'}
            disabled={!previous || pending}
            onClick={() => previous && moveTo(previous)}
            data-testid="phase-previous"
          >
            <ChevronLeft aria-hidden size={18} />
          </Button>
        ) : null}
        <nav ref={navRef} aria-label="Phases" className="min-w-0 flex-1 overflow-x-auto" data-testid="phase-rail" data-phase={phase}>
          <ol className="relative flex min-w-max items-center gap-1 py-1">
            {PHASES.map((p, i) => {
              const current = p === phase;
              const body = (
                <>
                  <span aria-hidden className="tabular-nums opacity-80">
                    {i + 1}
                  </span>
                  <span>{PHASE_LABELS[p]}</span>
                </>
              );
              const look = cn(
                'inline-flex h-8 items-center gap-1.5 rounded-full px-3 text-sm whitespace-nowrap',
                current ? 'bg-accent font-semibold text-white' : i < index ? 'text-ink' : 'text-muted',
              );
              return (
                <li
                  key={p}
                  ref={current ? currentRef : undefined}
                  aria-current={current ? 'step' : undefined}
                  data-phase={p}
                  className="flex items-center"
                >
                  {controls && !current ? (
                    <button
                      type="button"
                      className={cn(look, 'hover:bg-black/5')}
                      disabled={pending}
                      onClick={() => moveTo(p)}
                      aria-label={`Move the board to the ${PHASE_LABELS[p]} phase`}
                    >
                      {body}
                    </button>
                  ) : (
                    <span className={look}>
                      {body}
                      {current ? <span className="sr-only"> (current phase)</span> : null}
                    </span>
                  )}
                </li>
              );
            })}
          </ol>
        </nav>
        {controls ? (
          <Button
            size="sm"
            variant="primary"
            disabled={!next || pending}
            onClick={() => next && moveTo(next)}
            data-testid="phase-next"
            aria-label={next ? `Next phase: ${PHASE_LABELS[next]}` : 'Next phase'}
          >
            Next
            <ChevronRight aria-hidden size={16} />
          </Button>
        ) : null}
      </div>
      <p className="text-sm text-muted" data-testid="phase-hint">
        <span className="font-medium text-ink">{PHASE_LABELS[phase]}:</span> {PHASE_HINTS[phase]}
      </p>
      <RequestError error={error} />
    </div>
  );
}
